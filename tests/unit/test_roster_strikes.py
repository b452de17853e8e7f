"""Striking workers out of an enterprise's roster, without Flask (issue 19 item 3): which
strikes are refused and why, what the rest pay (Huzhou 004 二 4's class recomputed against the
class as filed), and which task forms strike."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.policy.huzhou.directed import DIRECTED_CLASS_KIND, class_amounts
from workflow.domain.policy.pengyang.rosters import WORK_FOR_TRAINING_KIND
from workflow.domain.roster_strikes import (
    STRIKES,
    Strike,
    amounts_after,
    record_row,
    row_field,
    strike_problems,
    unpaid,
)
from workflow.services import task_forms
from workflow.services.errors import InvalidInputError

ROWS = {2: False, 3: False, 4: False}  # row number -> already struck


def problems(*strikes: Strike, on_claim: dict[int, bool] = ROWS, decision: str = "approve",
             accepted: bool = False) -> dict[str, str]:
    return {k: str(v) for k, v in strike_problems(strikes, on_claim, decision,
                                                  accepted).items()}


def test_a_strike_with_its_reason_on_a_row_of_the_claim_is_allowed():
    assert problems() == {}
    assert problems(Strike(3, "未在本企业就业")) == {}
    assert problems(Strike(3, "a"), Strike(4, "b"), on_claim={2: True, 3: False, 4: False,
                                                              5: False}) == {}


def test_each_bad_strike_is_refused_beside_its_row():
    assert problems(Strike(3, "  ")) == {
        "strike_3": "a reason is required to strike out a worker"}
    assert problems(Strike(9, "x")) == {"strike_9": "row 9 is not on this claim's roster"}
    assert problems(Strike(3, "x"), on_claim={2: False, 3: True}) == {
        "strike_3": "row 3 is already struck out"}
    assert problems(Strike(3, "x"), Strike(3, "y")) == {"strike_3": "row 3 is named twice"}
    assert "at most 2000" in problems(Strike(3, "长" * 2001))["strike_3"]
    assert row_field(3) == "strike_3"


def test_striking_every_worker_after_acceptance_or_without_approving_is_refused():
    every = [Strike(n, "x") for n in ROWS]
    assert "reject the claim instead" in problems(*every)[STRIKES]
    # Rows struck before count too: the last one left cannot go.
    assert STRIKES in problems(Strike(4, "x"), on_claim={2: True, 3: True, 4: False})
    assert "fixed at acceptance" in problems(Strike(3, "x"), accepted=True)[STRIKES]
    assert "only when approving" in problems(Strike(3, "x"), decision="return")[STRIKES]
    assert problems(accepted=True, decision="reject") == {}  # no strikes, nothing to refuse


def trainee(employed: bool) -> dict[str, object]:
    row: dict[str, object] = {"training_end": date(2026, 3, 31),
                              "employed_in_huzhou": "是" if employed else "否"}
    if employed:
        row["employed_on"] = date(2026, 9, 30)
    return row


def test_a_class_is_recomputed_against_the_class_as_filed():
    """004 二 4: 整班在我市就业率达到80%以上的，按全班学员人数享受补贴. The class is the one filed:
    a struck trainee is not paid and counts as not employed, but stays in the class's size."""
    five = [trainee(True)] * 4 + [trainee(False)]  # 80%: the whole class paid
    assert class_amounts(five) == [40_000] * 5
    # Striking the unemployed trainee does not lift anyone: 4 of 5 still, the rest all paid.
    assert class_amounts(five, [False] * 4 + [True]) == [40_000] * 4 + [0]
    # Striking an employed one drops the class to 3 of 5 (60%): only the employed are paid.
    assert class_amounts(five, [True] + [False] * 4) == [0, 40_000, 40_000, 40_000, 0]
    below = [trainee(True)] * 3 + [trainee(False)] * 2  # 60%: striking the 2 lifts nothing
    assert class_amounts(below, [False] * 3 + [True] * 2) == [40_000] * 3 + [0, 0]
    filed = DIRECTED_CLASS_KIND.amounts(five)
    assert amounts_after(DIRECTED_CLASS_KIND, five, filed, [True] + [False] * 4) == [
        0, 40_000, 40_000, 40_000, 0]


def test_other_kinds_keep_each_rows_amount_and_pay_a_struck_row_nothing():
    rows = [{"full_name": "a"}, {"full_name": "b"}]
    assert amounts_after(WORK_FOR_TRAINING_KIND, rows, [150_000, 150_000], [False, True]) == [
        150_000, 0]
    assert amounts_after(WORK_FOR_TRAINING_KIND, rows, [None, None], [True, False]) == [0, None]


def test_a_roster_with_no_one_left_paid_is_refused():
    assert "reject the claim instead" in str(unpaid(DIRECTED_CLASS_KIND, [0, 0])[STRIKES])
    assert unpaid(DIRECTED_CLASS_KIND, [0, 40_000]) == {}
    assert unpaid(WORK_FOR_TRAINING_KIND, [None]) == {}  # priced at acceptance


def test_a_row_as_kept_is_read_back_with_its_dates():
    kept = {"training_end": "2026-03-31", "employed_in_huzhou": "是", "class_name": "A"}
    assert record_row(DIRECTED_CLASS_KIND, kept) == {
        "training_end": date(2026, 3, 31), "employed_in_huzhou": "是", "class_name": "A"}


def test_the_reviews_and_acceptance_strike_and_no_other_form_does():
    striking = {name for name, form in task_forms.FORMS.items() if form.strikes}
    assert striking == {"review", "acceptance"}
    assert "strikes" in task_forms.FORMS["review"].posts
    assert "strikes" not in task_forms.FORMS["payment_result"].posts
    with pytest.raises(InvalidInputError) as refused:
        task_forms.form_of("payment_result").check("paid", "", (Strike(2, "x"),))
    assert set(refused.value.errors) == {STRIKES}
    task_forms.form_of("review").check("approve", "", (Strike(2, "x"),))
