"""The reasons reviewers pick for a return or a rejection, per stage: read by the workbench,
kept by administrators, every change audited (workflow.domain.canned_reasons)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.canned_reasons import (
    MAX_PER_STAGE,
    REASON_STAGES,
    compose,
    stage_problem,
    text_problem,
)
from workflow.domain.phrases import said
from workflow.persistence.models import CannedReason
from workflow.services import instances
from workflow.services.errors import ForbiddenError, InvalidInputError, NotFoundError


def of_stage(session: Session, stage: str) -> list[CannedReason]:
    """A stage's reasons in the order administrators set."""
    return list(session.scalars(select(CannedReason).where(CannedReason.stage == stage)
                                .order_by(CannedReason.position, CannedReason.id)))


def by_stage(session: Session) -> dict[str, list[CannedReason]]:
    """Every stage's reasons (the administrator's page), stages in review order."""
    found: dict[str, list[CannedReason]] = {stage: [] for stage in REASON_STAGES}
    for reason in session.scalars(select(CannedReason).order_by(
            CannedReason.stage, CannedReason.position, CannedReason.id)):
        found.setdefault(reason.stage, []).append(reason)
    return found


def comment_with(session: Session, stage: str, chosen: Sequence[int], typed: str) -> str:
    """A decision's comment: the reasons chosen (of the task's stage; an id of another stage or
    one removed meanwhile is refused, never silently dropped), then the reviewer's words."""
    reasons = {r.id: r.text for r in of_stage(session, stage)}
    unknown = [i for i in chosen if i not in reasons]
    if unknown:
        raise InvalidInputError({"reasons": "a chosen reason is no longer offered; choose "
                                            "again"})
    return compose([reasons[i] for i in chosen], typed)


def _admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN:
        raise ForbiddenError("only administrators change the reasons reviewers pick")


def _text(text: str, field: str = "text") -> str:
    problem = text_problem(text)
    if problem:
        raise InvalidInputError({field: problem})
    return text.strip()


def add(session: Session, actor: Actor, stage: str, text: str, now: datetime) -> CannedReason:
    """A new reason at the end of its stage's list."""
    _admin(actor)
    problems = {k: v for k, v in {"stage": stage_problem(stage),
                                  "text": text_problem(text)}.items() if v}
    if problems:
        raise InvalidInputError(problems)
    count, last = session.execute(select(func.count(), func.max(CannedReason.position))
                                  .where(CannedReason.stage == stage)).one()
    if count >= MAX_PER_STAGE:
        raise InvalidInputError({"text": said("at most %(count)s reasons per stage",
                                              count=MAX_PER_STAGE)})
    reason = CannedReason(stage=stage, text=text.strip(), position=(last or 0) + 1,
                          changed_by=actor.user_id, changed_at=now)
    session.add(reason)
    session.flush()
    instances.audit(session, None, actor, "reason_added", now, stage=stage,
                    comment=reason.text)
    return reason


def _get(session: Session, reason_id: int) -> CannedReason:
    reason = session.get(CannedReason, reason_id)
    if reason is None:
        raise NotFoundError("no such reason")
    return reason


def change(session: Session, actor: Actor, reason_id: int, text: str,
           now: datetime) -> CannedReason:
    """New words for a reason; decisions already recorded keep the words they were made with."""
    _admin(actor)
    reason = _get(session, reason_id)
    new = _text(text, f"text_{reason_id}")
    if new != reason.text:
        instances.audit(session, None, actor, "reason_changed", now, stage=reason.stage,
                        comment=new, changes={"text": {"from": reason.text, "to": new}})
        reason.text, reason.changed_by, reason.changed_at = new, actor.user_id, now
    return reason


def remove(session: Session, actor: Actor, reason_id: int, now: datetime) -> None:
    """Take a reason off its stage's list."""
    _admin(actor)
    reason = _get(session, reason_id)
    instances.audit(session, None, actor, "reason_removed", now, stage=reason.stage,
                    comment=reason.text)
    session.delete(reason)
