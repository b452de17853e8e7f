"""Working days on the Chinese statutory calendar, for the public-notice (公示) window.

Claims are paid only "经公示无异议" (Pengyang, 组织保障 (三)), so the notice window must be
counted on the calendar the public actually works by: statutory holidays are not working days
and the make-up working days (调休, often a Saturday or Sunday) are. The State Council publishes
each year's table late in the previous year; `chinese_calendar` ships those tables, and we refuse
to guess beyond them (a guessed year would silently misplace Spring Festival).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

# Pengyang keeps China Standard Time: a day of the notice window is a day there.
COUNTY_TIME = ZoneInfo("Asia/Shanghai")


class CalendarNotCoveredError(ValueError):
    """The date lies in a year whose statutory holiday table is not in `chinese_calendar`.

    Upgrading the `chinese-calendar` package (it gains each year's table once the State Council
    publishes it, usually in November) is the fix; there is no safe fallback.
    """


def _as_date(day: date) -> date:
    # A datetime is a date subclass; comparing one with a date raises, so strip the time.
    return day.date() if isinstance(day, datetime) else day


def is_working_day(day: date) -> bool:
    """True on a statutory working day: a weekday that is no holiday, or a 调休 make-up day.

    Raises CalendarNotCoveredError outside the years `chinese_calendar` covers (the library
    raises NotImplementedError there).
    """
    day = _as_date(day)
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarNotCoveredError(
            f"no statutory holiday table for {day.isoformat()}: {exc}; "
            "upgrade the chinese-calendar package") from exc


def add_working_days(start: date, n: int) -> date:
    """Return the last day of a window of `n` working days that begins on `start`.

    Definition: the window opens on `start`. If `start` is a working day it is day 1; otherwise
    day 1 is the next working day. The window ends at the end (24:00 local time) of the n-th
    working day, and the returned date is that n-th working day. So a 5-day notice published on
    Monday 2026-11-23 (no holiday that week) returns Friday 2026-11-27, and objections are
    accepted until the end of that day.

    Raises ValueError if `n` < 1 and CalendarNotCoveredError if any day that has to be examined
    lies outside the years `chinese_calendar` covers.
    """
    if n < 1:
        raise ValueError(f"a notice window lasts at least one working day, not {n}")
    day = _as_date(start)
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == n:
                return day
        day += timedelta(days=1)
