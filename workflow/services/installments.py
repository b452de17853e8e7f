"""Claims paid in installments: confirming or lapsing the next installment's condition, and
recording the day it started."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain import policy
from workflow.domain.numerals import plain_yuan
from workflow.domain.phrases import Said, phrase
from workflow.persistence.models import Claim, Notification
from workflow.services import pack_versions, quotes
from workflow.services.errors import ConflictError, InvalidInputError


def _tell(session: Session, claim: Claim, now: datetime, kind: str, message: str) -> None:
    """A message on the applicant's claim page, as payments leave one (no SMS gateway here)."""
    session.add(Notification(user_id=claim.applicant_id, claim_id=claim.id, kind=kind,
                             message=message, created_at=now))


def set_installments(claim: Claim, records: list[dict[str, Any]]) -> None:
    """New records, and the claim's amount as what they commit (the budget counts it)."""
    claim.installments, claim.amount_fen = records, split.committed_fen(records)


def decide(session: Session, claim: Claim, decision: str, comment: str,
           started_on: date | None, now: datetime) -> dict[str, Any]:
    """Confirm the next installment's condition (it goes to notice and payment), or lapse it
    and every later one (the claim ends paid with what was paid)."""
    records, waiting = _next_waiting(claim)
    if decision == "lapse":
        set_installments(claim, split.lapse(records, now.isoformat(), comment))
        _tell(session, claim, now, "installment_lapsed",
              f"您的职业培训补贴第{waiting['number']}期起不再发放：{comment}")
        return {f"installment {waiting['number']}": {"from": split.AWAITING,
                                                     "to": split.LAPSED}}
    if started_on is None and waiting.get("started_on"):  # recorded earlier (schedule)
        started_on = date.fromisoformat(waiting["started_on"])
    started_on = _given(started_on)
    today = pack_versions.county_date(now)
    try:
        confirmed = split.confirm(records, started_on, today, now.isoformat())
    except split.ConditionNotMet as exc:
        raise InvalidInputError({"started_on": exc.args[0]}) from exc  # a Said, if one
    claim_pack = policy.pack(claim.policy_pack)
    if claim_pack.confirmation is not None:  # e.g. a later year is that year's subsidy
        found = claim_pack.confirmation(
            quotes.history(session, claim.id_number, claim_pack.pack_id, claim.id), today)
        if not found.passed:
            raise InvalidInputError({"decision": Said(phrase("cannot confirm: %(reason)s",
                                                             reason=found.cited()))})
    set_installments(claim, confirmed)
    _tell(session, claim, now, "installment_confirmed",
          f"您的职业培训补贴第{waiting['number']}期（{plain_yuan(waiting['amount_fen'])} 元）"
          "发放条件已确认，经公示无异议后发放。")
    return {f"installment {waiting['number']}": {"from": split.AWAITING, "to": split.CONFIRMED},
            "started_on": {"from": "", "to": started_on.isoformat()}}


def schedule(session: Session, claim: Claim, started_on: date | None,
             now: datetime) -> dict[str, Any]:
    """Record the start of the next installment's condition before it can be confirmed: the
    claim then shows, in the queue too, the first day it can be (Huzhou 004 4 其余50%: six
    months after employment began)."""
    records, waiting = _next_waiting(claim)
    started_on = _given(started_on)
    try:
        claim.installments = split.schedule(records, started_on,
                                            pack_versions.county_date(now), now.isoformat())
    except split.ConditionNotMet as exc:
        raise InvalidInputError({"started_on": exc.args[0]}) from exc  # a Said, if one
    confirm_from = split.earliest_confirmation(waiting, started_on).isoformat()
    _tell(session, claim, now, "installment_scheduled",
          f"您的职业培训补贴第{waiting['number']}期：已记录开始日期 {started_on.isoformat()}，"
          f"自 {confirm_from} 起可确认发放条件。")
    return {"started_on": {"from": waiting.get("started_on", ""), "to": started_on.isoformat()},
            f"installment {waiting['number']} confirm_from": {
                "from": waiting.get("confirm_from", ""), "to": confirm_from}}


def _next_waiting(claim: Claim) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The claim's installments and the next one waiting for its condition."""
    records = claim.installments or []
    waiting = split.next_waiting(records)
    if waiting is None:
        raise ConflictError("no installment of this claim waits for its condition")
    return records, waiting


def _given(started_on: date | None) -> date:
    """The start of employment or apprenticeship, which confirming and recording both need."""
    if started_on is None:
        raise InvalidInputError({"started_on": "give the day employment or the apprenticeship "
                                               "started"})
    return started_on
