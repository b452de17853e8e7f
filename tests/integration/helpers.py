"""Driving claims through the services, one transaction per step, as requests would."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import claim_input
from workflow.domain.access import Actor
from workflow.domain.holiday_notices import parse_lines
from workflow.persistence.models import AuditEvent, Claim, NoticeBatch, OutboxEntry
from workflow.services import claims, decisions, holiday_calendar, notices, queries
from workflow.services.runtime import Runtime


def decide(factory: sessionmaker[Session], runtime: Runtime, actor: Actor, claim_id: int,
           decision: str, comment: str = "", **kw: Any) -> Claim:
    """Complete the actor's open task on the claim in its own transaction."""
    with factory.begin() as session:
        claim = claims.visible_claim(session, actor, claim_id)
        task = next(t for t in queries.open_tasks(session, claim))
        return decisions.complete_task(session, runtime, actor, claim_id, task.task_id, decision,
                                       comment, **kw)


def file(factory: sessionmaker[Session], runtime: Runtime, actor: Actor, data: Any) -> int:
    with factory.begin() as session:
        return claims.submit_claim(session, runtime, actor, data).id


def load(factory: sessionmaker[Session], claim_id: int) -> Claim:
    with factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        return claim


def actions(factory: sessionmaker[Session], claim_id: int) -> list[tuple[str, str | None]]:
    with factory() as session:
        return [(e.action, e.decision) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.claim_id == claim_id)
            .order_by(AuditEvent.id))]


def outbox(factory: sessionmaker[Session], claim_id: int) -> list[OutboxEntry]:
    with factory() as session:
        return list(session.scalars(select(OutboxEntry).where(OutboxEntry.claim_id == claim_id)
                                    .order_by(OutboxEntry.id)))


SETTINGS = notices.PENGYANG_NOTICES


def publish(factory: sessionmaker[Session], runtime: Runtime, bureau: Actor,
            claim_ids: tuple[int, ...] | None = None, working_days: int = 5) -> NoticeBatch:
    """Publish the claims awaiting notice in one batch starting today (county time)."""
    today = runtime.clock().astimezone(notices.COUNTY_TIME).date()
    with factory.begin() as session:
        batch = notices.publish(session, runtime, bureau, SETTINGS, notices.BatchInput(
            today, working_days, "县人社局就业股", "0954-7000000", "彭阳县白阳镇", "",
            claim_ids))
        session.expunge(batch)
        return batch


def person(factory: sessionmaker[Session], serial: int) -> Actor:
    """Another applicant with a valid ID number of their own, named 张三 like the fixture's
    (a common name): the cap allows each person at most 2 subsidies, so tests that accept
    more claims spread them over people."""
    from stdnum.cn import ric

    from tests.conftest import NOW
    from workflow.services import users

    body = f"64222619900101{serial:03d}"
    number = body + ric.calc_check_digit(body + "0")
    with factory.begin() as session:
        return users.actor_of(users.create_user(session, f"person{serial}", "correct horse",
                                                "applicant", "张三", NOW, id_number=number))


def applicant_for(factory: sessionmaker[Session], actors: dict[str, Actor], i: int) -> Actor:
    """The fixture applicant for the first two claims, a new person for each one after."""
    return actors["applicant"] if i < 2 else person(factory, i)


def id_number_of(factory: sessionmaker[Session], actor: Actor) -> str:
    from workflow.persistence.models import User

    with factory() as session:
        user = session.get(User, actor.user_id)
        assert user is not None and user.id_number
        return user.id_number


def accept_claims(factory: sessionmaker[Session], runtime: Runtime, actors: dict[str, Actor],
                  n: int, prefix: str) -> list[int]:
    """N claims filed and approved up to bureau acceptance (awaiting notice)."""
    from tests.conftest import claim_input

    ids = []
    for i in range(n):
        who = applicant_for(factory, actors, i)  # at most 2 subsidies per person
        claim_id = file(factory, runtime, who, claim_input(
            certificate_number=f"{prefix}-{i}", id_number=id_number_of(factory, who)))
        for reviewer in ("township", "department", "bureau"):
            decide(factory, runtime, actors[reviewer], claim_id, "approve")
        ids.append(claim_id)
    return ids


def due_claims(factory: sessionmaker[Session], runtime: Runtime, actors: dict[str, Actor],
               n: int, prefix: str) -> list[int]:
    """N claims published in one notice whose window has closed: due for payment."""
    from workflow.services import timers

    ids = accept_claims(factory, runtime, actors, n, prefix)
    batch = publish(factory, runtime, actors["bureau"])
    timers.fire_due(factory, runtime, batch.closes_at)
    return ids


def actors_of(factory: sessionmaker[Session]) -> dict[str, Actor]:
    """Every user's actor by username (for tests that build on the app fixture)."""
    from workflow.persistence.models import User
    from workflow.services import users

    with factory() as session:
        return {u.username: users.actor_of(u) for u in session.query(User)}


def clone_claim(factory: sessionmaker[Session], claim_id: int, n: int,
                prefix: str = "CLONE") -> list[int]:
    """N copies of the claim and its open task, each with fresh workflow task ids, inserted in
    bulk (hundreds of claims at payment without carrying each through the services)."""
    import re
    import uuid

    from workflow.persistence.models import HumanTask

    task_ids = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    with factory.begin() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        row = {c.key: getattr(claim, c.key) for c in Claim.__table__.columns if c.key != "id"}
        row["state"] = claim.state
        task = session.scalar(select(HumanTask).where(HumanTask.claim_id == claim_id))
        assert task is not None
        task_row = {c.key: getattr(task, c.key) for c in HumanTask.__table__.columns
                    if c.key != "id"}
        first = (session.scalar(select(func.max(Claim.id))) or 0) + 1
        rows, tasks = [], []
        for i in range(n):
            mapping: dict[str, str] = {}
            state = task_ids.sub(lambda m, ids=mapping: ids.setdefault(  # type: ignore[misc]
                m.group(0), str(uuid.uuid4())), row["state"])
            rows.append({**row, "id": first + i, "state": state,
                         "reference": f"{prefix}-{i:08X}", "certificate_number": f"{prefix}-{i}",
                         "account_number": f"622848{i:013d}", "rev": uuid.uuid4().hex})
            tasks.append({**task_row, "claim_id": first + i,
                          "task_id": mapping[task_row["task_id"]]})
        session.execute(insert(Claim), rows)
        session.execute(insert(HumanTask), tasks)
        if session.get_bind().dialect.name == "postgresql":
            # Explicit ids leave the sequence behind: claims filed later must not collide.
            session.execute(text("SELECT setval('claims_id_seq', (SELECT max(id) FROM claims))"))
    return list(range(first, first + n))


# A test table for 2027, NOT the State Council's 2027 notice (not published when this was
# written; nobody may invent it): Friday Jan 1 and Monday Jan 4 off, Saturday Jan 9 worked.
# A 5-day notice from Monday 2026-12-28 then ends on Tuesday 2027-01-05 (Dec 28-31, Jan 5);
# on weekdays alone it would end on Friday Jan 1.
TEST_2027 = {"document_number": "测试用表（非国务院通知）",
             "holidays": "2027-01-01 元旦\n2027-01-04 元旦", "make_up_days": "2027-01-09 元旦",
             "note": "tests only"}


def enter_year(factory: sessionmaker[Session], admin: Actor, year: int, holidays: str,
               make_up_days: str = "", document_number: str = "测试用表（非国务院通知）",
               revision: int | None = None) -> Any:
    """Enter a year's table through the service, as the administrator's page does."""
    with factory.begin() as session:
        return holiday_calendar.set_year(session, admin, holiday_calendar.YearInput(
            year, document_number, parse_lines(holidays)[0], parse_lines(make_up_days)[0],
            "tests only", revision), datetime.now(UTC))


def cover_with_test_tables(factory: sessionmaker[Session], admin: Actor, since: Any) -> None:
    """For tests and benchmarks on the real clock: a minimal test table (New Year's Day only)
    for `since`'s year and the next when nobody entered them, so a notice published then can
    be counted. Never the State Council's table."""
    with factory() as session:
        known = set(holiday_calendar.load(session, since.year).years)
    for year in (since.year, since.year + 1):
        if year not in known:
            enter_year(factory, admin, year, f"{year}-01-01 元旦")


def pengyang_claim(factory: sessionmaker[Session], runtime: Runtime, actors: dict[str, Actor],
                   serial: int, code: str, name: str, steps: int = 0) -> int:
    """A claim of a new person (`person(serial)`) for a catalogue row reviewed by the emergency
    department (e.g. PY-01, whose amount the source lost), taken `steps` reviews on (0: at
    township review, 2: at bureau acceptance)."""
    who = person(factory, serial)
    claim_id = file(factory, runtime, who, claim_input(
        certificate_code=code, certificate_name=name, certificate_number=f"TZ-IMP-{serial}",
        id_number=id_number_of(factory, who)))
    department = actors["department"]
    emergency = Actor(department.user_id, department.role, "emergency", department.name)
    for reviewer in (actors["township"], emergency)[:steps]:
        decide(factory, runtime, reviewer, claim_id, "approve")
    return claim_id


def at_once(*calls: Callable[[], int]) -> list[int]:
    """Run the calls in threads released together (a race on one row), each returning its
    answer's status; their answers in order."""
    barrier, answers = threading.Barrier(len(calls)), [0] * len(calls)

    def run(n: int) -> None:
        barrier.wait()
        answers[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers
