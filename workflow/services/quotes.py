"""Quotes: a claim evaluated under its policy pack without filing it, and at acceptance.

The person's earlier subsidies are counted from the database: claims accepted (amount fixed)
or paid, never those filed, rejected or withdrawn (issue: caps count what was accepted or paid).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.domain.claims import Status
from workflow.domain.identity import InvalidIdNumberError, normalise_id_number
from workflow.domain.policy import DEFAULT_PACK, PACKS, Quote, QuoteRequest, quote
from workflow.persistence.models import Claim, PolicyAmount


def accepted_before(session: Session, id_number: str, except_claim: int | None = None) -> int:
    """Claims of this person that were accepted or paid (the cap counts these only)."""
    if not id_number:
        return 0
    return session.scalar(select(func.count()).select_from(Claim).where(
        Claim.id_number == id_number, Claim.id != (except_claim or 0),
        Claim.accepted_at.is_not(None),
        Claim.status.in_([Status.IN_PROGRESS, Status.PAID]))) or 0


def quote_for(session: Session, township: str, target_group: str, certificate_code: str,
              certificate_level: str, certificate_issued_on: date, today: date,
              id_number: str = "", except_claim: int | None = None,
              pack_id: str = DEFAULT_PACK, kind: str = "certificate",
              occupation_code: str = "", years: int = 1) -> Quote:
    """The pack's answer for these facts, the person's accepted subsidies counted."""
    try:
        number = normalise_id_number(id_number) if id_number else ""
    except InvalidIdNumberError:
        number = id_number
    return quote(QuoteRequest(township, target_group, certificate_code, certificate_level,
                              certificate_issued_on, today, number,
                              accepted_before(session, number, except_claim),
                              set_amounts(session, pack_id), kind, occupation_code, years),
                 pack_id)


def set_amounts(session: Session, pack_id: str = DEFAULT_PACK) -> tuple[tuple[str, int], ...]:
    """Amounts administrators set for entries the source lost, for the pack's version."""
    version = PACKS[pack_id].version
    rows = session.execute(select(PolicyAmount.entry_code, PolicyAmount.amount_fen).where(
        PolicyAmount.pack_id == pack_id, PolicyAmount.pack_version == version)
        .order_by(PolicyAmount.entry_code))
    return tuple((code, fen) for code, fen in rows)


def quote_claim(session: Session, claim: Claim, today: date) -> Quote:
    return quote_for(session, claim.township, claim.target_group, claim.certificate_code,
                     claim.certificate_level, claim.certificate_issued_on, today,
                     claim.id_number, claim.id, claim.policy_pack or DEFAULT_PACK)


def quote_claim_with(claim: Claim, today: date, accepted: int,
                     amounts: tuple[tuple[str, int], ...]) -> Quote:
    """`quote_claim` with the person's accepted count and the set amounts already read (a
    page of claims is quoted from one query each)."""
    return quote(QuoteRequest(claim.township, claim.target_group, claim.certificate_code,
                              claim.certificate_level, claim.certificate_issued_on, today,
                              claim.id_number, accepted, amounts, "certificate", "", 1),
                 claim.policy_pack or DEFAULT_PACK)
