"""A large bank result file applied by a real `butie worker`, one entry of it failing.

More than 200 lines are left to the worker (the import applies up to 200 itself). One claim's
workflow state is made unreadable: its entry must be recorded as not applied, with the error,
after its attempts, while every other line of the file moves its claim on (SQLite and
PostgreSQL; on PostgreSQL the old String(16) result column answered a 500 instead).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.helpers import clone_claim, due_claims, load
from tests.processes import environment, start_worker, stop, wait_for
from workflow.domain.outbox import MAX_ATTEMPTS, OutboxResult
from workflow.payments.bank_files import parse_results
from workflow.persistence.models import Claim, OutboxEntry
from workflow.services import payments, users

pytestmark = pytest.mark.slow
LINES = 260


def _pending(factory) -> int:  # type: ignore[no-untyped-def]
    with factory() as s:
        return len(list(s.scalars(select(OutboxEntry.id).where(
            OutboxEntry.kind == "payment_result", OutboxEntry.processed_at.is_(None)))))


def test_the_worker_applies_a_large_file_and_records_the_entry_that_fails(
        session_factory, runtime, actors, db_url, tmp_path):
    f, a = session_factory, actors
    [first] = due_claims(f, runtime, a, 1, "TZ-WORK")
    ids = [first, *clone_claim(f, first, LINES - 1)]
    with f.begin() as s:
        second = users.actor_of(users.create_user(s, "finance2", "correct horse",
                                                  "finance_officer", "财务复核", runtime.clock()))
    with f.begin() as s:
        batch_id = payments.create_batch(s, a["finance"], runtime.clock()).id
    with f.begin() as s:
        payments.approve_batch(s, second, batch_id, runtime.clock())
    with f.begin() as s:
        _, rows = payments.export_payments(s, a["finance"], batch_id, runtime.clock())
    assert len(rows) == LINES
    poisoned = ids[LINES // 2]
    with f.begin() as s:  # its workflow can no longer be read: applying its result raises
        s.get(Claim, poisoned).state = "{not a workflow"
    results = parse_results(("reference,status\n" + "".join(
        f"{r.reference},success\n" for r in rows)).encode(), "bank.csv")
    with f.begin() as s:
        report = payments.import_results(s, runtime, a["finance"], batch_id, results)
    assert len(report.applied) == LINES
    assert _pending(f) == LINES  # more than 200: left to the worker

    log = tmp_path / "worker.log"
    worker = start_worker(environment(db_url, tmp_path / "uploads"), log, "--batch", "200")
    try:
        wait_for(lambda: _pending(f) == 0, 300, f"the worker applies every line (see {log})",
                 worker.poll)
    finally:
        stop(worker)
    with f() as s:
        entries = {e.claim_id: e for e in s.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == "payment_result"))}
    failed = entries.pop(poisoned)
    assert (failed.result, failed.attempts) == (OutboxResult.NOT_APPLIED, MAX_ATTEMPTS)
    assert "JSON" in (failed.error or "") or "Expecting" in (failed.error or ""), failed.error
    assert {e.result for e in entries.values()} == {OutboxResult.PAID}
    assert load(f, poisoned).stage == "payment"  # left as it was, for a person to look at
    assert {load(f, i).status for i in ids if i != poisoned} == {"paid"}
    reference = load(f, poisoned).reference
    with f() as s:  # the batch page lists it
        assert payments.not_applied(s, batch_id) == [(reference, failed.error)]
