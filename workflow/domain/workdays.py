"""Working days on the Chinese statutory calendar, for the public-notice (公示) window.

Claims are paid only "经公示无异议" (Pengyang, 组织保障 (三)), so the notice window must be
counted on the calendar the public actually works by: statutory holidays are not working days
and the make-up working days (调休, often a Saturday or Sunday) are. The State Council publishes
each year's table late in the previous year (国务院办公厅关于XXXX年部分节假日安排的通知).

The tables are data, given to these functions: an administrator keeps them in the product
(`workflow.services.holiday_calendar`), so a new year needs no new release of anything. A day of
a year whose table is not given is refused, never guessed (a guessed year would silently
misplace Spring Festival).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# Pengyang keeps China Standard Time: a day of the notice window is a day there.
COUNTY_TIME = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class YearTable:
    """One year of the State Council's notice: the days off (放假) and the make-up working days
    (调休上班), each with the festival it belongs to. Every day lies in `year`."""

    year: int
    holidays: Mapping[date, str]
    make_up_days: Mapping[date, str]

    def is_working_day(self, day: date) -> bool:
        # A make-up day is worked whatever its weekday; a day off is not; else Monday-Friday.
        if day in self.make_up_days:
            return True
        return day.weekday() < 5 and day not in self.holidays


@dataclass(frozen=True)
class StatutoryCalendar:
    """The year tables known, by year; a day of any other year is refused."""

    years: Mapping[int, YearTable]

    @classmethod
    def of(cls, tables: Iterable[YearTable]) -> StatutoryCalendar:
        return cls({table.year: table for table in tables})


class CalendarNotCoveredError(ValueError):
    """The date lies in a year whose statutory holiday table has not been entered.

    There is no safe fallback: an administrator enters that year's State Council notice.
    """

    def __init__(self, day: date) -> None:
        super().__init__(f"no statutory holiday table for {day.year} "
                         f"(needed for {day.isoformat()})")
        self.year = day.year
        self.day = day


def _as_date(day: date) -> date:
    # A datetime is a date subclass; comparing one with a date raises, so strip the time.
    return day.date() if isinstance(day, datetime) else day


def is_working_day(calendar: StatutoryCalendar, day: date) -> bool:
    """True on a statutory working day: a weekday that is no holiday, or a 调休 make-up day.

    Raises CalendarNotCoveredError when `calendar` has no table for the day's year.
    """
    day = _as_date(day)
    table = calendar.years.get(day.year)
    if table is None:
        raise CalendarNotCoveredError(day)
    return table.is_working_day(day)


def add_working_days(calendar: StatutoryCalendar, start: date, n: int) -> date:
    """Return the last day of a window of `n` working days that begins on `start`.

    Definition: the window opens on `start`. If `start` is a working day it is day 1; otherwise
    day 1 is the next working day. The window ends at the end (24:00 local time) of the n-th
    working day, and the returned date is that n-th working day. So a 5-day notice published on
    Monday 2026-11-23 (no holiday that week) returns Friday 2026-11-27, and objections are
    accepted until the end of that day.

    Raises ValueError if `n` < 1 and CalendarNotCoveredError if any day that has to be examined
    lies in a year `calendar` has no table for.
    """
    if n < 1:
        raise ValueError(f"a notice window lasts at least one working day, not {n}")
    day = _as_date(start)
    counted = 0
    while True:
        if is_working_day(calendar, day):
            counted += 1
            if counted == n:
                return day
        day += timedelta(days=1)
