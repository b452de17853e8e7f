"""Messages to applicants: one way to write them, one listener that hears every milestone, and
the applicant's list of them (read or unread).

Every claim action is audited in its own transaction (`instances.audit`), and that function
hands each event to `on_audit` here: the table in `workflow.domain.milestones`, keyed on the
event's (action, stage, decision), says whether it is a milestone and what the message says,
so no use case has to remember to tell anyone. A message is a `Notification` row; the
persistence layer adds its SMS to the outbox in the same flush (`message_tables`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain.departments import department_name
from workflow.domain.identity import mask_account, mask_numbers_in
from workflow.domain.milestones import BUREAU, Facts, template_for
from workflow.domain.sms import mask_phone
from workflow.domain.townships import township_name
from workflow.persistence.models import (
    Claim,
    NoticeBatch,
    Notification,
    PaymentLine,
    SmsMessage,
)

PAGE = 20


def tell(session: Session, user_id: int, claim_id: int | None, kind: str, message: str,
         now: datetime) -> Notification:
    """Leave a message for the user (and, with it, its SMS): in the caller's transaction."""
    note = Notification(user_id=user_id, claim_id=claim_id, kind=kind,
                        message=mask_numbers_in(message), created_at=now)
    session.add(note)
    return note


def on_audit(session: Session, claim: Claim | None, action: str, fields: dict[str, Any],
             now: datetime) -> None:
    """Tell the applicant about this audit event if it is a milestone of their claim."""
    if claim is None:
        return
    stage, decision = fields.get("stage"), fields.get("decision")
    template = template_for(action, stage, decision)
    if template is None:
        return
    message = template(_facts(session, claim, action, stage, str(fields.get("comment") or "")))
    tell(session, claim.applicant_id, claim.id, message.kind, message.text, now)


def _office(claim: Claim, stage: str | None) -> str:
    """Who decided at `stage`, as the applicant knows them."""
    if stage == "township_review":
        return township_name(claim.township)
    if stage == "department_review" and claim.department:
        return department_name(claim.department)
    return BUREAU


def _facts(session: Session, claim: Claim, action: str, stage: str | None,
           comment: str) -> Facts:
    facts: dict[str, Any] = {"reference": claim.reference, "office": _office(claim, stage),
                             "reason": comment, "amount_fen": claim.amount_due_fen,
                             "paid_before": split.any_paid(claim.installments)}
    if action == "published" and claim.notice_batch_id is not None:
        batch = session.get(NoticeBatch, claim.notice_batch_id)
        if batch is not None:
            facts.update(notice_number=batch.number, notice_ends_on=batch.ends_on)
    if stage == "payment":  # the line just recorded: its amount, and its account's tail
        line = session.scalar(select(PaymentLine).where(
            PaymentLine.claim_id == claim.id, PaymentLine.result.is_not(None))
            .order_by(PaymentLine.result_at.desc(), PaymentLine.id.desc()).limit(1))
        if line is not None:
            facts.update(amount_fen=line.amount_fen,
                         account_tail=mask_account(line.account_number)[-4:])
    return Facts(**facts)


@dataclass(frozen=True)
class Listed:
    """A message as the applicant's list shows it."""

    id: int
    created_at: datetime
    kind: str
    message: str
    claim_id: int | None
    reference: str | None
    read: bool
    sms_status: str | None  # None: no SMS (no mobile number on file)
    sms_phone: str | None  # where it went, masked (138****0000)


def messages_of(session: Session, user_id: int, page: int = 1) -> tuple[list[Listed], int]:
    """The user's messages, newest first, a page at a time, and how many there are."""
    total = session.scalar(select(func.count()).select_from(Notification)
                           .where(Notification.user_id == user_id)) or 0
    rows = session.execute(
        select(Notification, Claim.reference, SmsMessage.status, SmsMessage.phone)
        .outerjoin(Claim, Claim.id == Notification.claim_id)
        .outerjoin(SmsMessage, SmsMessage.notification_id == Notification.id)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(PAGE).offset(PAGE * (max(1, page) - 1)))
    return [Listed(n.id, n.created_at, n.kind, n.message, n.claim_id, reference,
                   n.read_at is not None, status, mask_phone(phone) if phone else None)
            for n, reference, status, phone in rows], total


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def mark_read(session: Session, user_id: int, now: datetime,
              ids: Sequence[int] | None = None) -> int:
    """Mark the user's unread messages (those of `ids`, or all) read; how many were."""
    query = update(Notification).where(Notification.user_id == user_id,
                                       Notification.read_at.is_(None))
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    result = session.execute(query.values(read_at=now).execution_options(
        synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
