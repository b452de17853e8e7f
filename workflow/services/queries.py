"""Read models: queues, claim lists and timelines. Pure reads, bounded pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role, actor_scope, lane_for
from workflow.domain.claims import Stage
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.models import AuditEvent, Claim, HumanTask, Notification, Objection
from workflow.services.errors import ForbiddenError

MAX_PAGE = 100
MAX_OFFSET = 10_000  # deeper than anyone pages; narrow the filters instead
# Totals are exact up to here and shown as "at least" beyond: counting a county's whole
# queue on every page view would read all of it (the counts per stage stay exact).
COUNT_LIMIT = 1_000
SEARCH_CLAIMS = 2_000  # more matching claims than this: read the queue in order instead
REFERENCE = re.compile(r"^BT\d{4}-[0-9A-F]{8}$")

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
    lane: str = ""  # the task's lane and scope: what needs whole numbers (need_to_know)
    scope: str | None = None


def _task_conditions(actor: Actor, by_index: bool = True) -> list[Any]:
    """The actor's task rows: lane and scope, both equalities the queue index starts with
    (unscoped lanes say `scope IS NULL`, so their rows come in index order too).

    `by_index=False` says the same in a form no index answers, so a narrow search reaches
    the tasks through its few claims (claim_id index) instead of reading the whole queue.
    """
    lane = lane_for(actor.role)
    if lane is None:
        raise ForbiddenError("this role has no task queue")
    scope = actor_scope(actor)
    if not by_index:
        return [HumanTask.lane + "" == lane, func.coalesce(HumanTask.scope, "") == (scope or "")]
    return [HumanTask.lane == lane,
            HumanTask.scope == scope if scope is not None else HumanTask.scope.is_(None)]


def _claim_conditions(f: QueueFilter, dialect: str) -> list[Any]:
    conditions: list[Any] = []
    if f.township:
        conditions.append(Claim.township == f.township)
    if f.certificate_code:
        conditions.append(Claim.certificate_code == f.certificate_code)
    # Days as the county counts them (a naive time here was refused by the column type).
    if f.submitted_from:
        conditions.append(Claim.submitted_at >= datetime.combine(f.submitted_from, time.min,
                                                                  COUNTY_TIME))
    if f.submitted_to:
        end = datetime.combine(f.submitted_to + timedelta(days=1), time.min, COUNTY_TIME)
        conditions.append(Claim.submitted_at < end)
    return conditions


def _matching_claims(term: str, dialect: str) -> Select[*tuple[Any, ...]]:
    """Claims found by number (the unique index) or by name prefix (its index)."""
    if REFERENCE.match(term.upper()):
        return select(Claim.id).where(Claim.reference == term.upper())
    return select(Claim.id).where(_name_prefix(term, dialect))


def _search(session: Session, actor: Actor, term: str, dialect: str) -> list[Any]:
    """Task conditions for a search. A claim number or a name of two characters or more
    finds its few claims first, and their tasks by claim_id (the lane and scope said so no
    index answers them); a broad term (a surname) keeps the queue's own order and index."""
    if len(term) >= 2:
        found = list(session.scalars(_matching_claims(term, dialect).limit(SEARCH_CLAIMS + 1)))
        if len(found) <= SEARCH_CLAIMS:
            return [*_task_conditions(actor, by_index=False), HumanTask.claim_id.in_(found)]
    return [*_task_conditions(actor),
            HumanTask.claim_id.in_(_matching_claims(term, dialect))]


def _name_prefix(term: str, dialect: str) -> Any:
    """Names starting with `term`, in a form each database answers from an index."""
    like = Claim.full_name.startswith(term, autoescape=True)
    # A range the index answers even in a prepared (generic) plan, where LIKE with a bound
    # pattern is not. UTF-8 sorts by code point byte-wise, so every name starting with `term`
    # lies in [term, term + U+10FFFF).
    if dialect == "postgresql":  # byte-wise comparison: the text_pattern_ops operators
        return and_(Claim.full_name.op("~>=~")(term),
                    Claim.full_name.op("~<~")(term + "\U0010ffff"), like)
    return and_(Claim.full_name >= term, Claim.full_name < term + "\U0010ffff", like)


def filtered_queue(actor: Actor, f: QueueFilter) -> Select[*tuple[Any, ...]]:
    """The actor's open tasks with the queue's filters, unordered and unpaged (exports read it
    once, so the portable LIKE form of the name search is enough)."""
    query = select(HumanTask, Claim).join(Claim, Claim.id == HumanTask.claim_id).where(
        *_task_conditions(actor), *_claim_conditions(f, ""))
    if f.stage:
        query = query.where(HumanTask.stage == f.stage)
    term = (f.search or "").strip()
    return query.where(HumanTask.claim_id.in_(_matching_claims(term, "portable"))) if term \
        else query


def queue(session: Session, actor: Actor, f: QueueFilter) -> tuple[list[QueueItem], int]:
    """The actor's open tasks, oldest first, one bounded page, and the filtered total.

    The page's task ids come from the index alone (offset included); only the page's
    claims are read. The total stops counting at COUNT_LIMIT.
    """
    dialect = session.get_bind().dialect.name
    term = (f.search or "").strip()
    tasks = _search(session, actor, term, dialect) if term else _task_conditions(actor)
    if f.stage:
        tasks.append(HumanTask.stage == f.stage)
    claim_filters = _claim_conditions(f, dialect)
    ids = select(HumanTask.id).where(*tasks)
    if claim_filters:
        ids = ids.join(Claim, Claim.id == HumanTask.claim_id).where(*claim_filters)
    total = session.scalar(select(func.count()).select_from(
        ids.limit(COUNT_LIMIT).subquery())) or 0
    limit = max(1, min(f.limit, MAX_PAGE))
    order = (HumanTask.created_at.desc(), HumanTask.id.desc()) if f.newest_first \
        else (HumanTask.created_at, HumanTask.id)
    page = list(session.scalars(ids.order_by(*order).limit(limit)
                                .offset(min(max(0, f.offset), MAX_OFFSET))))
    rows = session.execute(select(HumanTask, Claim).join(Claim, Claim.id == HumanTask.claim_id)
                           .where(HumanTask.id.in_(page)).order_by(*order)).all() if page else []
    items = [QueueItem(t.task_id, t.name, t.title, t.stage, t.created_at, c, t.lane, t.scope)
             for t, c in rows]
    return items, total


def queue_counts(session: Session, actor: Actor) -> dict[str, int]:
    """Open tasks per stage in the actor's scope, each counted up to COUNT_LIMIT like the
    total (a count at the limit means "at least"; the dashboard has the exact figures).

    One bounded index range per stage: an exact count of a county-wide queue read every
    entry (43,000 for the bureau at a million claims, ~45 ms on PostgreSQL) on every view.
    """
    conditions = _task_conditions(actor)
    parts = [select(literal(stage.value).label("stage"), func.count().label("n")).select_from(
        select(HumanTask.id).where(*conditions, HumanTask.stage == stage.value)
        .limit(COUNT_LIMIT).subquery()) for stage in Stage if stage != Stage.CLOSED]
    rows = session.execute(union_all(*parts)).all()
    return {stage: n for stage, n in rows if n}


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


def account_messages(session: Session, actor: Actor) -> list[Notification]:
    """What an applicant was told about their account rather than a claim (someone tried to
    register with their ID number), newest first."""
    return list(session.scalars(select(Notification).where(
        Notification.user_id == actor.user_id, Notification.claim_id.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(20)))


def notifications_of(session: Session, claim: Claim) -> list[Notification]:
    """What the applicant was told about a claim (paid, payment failed), newest first."""
    return list(session.scalars(select(Notification).where(Notification.claim_id == claim.id)
                                .order_by(Notification.created_at.desc(), Notification.id.desc())))
