"""Huzhou 004 二 4's whole-class condition for employer-directed training (定向培训):

    区县按照培训后6个月内在我市用人单位实现就业的人数给予首期50%培训补贴（整班在我市就业率达到80%以上
    的，按全班学员人数享受补贴）

The first 50% is paid per trainee employed at a Huzhou employer within 6 months of the
training; when the class's employment rate reaches 80% ("80%以上" includes 80%, as 以上 does in
Chinese rules), it is paid for every trainee of the class. The other 50% stays per person (each
still employed in Huzhou 6 months after starting work).

The class as a whole is filed by the employer with its roster (directed.py, a roster kind of
the enterprise filing): that filing counts the class and its employed trainees and asks this
function how many heads the first 50% pays for. An individual's directed-training claim is still
priced per person (rules.quote).
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.domain.policy.huzhou.rules import DIRECTED_FEN, SOURCE
from workflow.domain.policy.model import Reason, because

CLAUSE = f"{SOURCE} 二 4 整班"
WHOLE_CLASS_PERCENT = 80  # 整班在我市就业率达到80%以上
FIRST_HALF_FEN = DIRECTED_FEN // 2  # 首期50% of 每人800元


@dataclass(frozen=True)
class FirstHalf:
    """How many trainees of a class the first 50% pays for, and why."""

    headcount: int
    amount_fen: int
    reason: Reason


def first_half(class_size: int, employed: int) -> FirstHalf:
    """The first 50% for a class of `class_size` trainees of whom `employed` found work at a
    Huzhou employer within 6 months of the training. Raises ValueError on counts that cannot
    be (a class of no one, more employed than trained, a negative count)."""
    if class_size < 1:
        raise ValueError("a class has at least one trainee")
    if not 0 <= employed <= class_size:
        raise ValueError("the employed trainees are between 0 and the class's size")
    whole = employed * 100 >= WHOLE_CLASS_PERCENT * class_size  # exact: no rounding of the rate
    headcount = class_size if whole else employed
    if whole:
        reason = because("whole_class", CLAUSE, "%(employed)s of %(size)s trainees employed in "
                         "Huzhou within 6 months: 80%% or more, so the whole class is paid",
                         employed=employed, size=class_size)
    else:
        reason = because("whole_class", CLAUSE, "%(employed)s of %(size)s trainees employed in "
                         "Huzhou within 6 months: under 80%%, so the employed are paid",
                         employed=employed, size=class_size)
    return FirstHalf(headcount, headcount * FIRST_HALF_FEN, reason)
