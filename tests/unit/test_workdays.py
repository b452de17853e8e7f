"""Notice windows on the statutory calendar, given as data (no database, no library).

2026 facts used (State Council notice, as shipped in chinese_calendar 1.11): 国庆 Oct 1-7 and
中秋 Sep 25-27 are holidays; Sunday Sep 20 and Saturday Oct 10 are make-up working days (调休).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from chinese_calendar.constants import Holiday, holidays, workdays

from workflow.domain.workdays import (
    CalendarNotCoveredError,
    StatutoryCalendar,
    YearTable,
    add_working_days,
    is_working_day,
)


def _run(first: date, last: date, name: str) -> dict[date, str]:
    return {first + timedelta(days=i): name for i in range((last - first).days + 1)}


# The 2026 table as chinese_calendar 1.11 ships it (see the integration test that the seeded
# database equals the library day for day).
Y2026 = YearTable(2026, {
    **_run(date(2026, 1, 1), date(2026, 1, 3), "元旦"),
    **_run(date(2026, 2, 15), date(2026, 2, 23), "春节"),
    **_run(date(2026, 4, 4), date(2026, 4, 6), "清明"),
    **_run(date(2026, 5, 1), date(2026, 5, 5), "劳动节"),
    **_run(date(2026, 6, 19), date(2026, 6, 21), "端午"),
    **_run(date(2026, 9, 25), date(2026, 9, 27), "中秋"),
    **_run(date(2026, 10, 1), date(2026, 10, 7), "国庆节")},
    {date(2026, 1, 4): "元旦", date(2026, 2, 14): "春节", date(2026, 2, 28): "春节",
     date(2026, 5, 9): "劳动节", date(2026, 9, 20): "国庆节", date(2026, 10, 10): "国庆节"})
CALENDAR = StatutoryCalendar.of([Y2026])


def test_plain_week_counts_start_as_day_one() -> None:
    assert add_working_days(CALENDAR, date(2026, 11, 23), 5) == date(2026, 11, 27)  # Mon-Fri
    assert add_working_days(CALENDAR, date(2026, 11, 23), 1) == date(2026, 11, 23)


def test_weekend_start_begins_on_next_working_day() -> None:
    assert add_working_days(CALENDAR, date(2026, 11, 21), 1) == date(2026, 11, 23)  # Sat->Mon
    assert add_working_days(CALENDAR, date(2026, 11, 21), 5) == date(2026, 11, 27)


def test_window_across_national_day_skips_the_holiday_week() -> None:
    # Mon Sep 28, Tue 29, Wed 30, (Oct 1-7 off), Thu Oct 8, Fri Oct 9.
    assert add_working_days(CALENDAR, date(2026, 9, 28), 5) == date(2026, 10, 9)
    assert not is_working_day(CALENDAR, date(2026, 10, 5))  # a Monday inside 国庆


def test_window_across_make_up_working_days_counts_them() -> None:
    assert is_working_day(CALENDAR, date(2026, 9, 20))   # Sunday, 调休
    assert is_working_day(CALENDAR, date(2026, 10, 10))  # Saturday, 调休
    # Fri Sep 18, (Sat 19 off), Sun Sep 20 worked, Mon Sep 21.
    assert add_working_days(CALENDAR, date(2026, 9, 18), 3) == date(2026, 9, 21)
    # Fri Oct 9, Sat Oct 10 worked, (Sun 11 off), Mon Oct 12.
    assert add_working_days(CALENDAR, date(2026, 10, 9), 3) == date(2026, 10, 12)
    # Mid-Autumn (Fri Sep 25) and National Day together: Sep 24, 28, 29, 30, Oct 8.
    assert add_working_days(CALENDAR, date(2026, 9, 24), 5) == date(2026, 10, 8)


def test_datetime_is_accepted_as_its_date() -> None:
    assert add_working_days(CALENDAR, datetime(2026, 11, 23, 9, 30), 2) == date(2026, 11, 24)


def test_a_year_not_given_is_refused_never_guessed() -> None:
    with pytest.raises(CalendarNotCoveredError, match="2027") as refused:
        is_working_day(CALENDAR, date(2027, 1, 4))
    assert refused.value.year == 2027
    # A window that runs past the last year given fails instead of guessing.
    with pytest.raises(CalendarNotCoveredError) as refused:
        add_working_days(CALENDAR, date(2026, 12, 28), 10)
    assert refused.value.day == date(2027, 1, 1)
    assert issubclass(CalendarNotCoveredError, ValueError)


def test_a_year_given_as_data_is_counted_on() -> None:
    """A test table for 2027 (not the State Council's: its notice is not published here):
    Friday Jan 1 and Monday Jan 4 off, Saturday Jan 9 worked."""
    test_2027 = YearTable(2027, {date(2027, 1, 1): "元旦", date(2027, 1, 4): "元旦"},
                          {date(2027, 1, 9): "元旦"})
    calendar = StatutoryCalendar.of([Y2026, test_2027])
    # Mon Dec 28 - Thu Dec 31 (4), Jan 1 off, weekend, Jan 4 off, Tue Jan 5 is the 5th.
    assert add_working_days(calendar, date(2026, 12, 28), 5) == date(2027, 1, 5)
    # Jan 5-8 (4), Saturday Jan 9 worked (5).
    assert add_working_days(calendar, date(2027, 1, 5), 5) == date(2027, 1, 9)
    assert not is_working_day(calendar, date(2027, 1, 10))


def test_the_library_years_count_exactly_as_the_library_does() -> None:
    """The calendar built from chinese_calendar's tables (as migration 0019 seeds them) agrees
    with chinese_calendar.is_workday on every day it covers."""
    tables: dict[int, YearTable] = {}
    for kind, source in (("off", holidays), ("on", workdays)):
        for day, value in source.items():
            table = tables.setdefault(day.year, YearTable(day.year, {}, {}))
            (table.holidays if kind == "off" else table.make_up_days)[day] = \
                Holiday(value).chinese  # type: ignore[index]
    calendar = StatutoryCalendar.of(tables.values())
    day = date(min(tables), 1, 1)
    while day.year <= max(tables):
        assert is_working_day(calendar, day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_non_positive_length_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(CALENDAR, date(2026, 11, 23), 0)
