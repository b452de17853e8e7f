"""What the applicant is told at each milestone of their claim, keyed on the audit event that
records it: (action, stage, decision), the stage being where the decision was taken.

Every claim action is audited in its own transaction (`workflow.services.instances.audit`), so
one table here says which events are milestones and what each message says: the claim number,
what happened, and what to do next. Messages are Chinese because they also go out by SMS
(Pengyang 003 三(三): the HR bureau answers to the worker directly; 12333 speaks Chinese). A
message never carries a whole ID number or bank account: at most the account's last 4 digits,
and reviewers' reasons pass through `mask_numbers_in`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from workflow.domain.identity import mask_numbers_in
from workflow.domain.numerals import plain_yuan

ANY = "*"  # any stage
BUREAU = "县人力资源和社会保障局"
REASON_CHARS = 200  # a reason longer than this is cut (an SMS of 70 characters a part)


@dataclass(frozen=True)
class Facts:
    """What a milestone message may say, as plain values."""

    reference: str
    office: str = BUREAU  # who decided: a township, a department, the bureau
    reason: str = ""
    amount_fen: int | None = None
    account_tail: str = ""  # the account's last 4 digits, never more
    notice_number: str = ""
    notice_ends_on: date | None = None
    paid_before: bool = False  # an earlier installment was paid


@dataclass(frozen=True)
class Message:
    kind: str
    text: str


def _reason(facts: Facts) -> str:
    text = mask_numbers_in(" ".join(facts.reason.split())) or "未说明"
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 1] + "…"


def _yuan(facts: Facts) -> str:
    return plain_yuan(facts.amount_fen or 0)


def _returned(f: Facts) -> Message:
    return Message("returned", f"您的补贴申请 {f.reference} 被{f.office}退回更正，"
                               f"退回理由：{_reason(f)}。请登录更正后重新提交。")


def _rejected(f: Facts) -> Message:
    return Message("rejected", f"您的补贴申请 {f.reference} 未通过{f.office}审核，已被驳回，"
                               f"驳回理由：{_reason(f)}。如有疑问，请联系{f.office}。")


def _township_approved(f: Facts) -> Message:
    return Message("approved", f"您的补贴申请 {f.reference} 已通过{f.office}身份审核，"
                               "下一步由行业主管部门审核证书，无需您操作。")


def _department_approved(f: Facts) -> Message:
    return Message("approved", f"您的补贴申请 {f.reference} 已通过{f.office}证书审核，"
                               f"下一步由{BUREAU}验收，无需您操作。")


def _accepted(f: Facts) -> Message:
    return Message("accepted", f"您的补贴申请 {f.reference} 已通过{BUREAU}验收，核定补贴 "
                               f"{_yuan(f)} 元，将列入公示，无需您操作。")


def _published(f: Facts) -> Message:
    ends = f.notice_ends_on.isoformat() if f.notice_ends_on else ""
    return Message("published", f"您的补贴申请 {f.reference} 已列入公示（{f.notice_number}），"
                                f"公示期至 {ends} 止。公示期满无异议的，补贴将直接发放到您本人"
                                "账户，无需您操作。")


def _objected(f: Facts) -> Message:
    return Message("objection", f"您的补贴申请 {f.reference} 在公示期间收到异议，{BUREAU}核查"
                                "期间暂缓发放，核查结果将另行通知。如需说明情况，请联系"
                                f"{BUREAU}。")


def _upheld(f: Facts) -> Message:
    stops = "本期及以后各期补贴不予发放" if f.paid_before else "该补贴不予发放"
    return Message("objection_upheld", f"对您的补贴申请 {f.reference} 的异议经{BUREAU}核查"
                                       f"成立，{stops}（理由：{_reason(f)}）。如有疑问，请联系"
                                       f"{BUREAU}。")


def _dismissed(f: Facts) -> Message:
    return Message("objection_dismissed", f"对您的补贴申请 {f.reference} 的异议经{BUREAU}核查"
                                          "不成立，补贴将按程序发放，无需您操作。")


def _paid(f: Facts) -> Message:
    return Message("paid", f"您的补贴申请 {f.reference} 的补贴 {_yuan(f)} 元已发放至尾号 "
                           f"{f.account_tail} 的账户，请注意查收。")


def _failed(f: Facts) -> Message:
    # The bank's own reason may quote the account: masked like any reason.
    return Message("failed", f"您的补贴申请 {f.reference} 的补贴发放到尾号 {f.account_tail} "
                             f"的账户未成功（{_reason(f)}），请登录更正银行账户后重新提交。")


Template = Callable[[Facts], Message]
# (action, stage, decision) → message. Later installments confirmed, scheduled or lapsed are
# told by the claim service itself (`installments._tell`), so they are not here.
MILESTONES: dict[tuple[str, str, str | None], Template] = {
    ("decided", ANY, "return"): _returned,
    ("decided", ANY, "reject"): _rejected,
    ("decided", "township_review", "approve"): _township_approved,
    ("decided", "department_review", "approve"): _department_approved,
    ("decided", "bureau_acceptance", "approve"): _accepted,
    ("published", ANY, None): _published,
    # An objection while the window is open holds the claim; a late one holds nothing and is
    # only shown to the bureau, so the applicant is not troubled with it.
    ("objection", ANY, None): _objected,
    ("decided", "objection_review", "uphold"): _upheld,
    ("decided", "objection_review", "dismiss"): _dismissed,
    ("decided", "payment", "paid"): _paid,
    ("decided", "payment", "failed"): _failed,
}


def template_for(action: str, stage: str | None, decision: str | None) -> Template | None:
    """The message of this audit event, if it is a milestone the applicant hears about."""
    return (MILESTONES.get((action, stage or "", decision))
            or MILESTONES.get((action, ANY, decision)))


def is_milestone(action: str, stage: str | None, decision: str | None) -> bool:
    return template_for(action, stage, decision) is not None


def sms_text(reference: str | None, message: str) -> str:
    """The SMS of a site message: the claim number first when the message does not say it
    (the claim service's own installment messages), nothing whole (masked again)."""
    text = message if not reference or reference in message else f"补贴申请 {reference}：{message}"
    return mask_numbers_in(text)
