"""Races: two reviewers on one task, two tickers on the same timers (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from tests.conftest import claim_input
from tests.integration.helpers import (
    actions,
    applicant_for,
    decide,
    file,
    id_number_of,
    load,
    outbox,
    publish,
)
from workflow.services import claims, decisions, queries, timers
from workflow.services.errors import ConflictError
from workflow.services.runtime import build_runtime


def test_two_reviewers_completing_one_task_exactly_one_wins(session_factory, actors, clock):
    f = session_factory
    runtime = build_runtime(clock=lambda: clock[0])
    claim_id = file(f, runtime, actors["applicant"], claim_input())
    with f() as session:
        claim = claims.visible_claim(session, actors["township"], claim_id)
        task_id, version = queries.open_tasks(session, claim)[0].task_id, claim.version
    barrier = threading.Barrier(2, timeout=30)
    results: list[str] = []

    def review(decision: str) -> None:
        own_runtime = build_runtime(clock=lambda: clock[0])  # another process in real life
        barrier.wait()
        try:
            with f.begin() as session:
                decisions.complete_task(session, own_runtime, actors["township"], claim_id,
                                        task_id, decision, "理由", expected_version=version)
            results.append(decision)
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=review, args=(d,)) for d in ("approve", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) in (["approve", "conflict"], ["conflict", "reject"])
    winner = next(r for r in results if r != "conflict")
    assert [d for a, d in actions(f, claim_id) if a == "decided"] == [winner]
    claim = load(f, claim_id)
    assert claim.version == version + 1
    assert claim.stage == ("department_review" if winner == "approve" else "closed")


def test_two_tickers_fire_each_timer_once(session_factory, actors, clock):
    f = session_factory
    runtime = build_runtime(clock=lambda: clock[0])
    ids = []
    for i in range(6):
        who = applicant_for(f, actors, i)  # at most 2 subsidies per person
        claim_id = file(f, runtime, who, claim_input(certificate_number=f"TZ-RACE-{i}",
                                                     id_number=id_number_of(f, who)))
        for who in ("township", "department", "bureau"):
            decide(f, runtime, actors[who], claim_id, "approve")
        ids.append(claim_id)
    publish(f, runtime, actors["bureau"])  # one batch: all six timers fall due together
    later = clock[0] + timedelta(days=6)
    barrier = threading.Barrier(2, timeout=30)
    fired: list[list[str]] = []

    def tick() -> None:
        own_runtime = build_runtime(clock=lambda: later)
        barrier.wait()
        fired.append(timers.fire_due(f, own_runtime, later, limit=2))
        fired.append(timers.fire_due(f, own_runtime, later))

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    references = [ref for batch in fired for ref in batch]
    assert len(references) == len(ids) == len(set(references))
    for claim_id in ids:
        assert Counter(a for a, _ in actions(f, claim_id))["timer_fired"] == 1
        assert load(f, claim_id).stage == "payment"
        assert len(outbox(f, claim_id)) == 1
