"""Huzhou 004 二 4's other 50% of directed training, filed by the employer after its class's
first 50% (directed.py):

    区县按照培训后6个月内在我市用人单位实现就业的人数给予首期50%培训补贴（整班在我市就业率达到80%以上
    的，按全班学员人数享受补贴），对就业人员在实现就业后6个月仍在湖就业的，给予其余50%补贴。在我市开班
    培训的补贴标准统一为每人800元。

- Per person, never the whole class: 其余50% is given 对就业人员 ... 仍在湖就业的, each employed
  trainee who is still at work in Huzhou; the bracket 整班...按全班学员人数 qualifies 首期50% alone
  (it sits inside the first half's sentence, before the comma that starts the second). A class
  paid whole at 80% still pays its unemployed trainees nothing more.
- Only the 就业人员 of the first filing: a trainee the first filing counted as employed in
  Huzhou within 6 months of the training (directed.employed), on the day it gave. The rest is
  the rest of that first half, so the first filing must have been paid (the services check).
- Judged 6 months after the day work began (实现就业后6个月): a trainee's row is refused until
  that day has passed, with the day it may be filed.
- 其余50% of 每人800元: 800 less the first half's 400, so 400 yuan a trainee who is still
  employed; a trainee no longer employed in Huzhou (否) is paid nothing, and his second half is
  settled then (one slot a worker, as every roster kind's).
- Filed after 五's end date (2026-08-01) too: the first half already held the class to it (its
  training ended within 五's dates); the rest is the second part of that same subsidy, which
  二 4 makes due only 6 months after work began, which may well be after 2026-08-01.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from dateutil.relativedelta import relativedelta

from workflow.domain.phrases import Phrase, phrase, reason_text
from workflow.domain.policy.huzhou.directed import DIRECTED_CLASS, MONTHS, NO, YES, employed
from workflow.domain.policy.huzhou.rules import DIRECTED_FEN, SOURCE
from workflow.domain.policy.huzhou.whole_class import FIRST_HALF_FEN
from workflow.domain.rosters import Column, RosterKind, Row

DIRECTED_SECOND = "hz_directed_training_second"  # 二 4 其余50%, filed by the employer
CLAUSE_4_REST = f"{SOURCE} 二 4 其余50%"
SECOND_HALF_FEN = DIRECTED_FEN - FIRST_HALF_FEN  # 其余50% of 每人800元


def _day(value: Any) -> date | None:
    """A stored fact's day (ISO text, as roster rows keep dates) or a parsed one."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def employed_trainees(first_rows: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, date]]:
    """ID number -> (name, day work began) of the trainees the first filing counted as employed
    in Huzhou within 6 months of the training (its rows as stored: dates as ISO text)."""
    found: dict[str, tuple[str, date]] = {}
    for row in first_rows:
        parsed = {**row, "training_end": _day(row.get("training_end")),
                  "employed_on": _day(row.get("employed_on"))}
        on = parsed.get("employed_on")
        if employed(parsed) and isinstance(on, date):
            found[str(row["id_number"])] = (str(row["full_name"]), on)
    return found


def judged_on(employed_on: date) -> date:
    """The day the trainee's second half can be judged: 6 months after work began."""
    return employed_on + relativedelta(months=MONTHS)


def second_half_problems(row: Row, filed_on: date, first: str = "",
                         employed_list: Mapping[str, tuple[str, date]] | None = None
                         ) -> dict[str, Phrase]:
    """Column -> why the trainee's row cannot take the second half on the filing day, against
    the first filing `first` and the trainees it counted as employed (`employed_list`)."""
    found: dict[str, Phrase] = {}
    known = (employed_list or {}).get(str(row["id_number"]))
    if known is None:
        found["id_number"] = phrase(
            "this trainee is not among those claim %(claim)s counted as employed in Huzhou: "
            "the rest is paid to them only (004 二 4 对就业人员)", claim=first)
        return found
    name, on = known
    if row["full_name"] != name:
        found["full_name"] = phrase("claim %(claim)s names this trainee %(name)s",
                                    claim=first, name=name)
    if _day(row.get("employed_on")) != on:
        found["employed_on"] = phrase("claim %(claim)s gives %(day)s as the day work began",
                                      claim=first, day=on.isoformat())
    elif judged_on(on) > filed_on:
        found["employed_on"] = phrase(
            "6 months after starting work have not passed: file this trainee from %(day)s "
            "(004 二 4 实现就业后6个月)", day=judged_on(on).isoformat())
    still = row.get("still_employed")
    if still not in (YES, NO):
        found["still_employed"] = phrase("write 是 or 否")
    elif still == YES and not row.get("employer"):
        found["employer"] = phrase("the employer in Huzhou is required when still employed")
    return found


def second_half_fen(row: Row) -> int:
    """400 yuan for a trainee still employed in Huzhou, nothing for one who is not."""
    return SECOND_HALF_FEN if row.get("still_employed") == YES else 0


def following(kind: RosterKind, first: str,
              first_rows: Sequence[Mapping[str, Any]]) -> RosterKind:
    """The kind whose rows are checked against the first filing `first` (its reference) and
    its rows as stored (with each trainee's name and whole ID number)."""
    return replace(kind, problems=partial(second_half_problems, first=first,
                                          employed_list=employed_trainees(first_rows)))


DIRECTED_SECOND_KIND = RosterKind(
    kind=DIRECTED_SECOND, pack_id="huzhou",
    title=reason_text("Directed training of a class, other 50%, paid to the employer "
                      "(湖州 二 4)"),
    notice_title="定向培训其余50%",
    clause=CLAUSE_4_REST,
    columns=(Column("full_name", "学员姓名"), Column("id_number", "身份证号码", "id_number"),
             Column("employed_on", "就业日期", "date"),
             Column("still_employed", "就业后6个月是否仍在湖就业（是/否）"),
             Column("employer", "在湖就业单位", required=False)),
    # Unbound (no first filing named), every row is refused: following() binds the first.
    problems=second_half_problems, amount_fen=second_half_fen,
    slot=lambda row: DIRECTED_SECOND, follows=DIRECTED_CLASS, following=following,
    attestation=reason_text(
        "The employer confirms that each trainee listed is still employed in Huzhou six months "
        "after starting work as stated, and names the employer where they work (湖州 004 二 4 "
        "就业后6个月仍在湖就业的，给予其余50%)."))
