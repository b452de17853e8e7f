"""The audit trail's hash chain on the real database (SQLite and PostgreSQL): the real
lifecycle leaves it intact; editing, deleting or reordering a stored event is named."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from tests.conftest import claim_input
from tests.integration.helpers import applicant_for, decide, file, id_number_of, publish
from web.cli import cli
from workflow.persistence.models import AuditChainHead, AuditEvent
from workflow.services import audit, checks, timers
from workflow.services.runtime import build_runtime


def _lifecycle(f, runtime, actors) -> None:
    """Paid, returned and resubmitted, withdrawn, bulk-approved (savepoints) and rejected."""
    paid = file(f, runtime, actors["applicant"], claim_input())
    for who in ("township", "department", "bureau"):
        decide(f, runtime, actors[who], paid, "approve")
    batch = publish(f, runtime, actors["bureau"])
    timers.fire_due(f, runtime, batch.closes_at)
    decide(f, runtime, actors["finance"], paid, "paid")
    person = applicant_for(f, actors, 2)  # a claim of its own: no earlier claim holds it
    other = file(f, runtime, person, claim_input(certificate_number="TZ-2",
                                                 id_number=id_number_of(f, person),
                                                 account_number="6228480000000002222"))
    decide(f, runtime, actors["township"], other, "return", "扫描件不清晰")
    decide(f, runtime, person, other, "resubmit", changes={"phone": "13900000000"})
    with f.begin() as session:
        checks.bulk_approve(session, runtime, actors["township"], [other, 999999])
    decide(f, runtime, actors["department"], other, "reject", "证书不符")


def _events(f) -> list[AuditEvent]:
    with f() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def _verdict(f):
    with f() as session:
        return audit.verify_chain(session)


def _tamper(f, statement, **params) -> None:
    with f.begin() as session:
        session.execute(text(statement), params)


def test_the_real_lifecycle_leaves_an_intact_linear_chain(session_factory, runtime, actors):
    _lifecycle(session_factory, runtime, actors)
    events = _events(session_factory)
    assert len(events) >= 12
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    verdict = _verdict(session_factory)
    assert verdict.intact and verdict.events == len(events)
    with session_factory() as session:
        assert session.get(AuditChainHead, 1).hash == events[-1].hash


@pytest.fixture
def chained(session_factory, runtime, actors) -> list[AuditEvent]:
    _lifecycle(session_factory, runtime, actors)
    return _events(session_factory)


def test_an_edited_event_is_named(session_factory, chained):
    target = chained[4]
    _tamper(session_factory, "UPDATE audit_events SET comment = 'x' WHERE id = :id",
            id=target.id)
    broken = _verdict(session_factory).broken
    assert (broken.event_id, broken.seq) == (target.id, target.seq)
    assert "content does not match" in broken.reason


def test_an_edited_event_with_a_recomputed_hash_breaks_the_next_link(session_factory, chained):
    from workflow.domain.audit_chain import event_hash

    target, after = chained[3], chained[4]
    forged = {c.key: getattr(target, c.key) for c in AuditEvent.__table__.columns}
    forged["decision"] = "reject"
    _tamper(session_factory, "UPDATE audit_events SET decision = 'reject', hash = :h "
            "WHERE id = :id", h=event_hash(forged), id=target.id)
    broken = _verdict(session_factory).broken
    assert (broken.event_id, broken.seq) == (after.id, after.seq)
    assert "does not follow" in broken.reason


def test_a_deleted_event_is_named_by_the_one_after_the_gap(session_factory, chained):
    _tamper(session_factory, "DELETE FROM audit_events WHERE id = :id", id=chained[2].id)
    broken = _verdict(session_factory).broken
    assert (broken.event_id, broken.seq) == (chained[3].id, chained[3].seq)
    assert f"position {chained[2].seq} is missing" in broken.reason


def test_reordered_events_are_named(session_factory, chained):
    first, second = chained[5], chained[6]
    # Swap their places in the chain (through a free value: seq is unique).
    for seq, event_id in ((-1, first.id), (first.seq, second.id), (second.seq, first.id)):
        _tamper(session_factory, "UPDATE audit_events SET seq = :s WHERE id = :id",
                s=seq, id=event_id)
    broken = _verdict(session_factory).broken
    assert (broken.event_id, broken.seq) == (second.id, first.seq)


def test_a_removed_last_event_is_noticed_through_the_head(session_factory, chained):
    _tamper(session_factory, "DELETE FROM audit_events WHERE id = :id", id=chained[-1].id)
    verdict = _verdict(session_factory)
    assert verdict.broken is not None and verdict.broken.event_id is None
    assert f"ends at position {len(chained) - 1}" in verdict.broken.reason


def test_an_event_inserted_around_the_chain_is_named(session_factory, chained):
    with session_factory.begin() as session:  # a raw insert, not through the services
        session.execute(text("INSERT INTO audit_events (at, actor_role, action) "
                             "SELECT at, actor_role, 'forged' FROM audit_events WHERE id = :id"),
                        {"id": chained[0].id})
        forged = session.scalar(select(func.max(AuditEvent.id)))
    broken = _verdict(session_factory).broken
    assert (broken.event_id, broken.seq) == (forged, None)


def run_cli(db_url: str, *args: str):
    """`butie …` against `db_url`, its engine disposed afterwards (PostgreSQL connections)."""
    from flask.cli import ScriptInfo

    from web import create_app

    app = create_app({"DATABASE_URL": db_url})
    try:
        return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))
    finally:
        app.extensions["butie.engine"].dispose()


def test_the_cli_exits_non_zero_naming_the_broken_event(db_url, session_factory, chained):
    good = run_cli(db_url, "audit", "verify")
    assert good.exit_code == 0 and f"intact: {len(chained)} event(s)" in good.output
    _tamper(session_factory, "UPDATE audit_events SET actor_role = 'administrator' "
            "WHERE id = :id", id=chained[1].id)
    bad = run_cli(db_url, "audit", "verify")
    assert bad.exit_code == 1
    assert f"BROKEN at event {chained[1].id} (position {chained[1].seq})" in bad.output


def test_concurrent_writers_keep_one_linear_chain(session_factory, actors, clock):
    """Eight threads filing and deciding at once (real concurrency on PostgreSQL)."""
    f = session_factory
    setup = build_runtime(clock=lambda: clock[0])
    people = [applicant_for(f, actors, i) for i in range(8)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(people), timeout=30)

    def work(i: int, who) -> None:
        runtime = build_runtime(clock=lambda: clock[0])  # another process in real life
        try:
            barrier.wait()
            claim_id = file(f, runtime, who, claim_input(
                certificate_number=f"TZ-C-{i}", id_number=id_number_of(f, who)))
            decide(f, runtime, actors["township"], claim_id, "approve")
            decide(f, runtime, actors["department"], claim_id, "return", "请补充")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, p)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and setup is not None
    events = _events(f)
    assert len(events) == 3 * len(people)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert _verdict(f).intact


def test_events_are_linked_at_the_outermost_commit_not_at_a_savepoint(session_factory, actors,
                                                                       clock):
    from workflow.services import instances

    with session_factory() as session:
        with session.begin():
            with session.begin_nested():
                instances.audit(session, None, actors["admin"], "kept", clock[0])
            with session.begin_nested() as dropped:
                instances.audit(session, None, actors["admin"], "dropped", clock[0])
                dropped.rollback()
            assert session.scalar(select(AuditEvent.seq)) is None  # not yet linked
    events = _events(session_factory)
    assert [(e.action, e.seq) for e in events] == [("kept", 1)]
    assert _verdict(session_factory).intact
