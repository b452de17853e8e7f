"""Each stage's time limit and expected date (workflow.domain.time_limits): working days on the
statutory calendar from the day after a stage began, a chain of later stages only while every
limit before is known, never a date from a limit nobody set."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.test_workdays import CALENDAR, Y2026
from workflow.domain import time_limits as tl
from workflow.domain.workdays import StatutoryCalendar

ALL = {"township_review": 5, "department_review": 10, "bureau_acceptance": 5,
       "awaiting_notice": 10, "payment": 15}


def test_the_day_a_stage_began_is_not_counted():
    # Filed Monday 23 November: Tue 24 is day 1, day 5 is Monday 30 November.
    assert tl.due_after(CALENDAR, date(2026, 11, 23), 5) == date(2026, 11, 30)
    # Filed on a Saturday: Monday is day 1.
    assert tl.due_after(CALENDAR, date(2026, 11, 21), 1) == date(2026, 11, 23)


def test_holidays_are_skipped_and_make_up_days_counted():
    # Begun Friday 25 September (中秋): Sep 28, 29, 30, (Oct 1-7 off), Oct 8, 9, Sat 10 (调休).
    assert tl.due_after(CALENDAR, date(2026, 9, 25), 6) == date(2026, 10, 10)
    # Sunday 20 September is a make-up working day: begun Saturday 19, it is day 1.
    assert tl.due_after(CALENDAR, date(2026, 9, 19), 1) == date(2026, 9, 20)


def test_nothing_set_is_not_configured_and_reckons_no_date():
    stages = tl.plan("township_review", "in_progress", None, date(2026, 11, 23), {}, None,
                     None, CALENDAR)
    assert [s.stage for s in stages] == list(tl.LIMITED_STAGES)
    assert all(s.working_days is None and s.due_on is None for s in stages)
    assert [s.unknown for s in stages] == [tl.NOT_CONFIGURED] * 6
    assert tl.next_step(stages) == stages[0]


def test_known_limits_chain_from_the_current_stage_and_stop_at_the_first_unset():
    stages = tl.plan("township_review", "in_progress", None, date(2026, 11, 23),
                     {"township_review": 5, "department_review": 10}, 5, None, CALENDAR)
    assert [(s.state, s.due_on) for s in stages[:3]] == [
        ("current", date(2026, 11, 30)), ("todo", date(2026, 12, 14)), ("todo", None)]
    assert stages[2].unknown == tl.NOT_CONFIGURED
    assert stages[4].working_days == 5 and stages[4].due_on is None  # after an unset one


def test_a_later_stage_counts_from_when_it_began_and_earlier_ones_are_done():
    stages = tl.plan("bureau_acceptance", "in_progress", None, date(2026, 11, 27), ALL, 5,
                     None, CALENDAR)
    assert [s.state for s in stages] == ["done", "done", "current", "todo", "todo", "todo"]
    assert stages[0].due_on is None  # done: the timeline says when
    assert stages[2].due_on == date(2026, 12, 4)       # Mon 30 Nov .. Fri 4 Dec
    assert stages[3].due_on == date(2026, 12, 18)      # then 10 more
    assert stages[4].due_on == date(2026, 12, 25)      # the default 5-day window
    assert stages[5].due_on is None and stages[5].unknown == tl.CALENDAR  # reaches 2027


def test_a_published_notice_gives_its_own_window():
    window = tl.NoticeWindow(date(2026, 11, 2), date(2026, 11, 6), 5)
    stages = tl.plan("notice", "in_progress", None, date(2026, 11, 2), ALL, 7, window,
                     CALENDAR)
    notice, payment = stages[4], stages[5]
    assert (notice.state, notice.working_days, notice.due_on) == ("current", 5,
                                                                  date(2026, 11, 6))
    assert payment.due_on == date(2026, 11, 27)  # 15 working days from Mon 9 November


@pytest.mark.parametrize(("stage", "why", "place"), [
    ("correction", tl.YOUR_TURN, 0), ("account_correction", tl.YOUR_TURN, 5),
    ("objection_review", tl.HELD, 4), ("installment_condition", tl.HELD, 5)])
def test_a_stage_no_office_clock_runs_on_says_why_and_reckons_nothing_after(stage, why, place):
    stages = tl.plan(stage, "in_progress", None, date(2026, 11, 23), ALL, 5, None, CALENDAR)
    assert stages[place].state == "current" and stages[place].unknown == why
    assert all(s.due_on is None for s in stages)


def test_a_closed_claim_stops_where_it_ended_and_a_paid_one_is_done():
    rejected = tl.plan("closed", "rejected", "department_review", None, ALL, 5, None, CALENDAR)
    assert [s.state for s in rejected] == ["done", "stopped", "todo", "todo", "todo", "todo"]
    assert tl.next_step(rejected) is None and all(s.due_on is None for s in rejected)
    paid = tl.plan("closed", "paid", None, None, ALL, 5, None, CALENDAR)
    assert {s.state for s in paid} == {"done"}


def test_a_year_without_its_table_gives_no_date_rather_than_a_guess():
    stages = tl.plan("township_review", "in_progress", None, date(2026, 12, 30), ALL, 5, None,
                     StatutoryCalendar.of([Y2026]))
    assert stages[0].due_on is None and stages[0].unknown == tl.CALENDAR


@pytest.mark.parametrize("setting", ["township=5", "notice=5", "payment=0", "payment=x",
                                     "payment=366", "payment"])
def test_a_mistyped_setting_is_refused(setting):
    with pytest.raises(ValueError, match="STAGE_WORKING_DAYS"):
        tl.parse_limits(setting)


def test_the_setting_reads_working_days_per_stage():
    assert tl.parse_limits("") == {}
    assert tl.parse_limits(" township_review = 5 , payment=15") == {
        "township_review": 5, "payment": 15}
