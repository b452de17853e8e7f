"""Claiming and releasing a claim's task, so two reviewers never work one claim (issue 18, 8).

A hold is one row per task (`task_holds`, unique task id), changed only by statements whose
outcome the database decides: an INSERT that the unique key lets through once, or an UPDATE
that compares the version it read. Two reviewers claiming at once therefore end with exactly
one holder on PostgreSQL (the loser's INSERT waits for the winner's commit, then fails on the
key; its UPDATE re-reads the row and finds another version) and on SQLite (one writer at a
time: BEGIN IMMEDIATE). A decision checks the hold first (`before_decision`, called at the
start of decisions.complete_task) and ends it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role, may_complete, may_view
from workflow.domain.phrases import said
from workflow.domain.task_holds import Hold, expiry, held_message, until_text
from workflow.persistence.models import Claim, HumanTask, TaskHold, User
from workflow.services import instances, queries
from workflow.services.errors import ConflictError, ForbiddenError, NotFoundError

# The roles that work a queue claim by claim (finance pays in batches; applicants correct
# their own claims): only they take holds.
HOLDERS = frozenset({Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU})
NEXT_PAGE = 20
NEXT_PAGES = 5  # looked through for a claim nobody holds before saying the queue is taken
TASK_GONE = "this task is no longer open; reload the claim"


class HeldError(ConflictError):
    """Another reviewer holds the task now (HTTP 409); `hold` says who and until when."""

    def __init__(self, hold: Hold) -> None:
        super().__init__(held_message(hold))
        self.hold = hold
        self.errors = {"held_by": hold.holder_name, "held_until": hold.expires_at.isoformat()}


def _rows(session: Session, condition: Any) -> list[Hold]:
    """Holds as the database has them now (columns, never ORM objects the session caches)."""
    found = session.execute(select(
        TaskHold.task_id, TaskHold.claim_id, TaskHold.holder_id, User.full_name,
        TaskHold.held_at, TaskHold.expires_at, TaskHold.version)
        .join(User, User.id == TaskHold.holder_id).where(condition))
    return [Hold(*row) for row in found]


def current(session: Session, task_id: str) -> Hold | None:
    """The task's hold, live or expired, if any."""
    return next(iter(_rows(session, TaskHold.task_id == task_id)), None)


def holds_of(session: Session, task_ids: Iterable[str], now: datetime) -> dict[str, Hold]:
    """The live holds of these tasks (a queue page), by task id."""
    ids = set(task_ids)
    if not ids:
        return {}
    return {h.task_id: h for h in _rows(session, TaskHold.task_id.in_(ids)) if h.live(now)}


def _visible(session: Session, actor: Actor, claim_id: int) -> Claim:
    """As claims.visible_claim (which imports this module: its decisions call it)."""
    claim = session.get(Claim, claim_id)
    if claim is None or not may_view(actor, claim.applicant_id, claim.township,
                                     claim.department):
        raise NotFoundError(said("claim %(reference)s not found", reference=claim_id))
    return claim


def _open_task(session: Session, actor: Actor, claim_id: int, task_id: str) -> HumanTask:
    """The open task the actor may work: NotFound for a claim they may not see, Forbidden for
    a task of another role or scope, Conflict for a task no longer open."""
    if actor.role not in HOLDERS or actor.user_id is None:
        raise ForbiddenError("only reviewers claim tasks")
    claim = _visible(session, actor, claim_id)
    task = session.scalar(select(HumanTask).where(HumanTask.claim_id == claim.id,
                                                  HumanTask.task_id == task_id))
    if task is None:
        raise ConflictError(TASK_GONE)
    if not may_complete(actor, task.lane, task.scope):
        raise ForbiddenError("this task belongs to another role or scope")
    return task


def _insert(session: Session, task: HumanTask, holder: int, now: datetime,
            until: datetime) -> bool:
    """Take a task nobody holds; False when another reviewer's row got there first."""
    try:
        with session.begin_nested():  # a failed INSERT must not end the request's transaction
            session.execute(insert(TaskHold).values(
                task_id=task.task_id, claim_id=task.claim_id, holder_id=holder, held_at=now,
                expires_at=until, version=1))
    except IntegrityError:
        return False
    return True


def _swap(session: Session, seen: Hold, holder: int, now: datetime, until: datetime) -> bool:
    """Give the hold `seen` to `holder`, only if nobody changed it since it was read."""
    result = session.execute(update(TaskHold).where(
        TaskHold.task_id == seen.task_id, TaskHold.version == seen.version).values(
        holder_id=holder, held_at=now, expires_at=until, version=seen.version + 1))
    return bool(getattr(result, "rowcount", 0) == 1)


def claim_task(session: Session, actor: Actor, claim_id: int, task_id: str, now: datetime,
               minutes: int, take_over: bool = False) -> Hold:
    """Hold the task for the actor until `minutes` from now (again, if they hold it already).
    A task another reviewer holds is refused with who holds it (HeldError), unless `take_over`
    says the actor takes it over: then the claim's timeline records whose hold it ended."""
    task = _open_task(session, actor, claim_id, task_id)
    assert actor.user_id is not None  # _open_task: reviewers only
    until = expiry(now, minutes)
    for _attempt in range(3):  # each retry follows another reviewer's change that won
        seen = current(session, task_id)
        if seen is None:
            if _insert(session, task, actor.user_id, now, until):
                return _held(session, task_id)
            continue
        if seen.blocks(actor.user_id, now) and not take_over:
            raise HeldError(seen)
        if _swap(session, seen, actor.user_id, now, until):
            if seen.blocks(actor.user_id, now):
                _audit_take_over(session, actor, task, seen, now)
            return _held(session, task_id)
    raise ConflictError("the task changed hands meanwhile; reload the claim")


def _held(session: Session, task_id: str) -> Hold:
    hold = current(session, task_id)
    assert hold is not None  # written by this transaction
    return hold


def _audit_take_over(session: Session, actor: Actor, task: HumanTask, seen: Hold,
                     now: datetime) -> None:
    claim = _visible(session, actor, task.claim_id)
    instances.audit(session, claim, actor, "taken_over", now, stage=task.stage,
                    task_name=task.name,
                    comment=said("held by %(holder)s until %(until)s", holder=seen.holder_name,
                                 until=until_text(seen.expires_at)))


def release_task(session: Session, actor: Actor, claim_id: int, task_id: str,
                 now: datetime) -> bool:
    """Let the task go; True if the actor held it. Another reviewer's live hold is theirs to
    release (HeldError); an expired one is gone for everybody."""
    _open_task(session, actor, claim_id, task_id)
    seen = current(session, task_id)
    if seen is None:
        return False
    if seen.blocks(actor.user_id, now):
        raise HeldError(seen)
    session.execute(delete(TaskHold).where(TaskHold.task_id == task_id,
                                           TaskHold.version == seen.version))
    return seen.holder_id == actor.user_id and seen.live(now)


def before_decision(session: Session, actor: Actor, claim_id: int, task_id: str,
                    now: datetime) -> None:
    """Called first by every decision: refuse one on a task another reviewer holds now
    (HeldError, 409 with who holds it); otherwise the decision ends the hold. One indexed read
    when nobody holds the task. Who holds it is said only to someone who may work the task:
    anyone else is refused by the decision itself (404 or 403), as without a hold."""
    seen = current(session, task_id)
    if seen is None or seen.claim_id != claim_id:
        return
    if seen.blocks(actor.user_id, now):
        if _may_work(session, actor, claim_id, task_id):
            raise HeldError(seen)
        return
    gone = session.execute(delete(TaskHold).where(TaskHold.task_id == task_id,
                                                  TaskHold.version == seen.version))
    if getattr(gone, "rowcount", 1) == 0:  # taken over meanwhile: read who holds it now
        again = current(session, task_id)
        if again is not None and again.blocks(actor.user_id, now):
            raise HeldError(again)


def _may_work(session: Session, actor: Actor, claim_id: int, task_id: str) -> bool:
    try:
        _open_task(session, actor, claim_id, task_id)
    except (ConflictError, ForbiddenError, NotFoundError):
        return False
    return True


def claim_next(session: Session, actor: Actor, query: queries.QueueFilter, now: datetime,
               minutes: int, skip: int | None = None) -> queries.QueueItem | None:
    """The first task of the actor's filtered queue that nobody else holds, claimed for them
    (`skip`: the claim just decided, whose task may stay open). None when there is none."""
    for page in range(NEXT_PAGES):
        items, _total = queries.queue(session, actor, replace(
            query, offset=page * NEXT_PAGE, limit=NEXT_PAGE))
        held = holds_of(session, [i.task_id for i in items], now)
        for item in items:
            if item.claim.id == skip or (item.task_id in held and
                                         held[item.task_id].holder_id != actor.user_id):
                continue
            try:
                claim_task(session, actor, item.claim.id, item.task_id, now, minutes)
            except ConflictError:  # taken (or decided) by another reviewer just now
                continue
            return item
        if len(items) < NEXT_PAGE:
            break
    return None
