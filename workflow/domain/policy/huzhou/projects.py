"""Huzhou 004 二 6: funding for developing evaluation projects, paid to the organisation:

    依托各行业科研机构、重点企业、各类院校等，加大培训评价项目研发力度，对各类主体承接八大新兴产业链以及
    养老护理、电子商务、托育服务行业职业技能等级认定（含新职业、国家职业标准、职业技能等级认定题库）、专项
    职业能力等评价项目开发更新的，开发成果经评审符合资助条件的，给予每个项目最高5万元补贴资助。具体规则
    按照市人力社保局与相关行业主管部门制定的实施办法执行。

- Who: 各类主体 — research institutions, key enterprises, schools: any registered organisation
  (organisations.ORG_TYPES: an enterprise, a training institution, another entity).
- What: one project of a listed industry (industries.INDUSTRIES), of a type 二 6 names
  (TYPES), whose result passed review (经评审符合资助条件): the organisation attaches the review's
  conclusion and gives its day, within 五's dates (the measures apply 2025-04-01 to 2026-08-01)
  and not after the filing day.
- How much: 每个项目最高5万元 is a ceiling; the standard below it is left to the implementing
  measures (具体规则按照...实施办法执行), not in the seeds: "not configured" until an
  administrator sets entry HZ-XM. A project is paid the least of what it asked, the standard
  set and 50,000 yuan; it may ask for no more than 50,000 yuan.
- Who reviews: the implementing measures are the HR bureau's with the industry's department
  (市人力社保局与相关行业主管部门): the industry's department reviews the project
  (industries.DEPARTMENT_OF, as 二 5 and 三 7 route theirs), then the HR bureau accepts it.
"""

from __future__ import annotations

from datetime import date

from workflow.domain.organisations import ORG_TYPES
from workflow.domain.phrases import Phrase, phrase, reason_text
from workflow.domain.policy.huzhou.industries import DEPARTMENT_OF, INDUSTRIES
from workflow.domain.policy.huzhou.rules import SOURCE, VALID_FROM, VALID_TO
from workflow.domain.policy.model import SettableEntry
from workflow.domain.projects import ProjectFacts, ProjectKind

EVALUATION_PROJECT = "hz_evaluation_project"
PROJECT_ENTRY = "HZ-XM"
CLAUSE_6 = f"{SOURCE} 三 6"
CAP_FEN = 50_000_00  # 给予每个项目最高5万元
# 职业技能等级认定（含新职业、国家职业标准、职业技能等级认定题库）、专项职业能力
TYPES = {"skill_level": "职业技能等级认定", "new_occupation": "职业技能等级认定（新职业）",
         "national_standard": "职业技能等级认定（国家职业标准）",
         "question_bank": "职业技能等级认定题库", "special_ability": "专项职业能力"}


def problems(facts: ProjectFacts, filed_on: date) -> dict[str, Phrase]:
    """Field -> why the project does not meet 三 6 on the filing day."""
    found: dict[str, Phrase] = {}
    if facts.project_type not in TYPES:
        found["project_type"] = phrase("the project must be one of %(types)s (004 三 6)",
                                       types="、".join(TYPES.values()))
    if facts.industry not in INDUSTRIES:
        found["industry"] = phrase("the industry must be one of those 004 lists: %(names)s",
                                   names="、".join(INDUSTRIES.values()))
    if facts.reviewed_on > filed_on or not VALID_FROM <= facts.reviewed_on <= VALID_TO:
        found["reviewed_on"] = phrase(
            "the review must have concluded by the filing day, within %(start)s to %(end)s "
            "(004 五)", start=VALID_FROM.isoformat(), end=VALID_TO.isoformat())
    if not 0 < facts.requested_fen <= CAP_FEN:
        found["requested_fen"] = phrase("ask for more than 0 and at most 50,000 yuan "
                                        "(004 三 6 每个项目最高5万元)")
    return found


def department_of(facts: ProjectFacts) -> str:
    """The industry's department reviews (市人力社保局与相关行业主管部门)."""
    return DEPARTMENT_OF.get(facts.industry, "hr_bureau")


EVALUATION_PROJECT_KIND = ProjectKind(
    kind=EVALUATION_PROJECT, pack_id="huzhou",
    title=reason_text("Evaluation project development funding, paid to the organisation "
                      "(湖州 三 6)"),
    notice_title="评价项目开发资助", clause=CLAUSE_6, types=TYPES, industries=INDUSTRIES,
    problems=problems, department_of=department_of, entry=PROJECT_ENTRY, cap_fen=CAP_FEN,
    filers=ORG_TYPES)

PROJECTS = (EVALUATION_PROJECT_KIND,)
ENTRIES = (SettableEntry(PROJECT_ENTRY, "评价项目开发资助 每个项目 (三 6, 最高5万元)", CLAUSE_6),)
