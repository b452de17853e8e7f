"""Faults: a `butie worker` killed with SIGKILL inside its transaction, then started again.

The kill is placed deterministically, without sleeping and hoping: the test holds the lock on
the audit chain's head row, which every transaction that wrote audit events takes just before
it commits. The worker does all its work (timers fired, claims moved, tasks and audit events
written), then waits on that lock; the test sees it waiting in pg_stat_activity and kills it
there, at the worst moment: everything done, nothing committed.
"""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from tests.integration.conftest import filed_in_the_past
from tests.processes import environment, start_worker, stop, wait_for
from workflow.payments.bank_files import parse_results
from workflow.persistence.models import AuditEvent, Claim, HumanTask, OutboxEntry, PaymentLine
from workflow.services import audit, payments, timers, users
from workflow.services.runtime import build_runtime

pytestmark = pytest.mark.slow
CLAIMS = 6


def _waiting_on_head(admin: Connection) -> list[int]:
    """Backends blocked on the audit chain head: a worker about to commit. (Asked outside any
    transaction: pg_stat_activity is a snapshot taken once per transaction.)"""
    return list(admin.execute(text(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND query ILIKE '%audit_chain_head%' AND pid <> pg_backend_pid()")).scalars())


@contextmanager
def held_chain_head(url: str) -> Iterator[None]:
    engine = create_engine(url)
    try:
        with engine.connect() as lock:
            lock.execute(text("SELECT seq FROM audit_chain_head FOR UPDATE"))
            yield
            lock.rollback()
    finally:
        engine.dispose()


def _kill_while_committing(url: str, env: dict[str, str], log: Path) -> None:
    """Start a worker, let it do its work, SIGKILL it just before its commit; return once its
    server connection is gone too (so its row locks are released)."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            with held_chain_head(url):
                worker = start_worker(env, log)
                try:
                    wait_for(lambda: _waiting_on_head(conn), 90,
                             "the worker reaches its commit", worker.poll)
                    [pid] = _waiting_on_head(conn)
                    worker.send_signal(signal.SIGKILL)
                    worker.wait(30)
                except BaseException:
                    stop(worker, signal.SIGKILL)
                    raise
            # The orphaned backend gets the lock, finds its client gone and rolls back.
            wait_for(lambda: not conn.execute(text(
                "SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first(),
                30, "the killed worker's connection ends")
    finally:
        admin.dispose()
    assert worker.returncode == -signal.SIGKILL


def _count(factory: sessionmaker[Session], query) -> Counter[int]:  # type: ignore[no-untyped-def]
    with factory() as session:
        return Counter(session.scalars(query))


def _run_worker_until(env: dict[str, str], log: Path, condition) -> None:  # type: ignore[no-untyped-def]
    worker: subprocess.Popen[bytes] = start_worker(env, log)
    try:
        wait_for(condition, 120, "the restarted worker finishes", worker.poll)
    finally:
        stop(worker)


def test_a_worker_killed_mid_tick_loses_nothing_and_fires_nothing_twice(pg_factory, pg_url,
                                                                         tmp_path):
    """Fault: SIGKILL to a `butie worker` after it fired every due timer in its transaction,
    before the commit. Invariant: nothing of that tick is kept (claims still on notice, no
    payment task, no timer event); after a restart every timer fires exactly once, each claim
    gets one payment task, and the audit chain is intact."""
    f = pg_factory
    _, due, _ = filed_in_the_past(f, CLAIMS)
    env = environment(pg_url, tmp_path / "uploads")
    timer_fired = select(AuditEvent.claim_id).where(AuditEvent.action == "timer_fired")
    payment_tasks = select(HumanTask.claim_id).where(HumanTask.form == "payment_result")

    _kill_while_committing(pg_url, env, tmp_path / "killed.log")
    assert _count(f, timer_fired) == Counter() and _count(f, payment_tasks) == Counter()
    with f() as session:
        assert set(session.scalars(select(Claim.stage).where(Claim.id.in_(due)))) == {"notice"}

    _run_worker_until(env, tmp_path / "restarted.log",
                      lambda: len(_count(f, timer_fired)) == CLAIMS)
    once = Counter({claim_id: 1 for claim_id in due})
    assert _count(f, timer_fired) == once
    assert _count(f, payment_tasks) == once
    with f() as session:
        assert set(session.scalars(select(Claim.stage).where(Claim.id.in_(due)))) == {"payment"}
        assert audit.verify_chain(session).intact


def _imported(f: sessionmaker[Session], actors, due: list[int]) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    """The claims' timers fired, a batch exported and the bank's file (all paid) recorded,
    left to the worker to apply (as a large file would be)."""
    rt = build_runtime()
    timers.fire_due(f, rt)
    with f.begin() as s:
        second = users.actor_of(users.create_user(s, "finance2", "correct horse",
                                                  "finance_officer", "财务复核", rt.clock()))
        batch_id = payments.create_batch(s, actors["finance"], rt.clock()).id
    with f.begin() as s:
        payments.approve_batch(s, second, batch_id, rt.clock())
    with f.begin() as s:
        _, rows = payments.export_payments(s, actors["finance"], batch_id, rt.clock())
    assert len(rows) == len(due)
    data = ("reference,status\n" + "".join(f"{r.reference},success\n" for r in rows)).encode()
    with f.begin() as s:
        report = payments.import_results(s, rt, actors["finance"], batch_id,
                                         parse_results(data, "r.csv"), apply_now=0)
    assert len(report.applied) == len(due)
    return batch_id, data


def test_a_worker_killed_applying_bank_results_pays_each_claim_once(pg_factory, pg_url,
                                                                    tmp_path):
    """Fault: SIGKILL to a `butie worker` after it moved every claim of an imported bank file
    to paid in its transaction, before the commit; then finance imports the same file again.
    Invariant: nothing of the killed round is kept (no claim paid, every result still pending);
    after a restart each claim is paid exactly once (one decision, one processed result), the
    second import records nothing new, the batch reconciles, and the audit chain is intact."""
    f = pg_factory
    actors, due, _ = filed_in_the_past(f, CLAIMS)
    batch_id, data = _imported(f, actors, due)
    env = environment(pg_url, tmp_path / "uploads")
    paid = select(AuditEvent.claim_id).where(AuditEvent.action == "decided",
                                             AuditEvent.decision == "paid")
    processed = select(OutboxEntry.claim_id).where(OutboxEntry.kind == payments.RESULT_KIND,
                                                   OutboxEntry.processed_at.is_not(None))

    _kill_while_committing(pg_url, env, tmp_path / "killed.log")
    assert _count(f, paid) == Counter() and _count(f, processed) == Counter()
    with f() as session:
        assert set(session.scalars(select(Claim.status).where(Claim.id.in_(due)))) != {"paid"}

    _run_worker_until(env, tmp_path / "restarted.log",
                      lambda: len(_count(f, processed)) == CLAIMS)
    with f.begin() as s:
        again = payments.import_results(s, build_runtime(), actors["finance"], batch_id,
                                        parse_results(data, "r.csv"))
    assert again.applied == [] and len(again.already) == CLAIMS
    once = Counter({claim_id: 1 for claim_id in due})
    assert _count(f, paid) == once and _count(f, processed) == once
    with f() as session:
        assert set(session.scalars(select(Claim.status).where(Claim.id.in_(due)))) == {"paid"}
        assert session.scalar(select(func.count()).select_from(PaymentLine).where(
            PaymentLine.result == "paid")) == CLAIMS
        assert payments.reconcile(session, batch_id)["paid"][0] == CLAIMS
        assert audit.verify_chain(session).intact
