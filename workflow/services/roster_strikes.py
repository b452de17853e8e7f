"""Striking workers out of an enterprise's roster while approving the rest (issue 19 item 3):
the rules are the domain's (workflow.domain.roster_strikes); this records the strikes on the
rows (who, when, at which stage, why), frees their slots, reprices the rest and writes one
audit event per struck worker. The task forms that offer it call `strike` from their effect
(workflow.services.task_forms), before anything else the decision does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.access import Actor
from workflow.domain.phrases import Said, phrase
from workflow.domain.roster_strikes import (
    Strike,
    amounts_after,
    record_row,
    strike_problems,
    unpaid,
)
from workflow.persistence.models import Claim
from workflow.services import certificate_slots, instances
from workflow.services.errors import InvalidInputError
from workflow.services.roster_rows import rows_of


def strike(session: Session, claim: Claim, actor: Actor, stage: str,
           strikes: Sequence[Strike], decision: str, now: datetime) -> None:
    """Strike the rows named out of the claim's roster, or refuse (InvalidInputError by field:
    `strikes` for the whole, `strike_<row>` beside a row) and change nothing."""
    if not strikes:
        return
    rows = rows_of(session, claim)
    on_claim = {r.row_number: r.struck_at is not None for r in rows}
    found = strike_problems(strikes, on_claim, decision, claim.accepted_at is not None)
    if found:
        raise InvalidInputError({k: Said(p) for k, p in found.items()})
    # Every row named is on the claim: it is an enterprise's, of a roster kind.
    kind = policy.ROSTER_KINDS[claim.subsidy_kind or ""]
    reasons = {s.row: s.reason.strip() for s in strikes}
    gone = [r.struck_at is not None or r.row_number in reasons for r in rows]
    facts = [record_row(kind, {**r.facts, "full_name": r.full_name, "id_number": r.id_number})
             for r in rows]
    amounts = amounts_after(kind, facts, [r.amount_fen for r in rows], gone)
    found = unpaid(kind, [fen for fen, out in zip(amounts, gone, strict=True) if not out])
    if found:
        raise InvalidInputError({k: Said(p) for k, p in found.items()})
    for row, fen in zip(rows, amounts, strict=True):
        row.amount_fen = fen
        if row.row_number not in reasons:
            continue
        # The worker is not counted on this claim any more: another may claim them.
        row.slot = None
        row.struck_at, row.struck_by, row.struck_stage = now, actor.user_id, stage
        row.struck_reason = reasons[row.row_number]
        instances.audit(session, claim, actor, "struck", now, stage=stage, comment=Said(phrase(
            "row %(row)s (%(name)s) struck out: %(reason)s", row=row.row_number,
            name=row.full_name, reason=row.struck_reason)))
    if kind.certificate_slot is not None:  # a struck trainee's certificate is free again
        certificate_slots.hold(session, claim.id, [
            kind.certificate_slot(f) for f, out in zip(facts, gone, strict=True) if not out])
