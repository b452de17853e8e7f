"""Huzhou 004 一 2 paid to the training institution (a roster kind a 培训机构 files):

    ...开发或实施专项职业能力评价项目，配套专项职业能力评价证书并纳入职业培训补贴范围。我市返贫监测
    对象、毕业年度高校毕业生...等人群（以下简称“六类人员”）及其他需求人群参加培训并获得上述专项职业
    能力证书的，可按照有关规定给予个人或培训机构一定标准的职业培训补贴。

- 给予个人或培训机构: the person files the kind `special_ability_training` (kinds.py), or the
  institution that trained them files this roster of its trainees; one certificate is paid once,
  to one of them (the shared `certificate_slot`: a claim of either takes it, the other is
  refused while that claim is live).
- Who: the six groups (rules.SIX_GROUPS) and 其他需求人群, every one covered.
- The certificate: a 专项职业能力证书 of an evaluation project of the listed industries
  (industries.INDUSTRIES), obtained within 五's dates (2025-04-01 to 2026-08-01) and by the
  filing day.
- The amount: 一定标准 ... 按照有关规定 is not in the seeds: the same not-configured entry as the
  person's (kinds.SPECIAL_ENTRY, HZ-ZX), which an administrator sets.
- Who reviews: as the person's claim of the kind (filing.workflow_data), the HR bureau's
  reviewers: 一 2 names no industry department, and training subsidies are the HR bureau's
  (004 is issued by 市人力资源和社会保障局 with the others). No township step (the pack's Filing).
"""

from __future__ import annotations

from datetime import date

from workflow.domain.organisations import TRAINING_INSTITUTION
from workflow.domain.phrases import Phrase, phrase, reason_text
from workflow.domain.policy.huzhou.industries import INDUSTRIES, industry_code
from workflow.domain.policy.huzhou.kinds import SPECIAL, SPECIAL_ENTRY
from workflow.domain.policy.huzhou.rules import SIX_GROUPS, SOURCE, VALID_FROM, VALID_TO
from workflow.domain.rosters import Column, RosterKind, Row

INSTITUTION_SPECIAL = "hz_special_ability_institution"
CLAUSE_2 = f"{SOURCE} 一 2"
OTHERS = "其他需求人群"
GROUP_NAMES = (*SIX_GROUPS.values(), OTHERS)
SLOT_PREFIX = "hz_zx:"  # one 专项职业能力证书, paid once to the person or the institution


def slot_of_number(number: str) -> str:
    """The key of a certificate: its number as claims keep it (trimmed, upper case)."""
    return SLOT_PREFIX + number.strip().upper()


def certificate_slot(kind: str | None, certificate_number: str) -> str | None:
    """The person's claim of 一 2 takes the same key as the institution's row for it."""
    return slot_of_number(certificate_number) if kind == SPECIAL else None


def row_slot(row: Row) -> str:
    return slot_of_number(str(row["certificate_number"]))


def trainee_problems(row: Row, filed_on: date) -> dict[str, Phrase]:
    """Column -> why the trainee's row does not meet 一 2 on the filing day."""
    found: dict[str, Phrase] = {}
    if row["person_group"] not in GROUP_NAMES:
        found["person_group"] = phrase("the trainee must be one of %(groups)s (004 一 2 六类人员"
                                       "及其他需求人群)", groups="、".join(GROUP_NAMES))
    if industry_code(row["industry"]) is None:
        found["industry"] = phrase("the industry must be one of those 004 lists: %(names)s",
                                   names="、".join(INDUSTRIES.values()))
    issued = row["certificate_issued_on"]
    assert isinstance(issued, date)
    if issued > filed_on or not VALID_FROM <= issued <= VALID_TO:
        found["certificate_issued_on"] = phrase(
            "the certificate must be obtained by the filing day, within %(start)s to %(end)s "
            "(004 五)", start=VALID_FROM.isoformat(), end=VALID_TO.isoformat())
    return found


INSTITUTION_SPECIAL_KIND = RosterKind(
    kind=INSTITUTION_SPECIAL, pack_id="huzhou",
    title=reason_text("Special-ability certificate training, paid to the training institution "
                      "(湖州 一 2)"),
    notice_title="专项职业能力证书职业培训补贴",
    clause=CLAUSE_2,
    columns=(Column("full_name", "姓名"), Column("id_number", "身份证号码", "id_number"),
             Column("person_group", "人员类别"),
             Column("project_name", "专项职业能力项目（证书名称）"),
             Column("industry", "所属行业"),
             Column("certificate_number", "证书编号"),
             Column("certificate_issued_on", "证书核发日期", "date")),
    problems=trainee_problems, amount_fen=lambda row: None, slot=row_slot,
    reviewer="hr_bureau", entry_of=lambda row: SPECIAL_ENTRY,
    filers=(TRAINING_INSTITUTION,),
    attestation=reason_text(
        "The training institution confirms that it trained each trainee listed, who then "
        "obtained the special-ability certificate "
        "(湖州 004 一 2 参加培训并获得上述专项职业能力证书)."),
    certificate_slot=row_slot)
