"""A payment's result on its claim: from the bank's file (its batch line is already written)
or recorded by hand from the claim page. Beside `payments`, which completes the payment task
(through `decisions`) and so cannot be imported by it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain.outbox import OutboxResult
from workflow.domain.phrases import said
from workflow.persistence.models import Claim, OutboxEntry, PaymentBatch, PaymentLine
from workflow.services import installments
from workflow.services.errors import ConflictError

_OPEN_BATCH = select(PaymentBatch.number).join(
    PaymentLine, PaymentLine.batch_id == PaymentBatch.id).where(
    PaymentLine.claim_id == bindparam("claim_id"), PaymentLine.is_open)
_OPEN_REQUEST = select(OutboxEntry).where(
    OutboxEntry.claim_id == bindparam("claim_id"), OutboxEntry.kind == "payment_request",
    OutboxEntry.processed_at.is_(None)).order_by(OutboxEntry.id.desc()).limit(1)


def lock_claim(session: Session, claim_id: int) -> None:
    """Hold the claim's row until the transaction ends. Every path that pays a claim (a batch
    taking it, an officer recording a payment by hand) takes this lock and then reads afresh,
    so on PostgreSQL (READ COMMITTED) the second waits for the first and sees what it did;
    SQLite has one writer at a time (BEGIN IMMEDIATE) and ignores FOR UPDATE."""
    session.execute(select(Claim.id).where(Claim.id == claim_id).with_for_update())


def record_result(session: Session, claim: Claim, decision: str, comment: str,
                  now: datetime, payment_line: int | None) -> None:
    """The payment's result: from the bank's file (its batch line is already written), or
    recorded by hand from the claim page, which writes a line without a batch. One partial
    unique index refuses a second live payment of the installment, however it is written."""
    if payment_line is None:
        lock_claim(session, claim.id)
        batch = session.scalar(_OPEN_BATCH, {"claim_id": claim.id})
        if batch is not None:  # its result comes from the bank's file, never by hand as well
            raise ConflictError(said(
                "this claim is in payment batch %(batch)s: import the bank's result", batch=batch))
        _record_by_hand(session, claim, decision, comment, now)
    entry = session.scalar(_OPEN_REQUEST, {"claim_id": claim.id})
    if entry is not None:
        entry.processed_at, entry.result = now, OutboxResult(decision)
    if decision == "paid" and claim.installments:
        installments.set_installments(claim, split.paid(claim.installments, now.isoformat()))


def _record_by_hand(session: Session, claim: Claim, decision: str, comment: str,
                    now: datetime) -> None:
    line = PaymentLine(batch_id=None, claim_id=claim.id, row_number=0,
                       reference=claim.reference, payee_name=claim.account_holder,
                       bank_name=claim.bank_name, account_number=claim.account_number,
                       amount_fen=claim.amount_due_fen,
                       installment=split.number_in_flight(claim.installments), is_open=False,
                       result=decision, reason=comment[:256] or None, result_at=now)
    try:
        with session.begin_nested():
            session.add(line)
            session.flush()
    except IntegrityError as exc:  # paid already, or taken into a batch meanwhile
        raise ConflictError("this claim's payment is already recorded or in a batch; reload "
                            "the claim") from exc
