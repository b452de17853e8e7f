"""Filing a claim under a pack other than Pengyang's: what may be filed, and when it is refused.

Pengyang's claims keep their own checks (`eligibility`). A Lanzhou or Huzhou claim is checked
with the pack's own quote at filing: every rule that refuses it refuses the filing, with the
field it is about, except the amount (an amount the source lost stops the claim at bureau
acceptance, not at filing) and the caps (they count accepted or paid claims, so they are
applied at acceptance, as in every pack).

Who reviews: 003 三(三) names the township (identity) and the industry department
(certificate) for Pengyang. 000 (Lanzhou New Area) makes its two social-security service
centres supervise training and keep the ledgers (四(二), 四(四)) but names no reviewer of a
claim; 004 (Huzhou) names none either. Where the documents are silent the HR bureau's own
reviewers (`hr_bureau`) review the claim: identity and certificate together, with the service
centre the training-certificate number names (附件4) shown to them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.domain.phrases import Said
from workflow.domain.policy.huzhou import SIX_GROUPS
from workflow.domain.policy.huzhou import VALID_FROM as HUZHOU_FROM
from workflow.domain.policy.huzhou import VALID_TO as HUZHOU_TO
from workflow.domain.policy.lanzhou import COURSES, FIVE_GROUPS
from workflow.domain.policy.model import Quote

REVIEWER = "hr_bureau"  # the documents name no reviewer: the HR bureau's own
KINDS: dict[str, tuple[str, ...]] = {
    "lanzhou": ("employment_skills", "job_skills", "entrepreneurship", "apprenticeship",
                "evaluation", "special_ability", "technician_reward"),
    "huzhou": ("certificate", "directed_training", "apprenticeship"),
}
# The groups each pack names: Lanzhou 二(一)–(三) (five groups, enterprise employees,
# entrepreneurs), Huzhou 2 (six groups and 其他需求人群).
GROUPS: dict[str, tuple[str, ...]] = {
    "lanzhou": (*FIVE_GROUPS, "enterprise_employee", "entrepreneur"),
    "huzhou": (*SIX_GROUPS, "other"),
}
# 004 五: 本文件自2025年4月1日起施行，有效期至2026年8月1日. Claims are filed within it.
FILING_WINDOWS: dict[str, tuple[date, date]] = {"huzhou": (HUZHOU_FROM, HUZHOU_TO)}
# The claim's field each refusing rule is about (the claim's own names, which the form and
# the API use: certificate_name holds the occupation as the pack prints it, certificate_number
# the training-certificate number for Lanzhou's training kinds).
FIELD_OF_RULE = {
    "plan_period": "certificate_issued_on", "validity": "certificate_issued_on",
    "group": "target_group", "occupation": "certificate_name", "class_hours": "class_hours",
    "certificate_number": "certificate_number", "course": "course",
    "level": "certificate_level", "first_evaluation": "certificate_name",
    "one_off": "certificate_level", "years": "years", "kind": "subsidy_kind",
}
# Lanzhou's kinds whose claim carries a training certificate numbered by 附件4.
TRAINING_KINDS = ("employment_skills", "job_skills", "entrepreneurship")
NOT_AT_FILING = ("amount", "cap", "cap_year", "cap_same")
# The facts each kind needs beyond identity, certificate number, date, issuer and account:
# Lanzhou 四(一) (hours by category or course), 附件2 (occupation, course), 备注3 (level and
# years of apprenticeship), 四(三) (the evaluation fee), 001 七 (the level rewarded); Huzhou 1
# (the occupation code of the shortage list), 4 (the trainee's training), 7 (years).
REQUIRED: dict[tuple[str, str], tuple[str, ...]] = {
    ("lanzhou", "employment_skills"): ("certificate_name", "class_hours"),
    ("lanzhou", "job_skills"): ("certificate_name", "class_hours"),
    ("lanzhou", "entrepreneurship"): ("course", "class_hours"),
    ("lanzhou", "apprenticeship"): ("certificate_name", "certificate_level", "years"),
    ("lanzhou", "evaluation"): ("certificate_name", "fee_fen"),
    ("lanzhou", "special_ability"): ("certificate_name",),
    ("lanzhou", "technician_reward"): ("certificate_name", "certificate_level"),
    ("huzhou", "certificate"): ("certificate_code", "certificate_name"),
    ("huzhou", "directed_training"): ("certificate_name",),
    ("huzhou", "apprenticeship"): ("certificate_name", "years"),
}


def window_problem(pack_id: str, filed_on: date) -> str | None:
    """Why a claim cannot be filed on `filed_on` under the pack (None: it can)."""
    window = FILING_WINDOWS.get(pack_id)
    if window is None or window[0] <= filed_on <= window[1]:
        return None
    return (f"this pack is in force from {window[0].isoformat()} to {window[1].isoformat()} "
            "only: claims under it cannot be filed now")


def filing_problems(quote: Quote) -> dict[str, str]:
    """The pack's refusals at filing, per field (the first reason for each field)."""
    found: dict[str, str] = {}
    for reason in quote.problems():
        if reason.rule in NOT_AT_FILING:
            continue
        found.setdefault(FIELD_OF_RULE.get(reason.rule, "subsidy_kind"), Said(reason.cited()))
    return found


def quote_facts(pack_id: str, kind: str, certificate_code: str, certificate_name: str,
                certificate_number: str, class_hours: int | None, course: str,
                fee_fen: int | None, years: int | None) -> dict[str, Any]:
    """A claim's facts as the pack's quote asks for them (QuoteRequest's fields)."""
    facts: dict[str, Any] = {"kind": kind, "class_hours": class_hours, "course": course,
                             "fee_fen": fee_fen, "years": years or 1}
    if pack_id == "lanzhou":
        facts["occupation_name"] = "" if kind == "entrepreneurship" else certificate_name
        if kind in TRAINING_KINDS:
            facts["training_certificate_number"] = certificate_number
    else:  # Huzhou prices an occupation by its national code
        facts["occupation_code"] = certificate_code
    return facts


def course_name(course: str) -> str:
    """The course as 附件2 names it (GYB, SYB, …, 网创培训)."""
    return COURSES[course][1] if course in COURSES else course
