"""Huzhou 004 二 4 其余50% without Flask: which trainees of the first filing may take the rest
(就业人员 only), when (6 months after starting work, month ends clamped by dateutil) and what
each row pays (400 yuan a trainee still employed, never the whole class)."""

from __future__ import annotations

from datetime import date

from workflow.domain.policy.huzhou.directed_second import (
    DIRECTED_SECOND_KIND,
    SECOND_HALF_FEN,
    employed_trainees,
    following,
    judged_on,
)

FIRST = [  # the first filing's rows as stored: dates as ISO text
    {"full_name": "学员0", "id_number": "A0", "training_end": "2026-03-31",
     "employed_in_huzhou": "是", "employed_on": "2026-08-31"},
    {"full_name": "学员1", "id_number": "A1", "training_end": "2026-03-31",
     "employed_in_huzhou": "否"},
    {"full_name": "学员2", "id_number": "A2", "training_end": "2026-03-31",
     "employed_in_huzhou": "是", "employed_on": "2026-10-01"},  # after the 6 months: not counted
]
KIND = following(DIRECTED_SECOND_KIND, "BT-1", FIRST)


def row(n: int, on: date = date(2026, 8, 31), still: str = "是") -> dict[str, str | date]:
    return {"full_name": f"学员{n}", "id_number": f"A{n}", "employed_on": on,
            "still_employed": still, "employer": "湖州某公司"}


def test_only_the_trainees_the_first_filing_counted_as_employed_may_take_the_rest():
    assert employed_trainees(FIRST) == {"A0": ("学员0", date(2026, 8, 31))}
    assert set(KIND.problems(row(1), date(2027, 6, 1))) == {"id_number"}
    assert set(KIND.problems(row(2), date(2027, 6, 1))) == {"id_number"}
    assert set(KIND.problems(row(9), date(2027, 6, 1))) == {"id_number"}


def test_the_rest_is_judged_6_months_after_starting_work():
    assert judged_on(date(2026, 8, 31)) == date(2027, 2, 28)  # no 31 February
    assert set(KIND.problems(row(0), date(2027, 2, 27))) == {"employed_on"}
    assert KIND.problems(row(0), date(2027, 2, 28)) == {}
    moved = KIND.problems(row(0, on=date(2026, 8, 1)), date(2027, 6, 1))
    assert set(moved) == {"employed_on"}  # the first filing's day, not another


def test_each_trainee_still_employed_pays_400_and_the_class_is_not_paid_whole():
    assert SECOND_HALF_FEN == 40_000
    rows = [row(0), row(0, still="否")]
    assert KIND.amounts(rows) == [40_000, 0]
    assert set(KIND.problems(row(0, still="不知道"), date(2027, 6, 1))) == {"still_employed"}
    assert set(KIND.problems({**row(0), "employer": ""}, date(2027, 6, 1))) == {"employer"}
