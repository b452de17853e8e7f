"""The kinds of organisation that register to be paid (issue 19 item 3, Huzhou 004).

An organisation registers as one account with its 统一社会信用代码 (rosters.normalise_credit_code)
and says what it is; what it is decides what it may file:

- an enterprise (企业) files the rosters of its workers (Pengyang 003 二(四)(五), Huzhou 004
  二 4, 三 7, Lanzhou 001 四);
- a training institution (培训机构) files the trainees it trained who obtained a special-ability
  certificate: 004 一 2 "可按照有关规定给予个人或培训机构一定标准的职业培训补贴";
- 004 二 6's evaluation-project funding goes to 各类主体: "依托各行业科研机构、重点企业、各类院校等"
  — so an enterprise, a training institution or another entity (a research institution, a
  school: 其他主体) may file it.
"""

from __future__ import annotations

from workflow.domain.phrases import reason_text

ENTERPRISE = "enterprise"
TRAINING_INSTITUTION = "training_institution"
OTHER_ENTITY = "other_entity"
ORG_TYPES = (ENTERPRISE, TRAINING_INSTITUTION, OTHER_ENTITY)
# English; pages translate them (the Chinese is in the catalogue).
LABELS = {ENTERPRISE: reason_text("Enterprise"),
          TRAINING_INSTITUTION: reason_text("Training institution"),
          OTHER_ENTITY: reason_text("Other entity (research institution, school)")}


def may_file(org_type: str, filers: tuple[str, ...]) -> bool:
    """Whether an organisation of this type may file a kind its pack lets `filers` file."""
    return org_type in filers
