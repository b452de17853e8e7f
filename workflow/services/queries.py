"""Read models: queues, claim lists and timelines. Pure reads, bounded pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role, actor_scope, lane_for
from workflow.domain.claims import Stage
from workflow.persistence.models import AuditEvent, Claim, HumanTask, Notification, Objection
from workflow.services.errors import ForbiddenError

MAX_PAGE = 100

NEXT_STEP = {
    Stage.TOWNSHIP_REVIEW: "the township checks the applicant's identity",
    Stage.DEPARTMENT_REVIEW: "the industry department checks the certificate",
    Stage.CORRECTION: "the applicant corrects the claim and resubmits it",
    Stage.BUREAU_ACCEPTANCE: "the HR bureau accepts the claim and fixes the amount",
    Stage.AWAITING_NOTICE: "the HR bureau publishes the claim in the next public notice",
    Stage.NOTICE: "the claim is on public notice; anyone may object until it ends",
    Stage.OBJECTION_REVIEW: "the HR bureau decides on an objection",
    Stage.PAYMENT: "finance pays the subsidy to the applicant's account",
    Stage.ACCOUNT_CORRECTION: "the payment failed: the applicant corrects the bank account",
    Stage.CLOSED: "nothing: the claim is closed",
}


@dataclass(frozen=True)
class QueueFilter:
    stage: str | None = None
    township: str | None = None
    certificate_code: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    search: str | None = None
    newest_first: bool = False
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class QueueItem:
    task_id: str
    task_name: str
    title: str
    stage: str
    waiting_since: datetime
    claim: Claim


def _queue_base(actor: Actor) -> Select[Any]:
    lane = lane_for(actor.role)
    if lane is None:
        raise ForbiddenError("this role has no task queue")
    query = select(HumanTask, Claim).join(Claim, Claim.id == HumanTask.claim_id)
    query = query.where(HumanTask.lane == lane)
    scope = actor_scope(actor)
    return query.where(HumanTask.scope == scope) if scope is not None else query


def _filtered(query: Select[Any], f: QueueFilter) -> Select[Any]:
    if f.stage:
        query = query.where(HumanTask.stage == f.stage)
    if f.township:
        query = query.where(Claim.township == f.township)
    if f.certificate_code:
        query = query.where(Claim.certificate_code == f.certificate_code)
    if f.submitted_from:
        query = query.where(Claim.submitted_at >= datetime.combine(f.submitted_from, time.min))
    if f.submitted_to:
        end = datetime.combine(f.submitted_to + timedelta(days=1), time.min)
        query = query.where(Claim.submitted_at < end)
    if f.search:
        term = f.search.strip()
        query = query.where(or_(Claim.reference == term.upper(),
                                Claim.full_name.startswith(term, autoescape=True)))
    return query


def filtered_queue(actor: Actor, f: QueueFilter) -> Select[Any]:
    """The actor's open tasks with the filters applied, unordered and unpaged (exports)."""
    return _filtered(_queue_base(actor), f)


def queue(session: Session, actor: Actor, f: QueueFilter) -> tuple[list[QueueItem], int]:
    """The actor's open tasks, oldest first, one bounded page, and the filtered total."""
    query = _filtered(_queue_base(actor), f)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    limit = max(1, min(f.limit, MAX_PAGE))
    order = (HumanTask.created_at.desc(), HumanTask.id.desc()) if f.newest_first \
        else (HumanTask.created_at, HumanTask.id)
    rows = session.execute(query.order_by(*order).limit(limit).offset(max(0, f.offset))).all()
    items = [QueueItem(t.task_id, t.name, t.title, t.stage, t.created_at, c) for t, c in rows]
    return items, total


def queue_counts(session: Session, actor: Actor) -> dict[str, int]:
    """Open tasks per stage in the actor's scope."""
    base = _queue_base(actor).subquery()
    rows = session.execute(select(base.c.stage, func.count()).group_by(base.c.stage)).all()
    return {stage: count for stage, count in rows}


def claims_of(session: Session, actor: Actor, limit: int = 50, offset: int = 0) -> list[Claim]:
    """An applicant's own claims, newest first."""
    if actor.role != Role.APPLICANT:
        raise ForbiddenError("only applicants have claims of their own")
    return list(session.scalars(select(Claim).where(Claim.applicant_id == actor.user_id)
                                .order_by(Claim.submitted_at.desc(), Claim.id.desc())
                                .limit(max(1, min(limit, MAX_PAGE))).offset(max(0, offset))))


def timeline(session: Session, claim: Claim) -> list[AuditEvent]:
    """Every recorded step of a claim, oldest first."""
    return list(session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim.id)
                                .order_by(AuditEvent.at, AuditEvent.id)))


def open_tasks(session: Session, claim: Claim) -> list[HumanTask]:
    return list(session.scalars(select(HumanTask).where(HumanTask.claim_id == claim.id)))


def objections_of(session: Session, claim: Claim) -> list[Objection]:
    """Objections to a claim, oldest first, for the bureau deciding on them."""
    return list(session.scalars(select(Objection).where(Objection.claim_id == claim.id)
                                .order_by(Objection.received_at, Objection.id)))


def notifications_of(session: Session, claim: Claim) -> list[Notification]:
    """What the applicant was told about a claim (paid, payment failed), newest first."""
    return list(session.scalars(select(Notification).where(Notification.claim_id == claim.id)
                                .order_by(Notification.created_at.desc(), Notification.id.desc())))
