"""The audit hash chain's pure rules: canonical form, linking, and naming the first break."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from workflow.domain.audit_chain import GENESIS, canonical, event_hash, link, verify

AT = datetime(2026, 11, 2, 9, 0, 0, 123456, tzinfo=UTC)


def _events(n: int) -> list[dict]:
    events = [{"id": 10 + i, "claim_id": 1, "at": AT + timedelta(minutes=i), "actor_id": 3,
               "actor_role": "township_reviewer", "action": "decided", "stage": "review",
               "task_name": "t", "decision": "approve", "comment": "同意 <b>", "changes":
               {"phone": "139", "b": [1, 2]}} for i in range(n)]
    link(events, 0, GENESIS)
    return events


def test_the_canonical_form_is_stable_across_key_order_and_time_zones():
    event = _events(1)[0]
    shuffled = dict(reversed(list(event.items())))
    shuffled["changes"] = {"b": [1, 2], "phone": "139"}
    shuffled["at"] = AT.astimezone(timezone(timedelta(hours=8)))
    assert canonical(shuffled) == canonical(event)
    assert "同意 <b>".encode() in canonical(event)  # UTF-8, not escapes


@pytest.mark.parametrize("field,value", [
    ("comment", "同意"), ("decision", "reject"), ("actor_id", 4), ("at", AT + timedelta(1)),
    ("seq", 2), ("id", 11), ("prev_hash", "f" * 64), ("changes", {"phone": "138"}),
    ("claim_id", None)])
def test_every_covered_field_changes_the_hash(field, value):
    event = _events(1)[0]
    assert event_hash({**event, field: value}) != event["hash"]


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        canonical({"at": datetime(2026, 1, 1)})


def test_link_numbers_and_chains_from_the_given_head():
    events = _events(3)
    assert [e["seq"] for e in events] == [1, 2, 3]
    assert events[0]["prev_hash"] == GENESIS
    assert [e["prev_hash"] for e in events[1:]] == [e["hash"] for e in events[:2]]
    more = [dict(events[0], id=99)]
    assert link(more, 3, events[-1]["hash"]) == (4, more[0]["hash"])
    assert more[0]["prev_hash"] == events[-1]["hash"]


def test_an_intact_chain_verifies_against_its_head():
    events = _events(4)
    verdict = verify(events, 4, events[-1]["hash"])
    assert verdict.intact and verdict.events == 4 and verdict.last_hash == events[-1]["hash"]
    assert verify([], 0, GENESIS).intact


def test_the_first_break_is_named():
    events = _events(5)
    events[2]["comment"] = "改过"
    events[3]["comment"] = "也改过"
    broken = verify(events, 5, events[-1]["hash"]).broken
    assert (broken.event_id, broken.seq) == (12, 3) and "content" in broken.reason


def test_a_gap_and_a_short_tail_are_named():
    events = _events(5)
    broken = verify(events[:2] + events[3:], 5, events[-1]["hash"]).broken
    assert (broken.event_id, broken.seq) == (13, 4) and "position 3 is missing" in broken.reason
    tail = verify(events[:4], 5, events[-1]["hash"])
    assert tail.broken.event_id is None and tail.events == 4
    replaced = verify(events, 5, "e" * 64).broken
    assert replaced.seq == 5 and "replaced" in replaced.reason
