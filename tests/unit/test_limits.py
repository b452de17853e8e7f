"""The sliding-log rate limit (workflow.domain.limits): N in any window, never N+1."""

from __future__ import annotations

from datetime import timedelta

from workflow.domain.limits import Limit, admit

HOUR = Limit(3, timedelta(hours=1))


def test_admits_up_to_the_count_then_says_when_the_oldest_leaves():
    hits: tuple[float, ...] = ()
    for now in (0.0, 10.0, 20.0):
        verdict = admit(hits, now, HOUR)
        assert verdict.admitted
        hits = verdict.hits
    refused = admit(hits, 30.0, HOUR)
    assert (refused.admitted, refused.retry_after, refused.hits) == (False, 3570, hits)
    assert admit(hits, 3600.0, HOUR).admitted  # the first left the window at 3600
    assert not admit(hits, 3599.5, HOUR).admitted


def test_a_burst_at_a_window_edge_does_not_double_the_budget():
    hits = admit(admit(admit((), 3590.0, HOUR).hits, 3595.0, HOUR).hits, 3599.0, HOUR).hits
    assert not admit(hits, 3601.0, HOUR).admitted  # a fixed window would admit 3 more here
    assert admit(hits, 7190.0, HOUR).admitted


def test_old_hits_are_forgotten_and_the_wait_is_at_least_a_second():
    verdict = admit((1.0, 2.0, 3.0, 5000.0), 5000.5, Limit(1))
    assert (verdict.admitted, verdict.hits, verdict.retry_after) == (False, (5000.0,), 3600)
    assert admit((), 0.0, Limit(1, timedelta(seconds=0.2))).retry_after == 0
    assert admit((0.0,), 0.1, Limit(1, timedelta(seconds=0.2))).retry_after == 1
