"""Names of the claim's stages, statuses, target groups and decisions.

Target groups: Pengyang plan 二(三) 五类人员 (毕业年度高校毕业生、城乡未继续升学的应届初高中毕业生、
农村转移就业劳动者、城镇登记失业人员、就业困难人员) and 符合条件的企业职工.
"""

from __future__ import annotations

from enum import StrEnum

# The `rev` of claims made by `butie seed` for load tests: no workflow state behind them.
SEEDED_REV = "seeded"


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    PAID = "paid"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Stage(StrEnum):
    TOWNSHIP_REVIEW = "township_review"
    DEPARTMENT_REVIEW = "department_review"
    CORRECTION = "correction"
    BUREAU_ACCEPTANCE = "bureau_acceptance"
    AWAITING_NOTICE = "awaiting_notice"  # accepted, not yet in a published notice batch
    NOTICE = "notice"
    OBJECTION_REVIEW = "objection_review"
    PAYMENT = "payment"
    ACCOUNT_CORRECTION = "account_correction"
    CLOSED = "closed"


# Stages at which the applicant may still withdraw (before bureau acceptance, issue 2).
WITHDRAWABLE = frozenset({Stage.TOWNSHIP_REVIEW, Stage.DEPARTMENT_REVIEW, Stage.CORRECTION})

TARGET_GROUPS: dict[str, str] = {
    "graduate": "毕业年度高校毕业生",
    "school_leaver": "城乡未继续升学的应届初高中毕业生",
    "rural_migrant": "农村转移就业劳动者",
    "registered_unemployed": "城镇登记失业人员",
    "hard_to_employ": "就业困难人员",
    "enterprise_employee": "符合条件的企业职工",
}

# The decisions each form accepts; a reason is required for every one listed in NEEDS_REASON.
FORM_DECISIONS: dict[str, tuple[str, ...]] = {
    "review": ("approve", "return", "reject"),
    "acceptance": ("approve", "reject"),
    "objection_review": ("uphold", "dismiss"),
    "payment_result": ("paid", "failed"),
    "claim_correction": ("resubmit",),
    "account_correction": ("resubmit",),
}
NEEDS_REASON = frozenset({"return", "reject", "uphold", "dismiss", "failed"})
