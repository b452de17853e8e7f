"""Each stage's time limit and expected date for one claim, and the claim's receipt (回执).

The rules are `workflow.domain.time_limits`; this reads what they need: the day the current
stage began (the claim's latest stage visit), the claim's published notice window, and the
statutory calendar an administrator keeps (`holiday_calendar`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain import time_limits
from workflow.domain.access import Actor
from workflow.domain.identity import mask_id_number
from workflow.domain.townships import township_name
from workflow.notices.receipt import LEVELS, Receipt, render_receipt
from workflow.persistence.models import Claim, NoticeBatch, StageVisit
from workflow.services import claims, holiday_calendar, quotes
from workflow.services.pack_versions import county_date


def _entered_on(session: Session, claim: Claim) -> date:
    """The day the claim's current stage began: its latest stage visit (written when the claim
    moves; task rows are rewritten on every change, so their time is not it), else the day it
    last changed (a claim from before visits were kept)."""
    entered = session.scalar(
        select(StageVisit.entered_at).where(StageVisit.claim_id == claim.id,
                                            StageVisit.stage == claim.stage)
        .order_by(StageVisit.entered_at.desc(), StageVisit.id.desc()).limit(1))
    return county_date(entered or claim.updated_at)


def _window(session: Session, claim: Claim) -> time_limits.NoticeWindow | None:
    if claim.notice_batch_id is None:
        return None
    batch = session.get(NoticeBatch, claim.notice_batch_id)
    return None if batch is None else time_limits.NoticeWindow(
        batch.starts_on, batch.ends_on, batch.working_days)


def stage_plan(session: Session, claim: Claim, limits: Mapping[str, int],
               notice_days: int) -> list[time_limits.StageLimit]:
    """The claim's stages with their limits and expected dates (`time_limits.plan`)."""
    entered = _entered_on(session, claim)
    calendar = holiday_calendar.load(session, entered.year)
    return time_limits.plan(claim.stage, claim.status, claim.closed_stage, entered, limits,
                            notice_days, _window(session, claim), calendar)


def receipt_pdf(session: Session, actor: Actor, claim_id: int, limits: Mapping[str, int],
                notice_days: int, authority: str, now: datetime) -> tuple[str, bytes]:
    """The claim's receipt as (claim number, PDF), for whoever may see the claim (its
    applicant, staff in scope: `claims.visible_claim`; NotFoundError for anyone else)."""
    claim = claims.visible_claim(session, actor, claim_id)
    today = county_date(now)
    amount, final = claim.amount_fen, claim.amount_fen is not None
    if not final:  # the quote as filed, as the claim form showed it
        amount = quotes.quote_claim(session, claim, today).amount_fen
    level = LEVELS.get(claim.certificate_level, claim.certificate_level)
    level = f"（{level}）" if level else ""
    receipt = Receipt(
        reference=claim.reference, full_name=claim.full_name,
        masked_id=mask_id_number(claim.id_number), township=township_name(claim.township),
        certificate=claim.certificate_name + level, certificate_number=claim.certificate_number,
        filed_on=county_date(claim.submitted_at), amount_fen=amount, amount_final=final,
        stages=tuple(stage_plan(session, claim, limits, notice_days)), authority=authority,
        printed_on=today)
    return claim.reference, render_receipt(receipt)
