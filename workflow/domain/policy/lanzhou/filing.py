"""Filing a claim under Lanzhou New Area's pack (000_52f3d35499bfb498.txt): a kind of subsidy
and the facts that kind needs, checked with the pack's own quote (workflow.domain.policy.filing);
no township step, the HR bureau's reviewers review it (the document names no reviewer). An
occupation is named as 附件2 prints it; the claim records its 附件2 entry in force on the filing
day (B-109), or the course of an entrepreneurship training.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from workflow.domain.policy.filing import (
    KIND_OPTIONAL,
    MISSING,
    filing_problems,
    hr_bureau_data,
    kind_facts,
)
from workflow.domain.policy.lanzhou.high_skill import entry_of
from workflow.domain.policy.lanzhou.rules import COURSES, FIRST, FIVE_GROUPS, KINDS
from workflow.domain.policy.lanzhou.tables import Occupations, plain_name
from workflow.domain.policy.model import FiledFacts, Filing, Quote
from workflow.domain.policy.scans import CERTIFICATE, ID_CARD

PACK_ID = "lanzhou"
# 二(一)–(三): the five groups, enterprise employees, entrepreneurs.
GROUPS = (*FIVE_GROUPS, "enterprise_employee", "entrepreneur")
# The facts each kind needs beyond identity, certificate number, date, issuer and account:
# 四(一) (hours by category or course), 附件2 (occupation, course), 备注3 (level and years of
# apprenticeship), 四(三) (the evaluation fee), 001 七 (the level rewarded), 备注5 (the skill
# certificate obtained, and employment after employment-skills training), 备注2 (technician
# training's level and conditions), 001 四 (the competition and award), 002 二(五) (the
# occupation trained, its level where it is a high-skill one).
REQUIRED: dict[str, tuple[str, ...]] = {
    "employment_skills": ("certificate_name", "class_hours", "skill_certificate", "employed"),
    "job_skills": ("certificate_name", "class_hours", "skill_certificate"),
    "entrepreneurship": ("course", "class_hours"),
    "apprenticeship": ("certificate_name", "certificate_level", "years"),
    "evaluation": ("certificate_name", "fee_fen"),
    "special_ability": ("certificate_name",),
    "technician_reward": ("certificate_name", "certificate_level"),
    "technician_training": ("certificate_name", "certificate_level", "front_line_post",
                            "declaration_met", "by_training"),
    "competition_reward": ("certificate_name", "award_level"),
    "living_allowance": ("certificate_name",),
}
# The facts only some of Lanzhou's kinds ask (the claim's columns of the same names); the form
# may leave them empty. project_based is never required: not said is not project-based.
FACTS = ("front_line_post", "declaration_met", "by_training", "skill_certificate", "employed",
         "project_based", "award_level")
OPTIONAL = (*KIND_OPTIONAL, *FACTS)
# Every kind is paid on a certificate obtained (附件2 备注5 取得职业技能等级证书…给予培训补贴;
# 四(三) 评价取证; 001 七 技师、高级技师) to a person the bureau names in its published list (四(四)
# 人员名单（含隐藏部分位数的身份证号码）): the ID card and the certificate (备注2: the technician
# certificate; 001 四: the award certificate; 002 二(五): the certificate of the training).
# 备注2's post and conditions and 备注5's employment are stated by the applicant and checked by
# the reviewer from the papers the employer gives; no scan kind holds those yet.
SCANS = {kind: (ID_CARD, CERTIFICATE) for kind in KINDS}
# The kinds whose claim carries a training certificate numbered by 附件4.
TRAINING_KINDS = ("employment_skills", "job_skills", "entrepreneurship")
# 附件2 创业培训 as an applicant chooses a course: its name and amount.
COURSE_LABELS = {code: f"{name} ({fen // 100} 元)" for code, (fen, name, _, _) in COURSES.items()}


def problems(facts: FiledFacts, today: date, filed_on: date,
             quote: Callable[[], Quote]) -> dict[str, str]:
    """The quote's refusals at filing; an entrepreneurship training names its course."""
    found = filing_problems(quote())
    if facts.subsidy_kind == "entrepreneurship" and not facts.course:
        found.setdefault("course", MISSING)
    return found


def course_name(course: str) -> str:
    """The course as 附件2 names it (GYB, SYB, …, 网创培训)."""
    return COURSES[course][1] if course in COURSES else course


def recorded(facts: FiledFacts, tables: Occupations = FIRST) -> dict[str, Any]:
    """No township; the occupation's 附件2 entry in force on the filing day as the code (the
    course of an entrepreneurship training), and the course as the name where none is given."""
    if facts.subsidy_kind == "entrepreneurship":
        return {"township": "", "certificate_code": facts.course or "",
                "certificate_name": facts.certificate_name or course_name(facts.course or "")}
    entry = entry_of(facts.subsidy_kind, facts.certificate_level, facts.award_level or "")
    if facts.subsidy_kind in ("technician_training", "competition_reward"):
        # The entry that prices it (TECH, AWARD-GOLD, ...), which amount_impact reads.
        return {"township": "", "certificate_code": entry or ""}
    return {"township": "", "certificate_code":
            tables.code_of.get(plain_name(facts.certificate_name), "")}


def workflow_data(facts: FiledFacts) -> dict[str, Any]:
    return hr_bureau_data(PACK_ID, facts)


def quote_facts(facts: FiledFacts) -> dict[str, Any]:
    """The occupation by name (附件2 has no codes), and the training certificate's number
    for the training kinds (附件4 names its centre)."""
    if not facts.subsidy_kind:
        return {}
    kind = facts.subsidy_kind
    found = {**kind_facts(facts),
             "occupation_name": "" if kind == "entrepreneurship" else facts.certificate_name,
             **{name: getattr(facts, name) for name in FACTS}}
    found["skill_certificate"] = facts.skill_certificate or ""
    found["award_level"] = facts.award_level or ""
    if kind in TRAINING_KINDS:
        found["training_certificate_number"] = facts.certificate_number
    return found


FILING = Filing(template="packs/lanzhou/form.html", facts="subsidy_kind", groups=GROUPS,
                problems=problems, recorded=recorded, workflow_data=workflow_data,
                quote_facts=quote_facts, township_review=False, kinds=KINDS, required=REQUIRED,
                optional=OPTIONAL, courses=COURSE_LABELS, scans=SCANS, columns=FACTS)
