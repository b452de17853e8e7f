"""The queue's query on a seeded database (SQLite and PostgreSQL): pages in order, filters,
name and number search answered exactly, counts per stage, the bounded total."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select, text

from tests.conftest import NOW
from tests.keys import KEYRING
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.db import make_engine
from workflow.persistence.models import Claim, HumanTask
from workflow.services import queries, seed


@pytest.fixture
def world(db_url, deployed, session_factory, actors):
    engine = make_engine(db_url, KEYRING)
    seed.seed(engine, 4000, NOW, batch=1000)
    engine.dispose()
    with session_factory() as s:
        rows = s.execute(select(HumanTask, Claim).join(Claim).where(
            HumanTask.lane == "Bureau", HumanTask.scope.is_(None))).all()
    return rows


def _queue(factory, actor, **filters):
    with factory() as s:
        return queries.queue(s, actor, queries.QueueFilter(**filters))


def test_pages_follow_the_order_and_the_total_is_exact(session_factory, actors, world):
    expected = sorted(world, key=lambda r: (r.HumanTask.created_at, r.HumanTask.id))
    seen = []
    for offset in range(0, len(expected), 100):
        items, total = _queue(session_factory, actors["bureau"], limit=100, offset=offset)
        assert total == len(expected)
        seen += [i.task_id for i in items]
    assert seen == [r.HumanTask.task_id for r in expected]
    newest, _ = _queue(session_factory, actors["bureau"], newest_first=True, limit=5)
    assert [i.task_id for i in newest] == [r.HumanTask.task_id for r in expected[::-1][:5]]


def test_search_by_name_prefix_and_by_number(session_factory, actors, world):
    name = world[0].Claim.full_name
    prefix = name[:2]
    items, total = _queue(session_factory, actors["bureau"], search=prefix, limit=100)
    wanted = {r.HumanTask.task_id for r in world if r.Claim.full_name.startswith(prefix)}
    assert total == len(wanted) and {i.task_id for i in items} == wanted
    reference = world[3].Claim.reference
    items, total = _queue(session_factory, actors["bureau"], search=reference.lower())
    assert total == 1 and items[0].claim.reference == reference
    for tricky in ("%", "_", "王%", "'; --"):  # wildcards are literal, quotes are data
        assert _queue(session_factory, actors["bureau"], search=tricky)[1] == 0


def test_filters_by_county_day_stage_and_township(session_factory, actors, world):
    day = world[0].Claim.submitted_at.astimezone(COUNTY_TIME).date()
    start = datetime.combine(day, time.min, COUNTY_TIME)
    wanted = {r.HumanTask.task_id for r in world
              if start <= r.Claim.submitted_at < start + timedelta(days=1)}
    items, total = _queue(session_factory, actors["bureau"], submitted_from=day,
                          submitted_to=day, limit=100)
    assert total == len(wanted) >= 1 and {i.task_id for i in items} == wanted
    stage = world[0].HumanTask.stage
    _, total = _queue(session_factory, actors["bureau"], stage=stage)
    assert total == sum(r.HumanTask.stage == stage for r in world)
    with session_factory() as s:
        counts = queries.queue_counts(s, actors["bureau"])
    assert counts[stage] == total and sum(counts.values()) == len(world)


def test_the_total_stops_at_the_count_limit(session_factory, actors, world, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_LIMIT", 10)
    items, total = _queue(session_factory, actors["bureau"], limit=20)
    assert total == 10 and len(items) == 20
    with session_factory() as s:
        counts = queries.queue_counts(s, actors["bureau"])
    exact = Counter(r.HumanTask.stage for r in world)
    assert counts == {stage: min(n, 10) for stage, n in exact.items()}
    assert max(exact.values()) > 10  # the cap really was reached for some stage


def test_a_broad_search_reads_the_queue_in_order_with_the_same_answer(session_factory, actors,
                                                                      world, monkeypatch):
    prefix = world[0].Claim.full_name[:2]
    narrow = _queue(session_factory, actors["bureau"], search=prefix, limit=100)
    monkeypatch.setattr(queries, "SEARCH_CLAIMS", 0)  # every term counts as broad
    broad = _queue(session_factory, actors["bureau"], search=prefix, limit=100)
    assert [i.task_id for i in broad[0]] == [i.task_id for i in narrow[0]] and broad[1] == narrow[1]
    one = _queue(session_factory, actors["bureau"], search=prefix[0], limit=100)[1]
    assert one == sum(r.Claim.full_name.startswith(prefix[0]) for r in world)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_person_certificate_and_timer_lookups_use_their_own_index_without_statistics(
        db_url, session_factory, actors, world):
    """SQLite has no statistics until ANALYZE, and picked the status index (a quarter of all
    claims) for these lookups: 260 ms each at 200,000 claims. Every claims query the checks,
    the quotes and the ticker run must be answered from the selective index."""
    from sqlalchemy import event

    from workflow.services import checks, quotes, timers
    from workflow.services.runtime import build_runtime

    engine = session_factory.kw["bind"]
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        if "FROM claims" in statement and "WHERE" in statement:
            seen.append((statement, parameters))

    with session_factory() as s:
        assert not s.execute(text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'"))\
            .all()
        page = [r.Claim for r in world[:20]]
        event.listen(engine, "before_cursor_execute", keep)
        try:
            checks.run_checks_many(s, [s.get(Claim, c.id) for c in page])
            quotes.accepted_before(s, page[0].id_number)
            timers.fire_due_in(s, build_runtime(), NOW, limit=5)
        finally:
            event.remove(engine, "before_cursor_execute", keep)
            s.rollback()
        plans = {statement: " ".join(str(row[3]) for row in s.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters)) for statement, parameters in seen}
    looked_up = {"id_number_hash IN": "ix_claims_id_number_hash",
                 "account_number_hash IN": "ix_claims_account_number_hash",
                 "certificate_number IN": "ix_claims_certificate_number",
                 "next_timer_at <=": "ix_claims_timer"}
    for needle, index in looked_up.items():
        found = [plan for statement, plan in plans.items() if needle in statement]
        assert found, needle
        assert all(index in plan and "ix_claims_status_stage" not in plan for plan in found), \
            (needle, found)
