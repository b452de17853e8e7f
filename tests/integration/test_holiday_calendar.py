"""The statutory calendar kept in the database, through the services (SQLite and PostgreSQL):
seeded from the library as it was, a new year entered by an administrator and counted on, every
change audited, the past never moved, the tables read once per operation."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import chinese_calendar
import pytest
from sqlalchemy import event, select

from tests.integration.helpers import TEST_2027, accept_claims, enter_year, load, publish
from workflow.domain.holiday_notices import as_lines, days_of, parse_lines
from workflow.domain.workdays import is_working_day
from workflow.persistence.holiday_tables import HolidayYear
from workflow.persistence.models import AuditEvent, NoticeBatch
from workflow.services import holiday_calendar, notices
from workflow.services.errors import ConflictError, ForbiddenError, InvalidInputError


def _batch_input(starts_on: date) -> notices.BatchInput:
    return notices.BatchInput(starts_on, 5, "县人社局就业股", "0954-7000000", "彭阳县白阳镇")


def _publish_on(factory, runtime, bureau, starts_on: date) -> NoticeBatch:
    with factory.begin() as session:
        batch = notices.publish(session, runtime, bureau, notices.PENGYANG_NOTICES,
                                _batch_input(starts_on))
        session.expunge(batch)
        return batch


def _events(factory) -> list[AuditEvent]:
    with factory() as session:
        return list(session.scalars(select(AuditEvent).where(
            AuditEvent.action == "holiday_calendar_set").order_by(AuditEvent.id)))


def test_the_seeded_years_count_as_the_library_did_and_say_where_they_came_from(
        session_factory):
    with session_factory() as session:
        calendar = holiday_calendar.load(session, 2000)
        rows = session.scalars(select(HolidayYear).order_by(HolidayYear.year)).all()
    assert sorted(calendar.years) == list(range(2004, 2027))  # chinese-calendar 1.11: no 2027
    assert {(r.source, r.seeded_from, r.document_number, r.revision) for r in rows} == {
        ("library", f"chinese-calendar {chinese_calendar.__version__}", "", 1)}
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert is_working_day(calendar, day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    assert calendar.years[2026].holidays[date(2026, 10, 1)] == "国庆节"


def test_a_window_into_a_year_not_entered_is_refused_then_counted_once_entered(
        session_factory, runtime, actors):
    accept_claims(session_factory, runtime, actors, 1, "TZ-CAL")
    with pytest.raises(InvalidInputError) as refused:
        _publish_on(session_factory, runtime, actors["bureau"], date(2026, 12, 28))
    assert refused.value.errors["starts_on"] == (
        "the statutory holiday calendar for 2027 is not configured: an administrator enters "
        "the State Council's holiday notice for 2027 at /admin/calendar")
    enter_year(session_factory, actors["admin"], 2027, TEST_2027["holidays"],
               TEST_2027["make_up_days"])
    batch = _publish_on(session_factory, runtime, actors["bureau"], date(2026, 12, 28))
    assert batch.ends_on == date(2027, 1, 5)  # Dec 28-31, (Jan 1 off, weekend, Jan 4 off), 5
    assert batch.closes_at.isoformat() == "2027-01-05T16:00:00+00:00"


def test_only_administrators_enter_a_year(session_factory, actors):
    for who in ("bureau", "finance", "township"):
        with pytest.raises(ForbiddenError):
            enter_year(session_factory, actors[who], 2027, "2027-01-01 元旦")
    assert _events(session_factory) == []


def test_impossible_tables_are_refused_per_field_and_store_nothing(session_factory, actors):
    with pytest.raises(InvalidInputError) as refused:
        enter_year(session_factory, actors["admin"], 2027, "2027-01-01 元旦\n2027-02-06 春节",
                   "2027-02-06 春节", document_number="")
    assert refused.value.errors == {
        "document_number": "give the notice's document number, e.g. 国办发明电〔2025〕7号",
        "make_up_days": "2027-02-06 is both a day off and a make-up working day"}
    with pytest.raises(InvalidInputError) as refused:
        enter_year(session_factory, actors["admin"], 2027, "2026-12-31 元旦")
    assert refused.value.errors == {"holidays": "line 1: 2026-12-31 is not in 2027"}
    with pytest.raises(InvalidInputError) as refused:
        enter_year(session_factory, actors["admin"], 10**12, "2027-01-01 元旦")
    assert refused.value.errors["year"] == "a year such as 2026"
    with session_factory() as session:
        assert session.get(HolidayYear, 2027) is None


def test_every_change_is_audited_with_what_changed(session_factory, actors):
    first = enter_year(session_factory, actors["admin"], 2027, TEST_2027["holidays"],
                       TEST_2027["make_up_days"], "国办发明电〔2026〕99号")
    assert first.row.revision == 1 and first.row.source == "administrator"
    enter_year(session_factory, actors["admin"], 2027, "2027-01-01 元旦\n2027-01-05 元旦",
               "2027-01-09 元旦\n2027-01-10 元旦", "国办发明电〔2026〕99号", revision=1)
    entered, changed = _events(session_factory)
    assert entered.actor_id == changed.actor_id == actors["admin"].user_id
    assert entered.changes["revision"] == {"from": None, "to": 1}
    assert entered.changes["holidays"]["added"] == {"2027-01-01": "元旦", "2027-01-04": "元旦"}
    assert changed.changes["revision"] == {"from": 1, "to": 2}
    assert changed.changes["holidays"] == {"added": {"2027-01-05": "元旦"},
                                           "removed": {"2027-01-04": "元旦"}, "renamed": {}}
    assert changed.changes["make_up_days"]["added"] == {"2027-01-10": "元旦"}
    assert changed.changes["document_number"] == {"from": "国办发明电〔2026〕99号",
                                                  "to": "国办发明电〔2026〕99号"}


def test_a_change_from_a_stale_revision_is_refused(session_factory, actors):
    enter_year(session_factory, actors["admin"], 2027, "2027-01-01 元旦")
    enter_year(session_factory, actors["admin"], 2027, "2027-01-01 元旦\n2027-01-04 元旦",
               revision=1)
    with pytest.raises(ConflictError):  # made from the page as it was before the change above
        enter_year(session_factory, actors["admin"], 2027, "2027-01-01 元旦", revision=1)
    with pytest.raises(ConflictError):  # a "new" year that someone entered meanwhile
        enter_year(session_factory, actors["admin"], 2027, "2027-01-01 元旦")
    with session_factory() as session:
        assert set(holiday_calendar.load(session, 2027).years[2027].holidays) == {
            date(2027, 1, 1), date(2027, 1, 4)}
    assert len(_events(session_factory)) == 2


@pytest.mark.parametrize("revision", [None, 1], ids=["new year", "same revision"])
def test_two_administrators_saving_one_year_at_once_exactly_one_wins(session_factory, actors,
                                                                     revision):
    if revision:
        enter_year(session_factory, actors["admin"], 2027, "2027-01-01 元旦")
    barrier = threading.Barrier(2, timeout=30)
    results: list[str] = []

    def save(day: str) -> None:
        barrier.wait()
        try:
            enter_year(session_factory, actors["admin"], 2027, f"2027-01-01 元旦\n{day} 元旦",
                       revision=revision)
            results.append(day)
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=save, args=(d,)) for d in ("2027-01-04", "2027-01-05")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results)[1] == "conflict" and results.count("conflict") == 1
    winner = date.fromisoformat(next(r for r in results if r != "conflict"))
    with session_factory() as session:
        assert set(holiday_calendar.load(session, 2027).years[2027].holidays) == {
            date(2027, 1, 1), winner}
        assert session.get(HolidayYear, 2027).revision == (revision or 0) + 1
    assert len(_events(session_factory)) == (2 if revision else 1)


def test_changing_a_year_never_moves_a_published_notice(session_factory, runtime, actors):
    """Published windows are frozen: the batch and its claims' timers keep their end; the
    save says which notices counted that year, and the change counts for later notices."""
    [claim_id] = accept_claims(session_factory, runtime, actors, 1, "TZ-FROZEN")
    batch = publish(session_factory, runtime, actors["bureau"])  # Mon 2026-11-02, 5 days
    assert batch.ends_on == date(2026, 11, 6)
    before = load(session_factory, claim_id)
    with session_factory() as session:
        table = holiday_calendar.load(session, 2026).years[2026]
    saved = enter_year(session_factory, actors["admin"], 2026,
                       as_lines({**table.holidays, date(2026, 11, 4): "测试"}),
                       as_lines(table.make_up_days), "国办发明电〔2025〕7号", revision=1)
    assert ("published notices that counted working days of 2026 on the earlier table keep "
            f"their end dates: {batch.number}") in saved.warnings
    after = load(session_factory, claim_id)
    with session_factory() as session:
        kept = session.get(NoticeBatch, batch.id)
        assert (kept.ends_on, kept.closes_at) == (batch.ends_on, batch.closes_at)
        assert notices.window_on(session, date(2026, 11, 2), 5)[0] == date(2026, 11, 9)
    assert (after.notice_ends_at, after.next_timer_at) == (before.notice_ends_at,
                                                           before.next_timer_at)
    assert _events(session_factory)[-1].changes["published_notices_kept"] == [batch.number]


def test_a_window_reads_the_tables_once_whatever_its_length(session_factory):
    """Two statements (years, days) for a 30-working-day window across a year's end: never one
    per day."""
    statements: list[str] = []
    with session_factory() as session:
        engine = session.get_bind()

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            ends_on, _ = notices.window_on(session, date(2025, 12, 1), 30)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert ends_on == date(2026, 1, 12)  # Dec 1-31 (23), Jan 4 (调休), Jan 5-9, Jan 12
    assert len([s for s in statements if "holiday_" in s]) == 2, statements


def test_seeded_year_lines_round_trip_through_the_form(session_factory):
    """What the page shows in its boxes reads back as the same table."""
    with session_factory() as session:
        table = holiday_calendar.load(session, 2015).years[2015]
    entries, problem = parse_lines(as_lines(table.holidays))
    assert problem is None
    assert days_of(entries, 2015)[0] == dict(table.holidays)
