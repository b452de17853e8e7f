"""Names of the claim's stages, statuses, target groups and decisions.

Target groups: Pengyang plan 二(三) 五类人员 (毕业年度高校毕业生、城乡未继续升学的应届初高中毕业生、
农村转移就业劳动者、城镇登记失业人员、就业困难人员) and 符合条件的企业职工.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    # A later installment (workflow.domain.installments) waits for the bureau to confirm its
    # condition, after the earlier ones were paid.
    INSTALLMENT_CONDITION = "installment_condition"
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

# What the township verifies (003_6bc740e2a48a5116.txt 三、组织保障 (三): 所在乡镇和相关部门（单位）
# 对人员身份进行审核，相关行业主管部门对取证情况进行审核): who the applicant is (name, ID number),
# the household registration that makes them eligible (彭阳户籍, 二(三): the township) and which of
# the five groups they belong to (二(三) 五类人员: target_group), and the account the money goes to
# directly (资金直补个人: it must be the applicant's own). A correction that changes any of these
# after a later stage returned the claim goes back to the township first. The phone is how to
# reach the applicant, not who they are: it is not verified, so changing it alone routes nothing.
IDENTITY_FIELDS = ("full_name", "id_number", "township", "target_group", "bank_name",
                   "account_number", "account_holder")


def identity_changes(changed: Iterable[str]) -> tuple[str, ...]:
    """The identity fields among `changed` (field names), in IDENTITY_FIELDS order."""
    names = set(changed)
    return tuple(name for name in IDENTITY_FIELDS if name in names)


# The decisions each form accepts; a reason is required for every one listed in NEEDS_REASON.
FORM_DECISIONS: dict[str, tuple[str, ...]] = {
    "review": ("approve", "return", "reject"),
    "acceptance": ("approve", "reject"),
    "objection_review": ("uphold", "dismiss"),
    "payment_result": ("paid", "failed"),
    "claim_correction": ("resubmit",),
    "account_correction": ("resubmit",),
    "installment_condition": ("confirm", "lapse"),
}
NEEDS_REASON = frozenset({"return", "reject", "uphold", "dismiss", "failed", "lapse"})
# Decisions that record something and leave the task open (the process does not move): the
# bureau records the start of a later installment's condition, to confirm it when it is due.
HOLDING_DECISIONS: dict[str, tuple[str, ...]] = {"installment_condition": ("schedule",)}


def decisions_of(form: str) -> tuple[str, ...]:
    """Every decision a task of `form` offers: those that move the process, then the rest."""
    return FORM_DECISIONS.get(form, ()) + HOLDING_DECISIONS.get(form, ())

# The applicant's view of the procedure (003_6bc740e2a48a5116.txt 三、组织保障 (三)): apply,
# township and department verify, the county HR bureau accepts, public notice, direct payment.
STAGE_BAR: tuple[tuple[str, frozenset[str]], ...] = (
    ("submitted", frozenset()),
    ("review", frozenset({Stage.TOWNSHIP_REVIEW, Stage.DEPARTMENT_REVIEW, Stage.CORRECTION})),
    ("acceptance", frozenset({Stage.BUREAU_ACCEPTANCE})),
    ("notice", frozenset({Stage.AWAITING_NOTICE, Stage.NOTICE, Stage.OBJECTION_REVIEW})),
    ("payment", frozenset({Stage.PAYMENT, Stage.ACCOUNT_CORRECTION,
                           Stage.INSTALLMENT_CONDITION})),
    ("paid", frozenset()),
)


def stage_bar(stage: str, status: str, closed_stage: str | None) -> list[tuple[str, str]]:
    """Each step of STAGE_BAR with 'done', 'current', 'stopped' (rejected or withdrawn there)
    or 'todo', for a claim at `stage` with `status`."""
    if status == Status.PAID:
        return [(step, "done") for step, _ in STAGE_BAR]
    at = closed_stage if status in (Status.REJECTED, Status.WITHDRAWN) else stage
    index = next((i for i, (_, stages) in enumerate(STAGE_BAR) if at in stages), 1)
    mark = "stopped" if status in (Status.REJECTED, Status.WITHDRAWN) else "current"
    return [(step, "done" if i < index else mark if i == index else "todo")
            for i, (step, _) in enumerate(STAGE_BAR)]
