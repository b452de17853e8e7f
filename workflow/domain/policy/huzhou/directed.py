"""Huzhou 004 二 4's directed training filed by the employer for its class (a roster kind):

    我市用人单位...委托开展定向培训的，由用人单位、培训机构、学员签订协议。...区县按照培训后6个月内在
    我市用人单位实现就业的人数给予首期50%培训补贴（整班在我市就业率达到80%以上的，按全班学员人数享受
    补贴），对就业人员在实现就业后6个月仍在湖就业的，给予其余50%补贴。在我市开班培训的补贴标准统一为
    每人800元。

The roster is the class: one row per trainee, every row naming the same class and the same last
day of training. The first 50% counts the trainees employed at a Huzhou employer within 6
months of the training, so the class is filed once those 6 months have passed (the count is
then settled); whole_class.first_half says how many heads it pays: the whole class at 80% or
more. The other 50% (6 more months in work, per person) is the employer's follow-up filing
for the same class, after this claim is paid (directed_second.py); an individual's
directed-training claim still carries it as an installment (rules.quote).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dateutil.relativedelta import relativedelta

from workflow.domain.phrases import Phrase, phrase, reason_text
from workflow.domain.policy.huzhou.rules import SOURCE, VALID_FROM, VALID_TO
from workflow.domain.policy.huzhou.whole_class import FIRST_HALF_FEN, first_half
from workflow.domain.rosters import Column, RosterKind, Row

DIRECTED_CLASS = "hz_directed_training_class"  # 二 4, filed by the employer
CLAUSE_4 = f"{SOURCE} 二 4 首期50%"
MONTHS = 6  # 培训后6个月内
YES, NO = "是", "否"


def _day(row: Row, name: str) -> date | None:
    value = row.get(name)
    return value if isinstance(value, date) else None


def employed(row: Row, ended: date | None = None) -> bool:
    """The trainee found work at a Huzhou employer within 6 months of the training."""
    on, ended = _day(row, "employed_on"), ended or _day(row, "training_end")
    return (row.get("employed_in_huzhou") == YES and on is not None and ended is not None
            and on <= ended + relativedelta(months=MONTHS))


def trainee_problems(row: Row, filed_on: date) -> dict[str, Phrase]:
    """Column -> why the trainee's row cannot be counted on the filing day."""
    found: dict[str, Phrase] = {}
    ended = _day(row, "training_end")
    assert ended is not None
    if not VALID_FROM <= ended <= VALID_TO:
        found["training_end"] = phrase(
            "training must end within %(start)s to %(end)s (004 五)",
            start=VALID_FROM.isoformat(), end=VALID_TO.isoformat())
    elif ended + relativedelta(months=MONTHS) > filed_on:
        found["training_end"] = phrase(
            "the class is filed once 6 months have passed since the training ended, when the "
            "trainees employed within them are known (004 二 4 培训后6个月内)")
    if row.get("employed_in_huzhou") not in (YES, NO):
        found["employed_in_huzhou"] = phrase("write 是 or 否")
    on = _day(row, "employed_on")
    if row.get("employed_in_huzhou") == YES and on is None:
        found["employed_on"] = phrase("the day the trainee started work is required when "
                                      "employed in Huzhou")
    elif on is not None and on > filed_on:
        found["employed_on"] = phrase("a day after the filing day")
    return found


def class_amounts(rows: Sequence[Row], struck: Sequence[bool] = ()) -> list[int]:
    """What each trainee's row pays of the first 50%: every row when the class reaches 80%
    employed in Huzhou (整班), else the employed rows (whole_class.first_half).

    A trainee a reviewer struck out (workflow.domain.roster_strikes) is paid nothing and counts
    as not employed, but stays in the class: 二 4 measures 整班在我市就业率 over 全班学员, the
    class trained under the agreement (由用人单位、培训机构、学员签订协议), which a strike does not
    change; the remaining rows are recomputed against it. So a strike never lifts a class over
    80% (striking its unemployed trainees) nor raises any row; changing who was in the class is
    correcting the roster, not striking a worker."""
    out = list(struck) or [False] * len(rows)
    counted = [employed(r) and not gone for r, gone in zip(rows, out, strict=True)]
    half = first_half(len(rows), sum(counted))
    whole = half.headcount == len(rows)
    return [0 if gone else FIRST_HALF_FEN if whole or c else 0
            for c, gone in zip(counted, out, strict=True)]


DIRECTED_CLASS_KIND = RosterKind(
    kind=DIRECTED_CLASS, pack_id="huzhou",
    title=reason_text("Directed training of a class, first 50%, paid to the employer (湖州 二 4)"),
    notice_title="定向培训首期50%",
    clause=CLAUSE_4,
    columns=(Column("full_name", "学员姓名"), Column("id_number", "身份证号码", "id_number"),
             Column("class_name", "培训班名称", same=True),
             Column("training_end", "培训结束日期", "date", same=True),
             Column("employed_in_huzhou", "是否在湖就业（是/否）"),
             Column("employed_on", "就业日期", "date", required=False)),
    attestation=reason_text(
        "The employer confirms that it, the training body and each trainee signed the "
        "directed-training agreement, and that each trainee's employment is stated as it is "
        "(湖州 004 二 4 由用人单位、培训机构、学员签订协议)."),
    problems=trainee_problems, amount_fen=lambda row: None, class_amounts=class_amounts,
    person_kinds=("directed_training",),  # the trainee's own claim of 二 4 (rules.quote)
    slot=lambda row: DIRECTED_CLASS)
