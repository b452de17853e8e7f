"""The statutory calendar kept as data: each year's State Council holiday notice, audited.

The public-notice window counts working days on it (`workflow.domain.workdays`). The years the
chinese-calendar library had were seeded by migration 0019 (recorded as such, with the library's
version); every later year is entered here by an administrator from the notice itself: its
document number, its days off and its make-up working days. A year nobody entered is refused
with a message that says where to enter it, never guessed.

Changing a year is allowed (a notice can be corrected, a typo fixed) and audited with what
changed. It never moves the past: a published notice keeps the end date and closing time it
was published with (stored on the batch and carried by each claim's timer); the change counts
for notices published afterwards. The save says which published notices counted that year on
the earlier table, and the audit event names them.

Working-day arithmetic reads the tables once per operation (`load`: two queries, whatever the
length of the window), never once a day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflow.domain import holiday_notices
from workflow.domain.access import Actor, Role
from workflow.domain.holiday_notices import LAST_YEAR, Entry
from workflow.domain.phrases import said
from workflow.domain.workdays import StatutoryCalendar, YearTable
from workflow.persistence.holiday_tables import HOLIDAY, MAKE_UP_DAY, HolidayDay, HolidayYear
from workflow.persistence.models import NoticeBatch
from workflow.services import instances
from workflow.services.errors import ConflictError, ForbiddenError, InvalidInputError

# Where an administrator enters a year (web.pages.holiday_calendar serves it; a test checks).
CALENDAR_PAGE = "/admin/calendar"
LIBRARY, ADMINISTRATOR = "library", "administrator"
CHANGED_MEANWHILE = "another administrator changed this year's table; reload the page"


def not_configured(year: int) -> str:
    """The refusal when a window needs a year nobody entered: it says where to enter it."""
    return said("the statutory holiday calendar for %(year)s is not configured: an administrator "
                "enters the State Council's holiday notice for %(year)s at %(page)s", year=year,
                page=CALENDAR_PAGE)


def load(session: Session, since: int, until: int | None = None) -> StatutoryCalendar:
    """The tables of `since` and every later year (up to `until`), in two queries."""
    last = LAST_YEAR if until is None else until
    years = list(session.scalars(select(HolidayYear.year).where(
        HolidayYear.year >= since, HolidayYear.year <= last)))
    days: dict[int, tuple[dict[date, str], dict[date, str]]] = {y: ({}, {}) for y in years}
    for day, year, kind, name in session.execute(
            select(HolidayDay.day, HolidayDay.year, HolidayDay.kind, HolidayDay.name)
            .where(HolidayDay.year >= since, HolidayDay.year <= last)):
        days[year][0 if kind == HOLIDAY else 1][day] = name
    return StatutoryCalendar.of(YearTable(y, off, on) for y, (off, on) in days.items())


@dataclass(frozen=True)
class YearView:
    """A year's notice as stored, with its table and what is unusual in it."""

    row: HolidayYear
    table: YearTable

    @property
    def warnings(self) -> list[str]:
        return holiday_notices.warnings(self.row.document_number, self.table.holidays,
                                        self.table.make_up_days)


def year_view(session: Session, year: int) -> YearView | None:
    """The year's notice, or None: not configured."""
    row = session.get(HolidayYear, year)
    if row is None:
        return None
    return YearView(row, load(session, year, year).years.get(year, YearTable(year, {}, {})))


@dataclass(frozen=True)
class YearSummary:
    row: HolidayYear
    holidays: int
    make_up_days: int


def summaries(session: Session) -> list[YearSummary]:
    """Every configured year, newest first, with its number of days off and make-up days."""
    counts: dict[tuple[int, str], int] = {
        (year, kind): n for year, kind, n in session.execute(
            select(HolidayDay.year, HolidayDay.kind, func.count())
            .group_by(HolidayDay.year, HolidayDay.kind))}
    return [YearSummary(row, counts.get((row.year, HOLIDAY), 0),
                        counts.get((row.year, MAKE_UP_DAY), 0))
            for row in session.scalars(select(HolidayYear).order_by(HolidayYear.year.desc()))]


def counted_on(session: Session, year: int) -> list[NoticeBatch]:
    """The published notices whose window counted working days of `year`."""
    return list(session.scalars(select(NoticeBatch).where(
        NoticeBatch.starts_on <= date(year, 12, 31), NoticeBatch.ends_on >= date(year, 1, 1))
        .order_by(NoticeBatch.starts_on, NoticeBatch.id)))


@dataclass(frozen=True)
class YearInput:
    year: int
    document_number: str
    holidays: Sequence[Entry]
    make_up_days: Sequence[Entry]
    note: str = ""
    revision: int | None = None  # the revision the administrator changed; None: a new year


@dataclass(frozen=True)
class Saved:
    row: HolidayYear
    warnings: list[str]


def _read(data: YearInput) -> tuple[dict[date, str], dict[date, str]]:
    """The days of the input, or InvalidInputError with a message per field."""
    errors: dict[str, str] = {}
    holidays, problem = holiday_notices.days_of(data.holidays, data.year)
    if problem:
        errors["holidays"] = problem
    make_up, problem = holiday_notices.days_of(data.make_up_days, data.year)
    if problem:
        errors["make_up_days"] = problem
    errors = {**holiday_notices.check(data.year, data.document_number, holidays, make_up),
              **errors}
    if len(data.document_number) > 256:
        errors["document_number"] = said("at most %(count)s characters", count=256)
    if len(data.note) > 2000:
        errors["note"] = said("at most %(count)s characters", count=2000)
    if errors:
        raise InvalidInputError(errors)
    return holidays, make_up


def set_year(session: Session, admin: Actor, data: YearInput, now: datetime) -> Saved:
    """Enter or change a year's notice (all its days at once); audited with what changed."""
    if admin.role != Role.ADMIN or admin.user_id is None:
        raise ForbiddenError("only administrators change the statutory calendar")
    holidays, make_up = _read(data)
    before = year_view(session, data.year)
    old = before.table if before else YearTable(data.year, {}, {})
    changes: dict[str, Any] = {
        "year": data.year,
        "document_number": {"from": before.row.document_number if before else None,
                            "to": data.document_number},
        "holidays": _difference(old.holidays, holidays),
        "make_up_days": _difference(old.make_up_days, make_up)}
    if before:
        changes["source"] = {"from": before.row.source, "to": ADMINISTRATOR}
    changes["revision"] = {"from": before.row.revision if before else None}
    row = _store_year(session, before, data, admin.user_id, now)
    changes["revision"]["to"] = row.revision
    connection = session.connection()
    connection.execute(delete(HolidayDay).where(HolidayDay.year == data.year))
    connection.execute(insert(HolidayDay), [
        {"day": day, "year": data.year, "kind": kind, "name": name}
        for kind, days in ((HOLIDAY, holidays), (MAKE_UP_DAY, make_up))
        for day, name in sorted(days.items())])
    warnings = holiday_notices.warnings(data.document_number, holidays, make_up)
    kept = [b.number for b in counted_on(session, data.year)] if before else []
    if kept:
        # Their windows were counted at publication and are stored: nothing moves them.
        warnings.append(said("published notices that counted working days of %(year)s on the "
                             "earlier table keep their end dates: %(numbers)s", year=data.year,
                             numbers=", ".join(kept)))
        changes["published_notices_kept"] = kept
    instances.audit(session, None, admin, "holiday_calendar_set", now,
                    comment=data.note or data.document_number, changes=changes)
    return Saved(row, warnings)


def _store_year(session: Session, before: YearView | None, data: YearInput, user_id: int,
                now: datetime) -> HolidayYear:
    """The year's row, new or changed; ConflictError when another administrator got there
    first (a stale revision, or the same new year entered at the same time)."""
    if before is None:
        row = HolidayYear(year=data.year, document_number=data.document_number,
                          source=ADMINISTRATOR, seeded_from=None, note=data.note, revision=1,
                          updated_by=user_id, updated_at=now)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError as exc:
            raise ConflictError(CHANGED_MEANWHILE) from exc
        return row
    row = before.row
    if data.revision != row.revision:
        raise ConflictError(CHANGED_MEANWHILE)
    row.document_number, row.source, row.note = data.document_number, ADMINISTRATOR, data.note
    row.updated_by, row.updated_at = user_id, now
    row.revision += 1  # the UPDATE says WHERE revision = the one read
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(CHANGED_MEANWHILE) from exc
    return row


def _difference(old: Mapping[date, str], new: Mapping[date, str]) -> dict[str, Any]:
    """Days added, removed or renamed, as the audit event keeps them (ISO dates)."""
    return {"added": {d.isoformat(): n for d, n in sorted(new.items()) if d not in old},
            "removed": {d.isoformat(): n for d, n in sorted(old.items()) if d not in new},
            "renamed": {d.isoformat(): {"from": old[d], "to": n}
                        for d, n in sorted(new.items()) if d in old and old[d] != n}}
