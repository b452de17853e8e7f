"""Notice windows on the statutory calendar (chinese_calendar's 2026 table).

2026 facts used (State Council notice, as shipped in chinese_calendar 1.11): 国庆 Oct 1-7 and
中秋 Sep 25-27 are holidays; Sunday Sep 20 and Saturday Oct 10 are make-up working days (调休).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workflow.domain.workdays import CalendarNotCoveredError, add_working_days, is_working_day


def test_plain_week_counts_start_as_day_one() -> None:
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 27)  # Mon -> Fri
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 23)


def test_weekend_start_begins_on_next_working_day() -> None:
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # Sat -> Mon
    assert add_working_days(date(2026, 11, 21), 5) == date(2026, 11, 27)


def test_window_across_national_day_skips_the_holiday_week() -> None:
    # Mon Sep 28, Tue 29, Wed 30, (Oct 1-7 off), Thu Oct 8, Fri Oct 9.
    assert add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 9)
    assert not is_working_day(date(2026, 10, 5))  # a Monday inside 国庆


def test_window_across_make_up_working_days_counts_them() -> None:
    assert is_working_day(date(2026, 9, 20))   # Sunday, 调休
    assert is_working_day(date(2026, 10, 10))  # Saturday, 调休
    # Fri Sep 18, (Sat 19 off), Sun Sep 20 worked, Mon Sep 21.
    assert add_working_days(date(2026, 9, 18), 3) == date(2026, 9, 21)
    # Fri Oct 9, Sat Oct 10 worked, (Sun 11 off), Mon Oct 12.
    assert add_working_days(date(2026, 10, 9), 3) == date(2026, 10, 12)
    # Mid-Autumn (Fri Sep 25) and National Day together: Sep 24, 28, 29, 30, Oct 8.
    assert add_working_days(date(2026, 9, 24), 5) == date(2026, 10, 8)


def test_datetime_is_accepted_as_its_date() -> None:
    assert add_working_days(datetime(2026, 11, 23, 9, 30), 2) == date(2026, 11, 24)


def test_uncovered_year_raises_a_clear_error() -> None:
    with pytest.raises(CalendarNotCoveredError, match="2027"):
        is_working_day(date(2027, 1, 4))
    # A window that runs past the table's last year fails instead of guessing.
    with pytest.raises(CalendarNotCoveredError):
        add_working_days(date(2026, 12, 28), 10)
    assert issubclass(CalendarNotCoveredError, ValueError)


def test_non_positive_length_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), 0)
