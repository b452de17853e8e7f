"""Loading a claim's workflow and saving it back with every projection, in one transaction.

The claim row, its human-task rows, the outbox rows and the audit event are written together
by the caller's transaction. The row's version column is SQLAlchemy's version counter, so the
UPDATE carries `WHERE version = ?` and a concurrent writer makes the flush fail cleanly.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflow.domain.access import Actor, task_scope
from workflow.domain.claims import SEEDED_REV, Stage, Status
from workflow.domain.phrases import COMMENT_SAID, Phrase, phrase_of, said, to_record
from workflow.engine.runner import ElementError, Instance, InstanceState
from workflow.persistence import audit_chain
from workflow.persistence.models import Claim, HumanTask, OutboxEntry, StageVisit
from workflow.services import definitions, notifications
from workflow.services.errors import ConflictError, ProcessError
from workflow.services.runtime import Runtime

# Built once: building a statement costs more than SQLite takes to run it (~0.2 ms each).
_TASKS = cast(Table, HumanTask.__table__)  # declarative models map Tables
_DELETE_TASKS = delete(_TASKS).where(_TASKS.c.claim_id == bindparam("claim_id"))
_INSERT_VISIT = insert(cast(Table, StageVisit.__table__))
_INSERT_TASKS = insert(_TASKS)
_INSERT_OUTBOX = insert(cast(Table, OutboxEntry.__table__))
log = logging.getLogger(__name__)
SEEDED_MESSAGE = "generated test data (butie seed): it cannot be changed"
END_STATUS = {"End_paid": Status.PAID, "End_rejected": Status.REJECTED,
              "End_withdrawn": Status.WITHDRAWN}


def load(session: Session, runtime: Runtime, claim: Claim) -> Instance:
    """The claim's workflow, from the in-process cache when the row has not moved."""
    if claim.rev == SEEDED_REV:
        raise ConflictError(SEEDED_MESSAGE)
    cached = runtime.instances.take(claim.id, claim.rev)
    if cached is not None:
        return cached
    spec = definitions.parsed(session, runtime, claim.definition_id)
    state = session.scalar(select(Claim.state).where(Claim.id == claim.id))
    assert state is not None  # a claim row always holds its workflow (seeded ones: above)
    return runtime.engine.restore(spec, state)


@contextmanager
def advancing(reference: str) -> Iterator[None]:
    """Around every call that moves a claim's process: a failing element of the diagram becomes
    ProcessError (HTTP 409) naming the element, and the log tells the administrator which claim
    and why. The caller's transaction is then rolled back: nothing is saved, the claim stays
    where it was, its task open; the half-moved workflow is dropped (load took it out of the
    cache and save never put it back)."""
    try:
        yield
    except ElementError as exc:
        log.error("claim %s: the process stopped at %s (%s): %s", reference, exc.name,
                  exc.element, exc.reason)
        raise ProcessError(said(
            "the process stopped at %(name)s (%(element)s): %(reason)s; nothing was saved and "
            "the claim stays where it was. An administrator must correct the process",
            name=exc.name, element=exc.element, reason=phrase_of(exc.reason))) from exc


def save(session: Session, runtime: Runtime, claim: Claim, instance: Instance,
         now: datetime) -> InstanceState:
    """Write the workflow state, projections, human tasks and outbox rows of `claim`."""
    state = runtime.engine.state(instance)
    new, stage_before = claim.id is None, claim.stage
    claim.state = runtime.engine.dump(instance)
    claim.rev = secrets.token_hex(16)
    claim.updated_at = now
    _project(claim, state, now)
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError("the claim was changed by someone else; reload it") from exc
    # Plain Core on the session's connection: the ORM layer costs ~0.3 ms a statement here.
    connection = session.connection()
    if new or claim.stage != stage_before:  # the days per stage in reports
        connection.execute(_INSERT_VISIT, {"claim_id": claim.id, "stage": claim.stage,
                                           "entered_at": now})
    if not new:  # a claim just filed has no task rows yet
        connection.execute(_DELETE_TASKS, {"claim_id": claim.id})
    rows = [{"claim_id": claim.id, "task_id": t.id, "name": t.name, "title": t.title,
             "lane": t.lane or "", "form": t.form or "", "stage": t.stage or "",
             "scope": task_scope(t.lane or "", claim.township, claim.department,
                                 claim.applicant_id), "created_at": now}
            for t in state.ready_tasks]
    if rows:
        connection.execute(_INSERT_TASKS, rows)
    outbox = [{"claim_id": claim.id, "kind": effect.operation.replace(".", "_"),
               "payload": {"reference": claim.reference,
                           "amount_fen": claim.amount_due_fen},
               "created_at": now, "processed_at": None, "result": None}
              for effect in instance.effects]
    if outbox:
        connection.execute(_INSERT_OUTBOX, outbox)
    runtime.instances.put(claim.id, claim.rev, instance)
    return state


def _project(claim: Claim, state: InstanceState, now: datetime) -> None:
    department = state.data.get("department")
    if isinstance(department, str):
        claim.department = department
    claim.next_timer_at = state.next_timer_at
    if state.completed:
        claim.status = END_STATUS.get(state.end_event or "", Status.REJECTED)
        claim.stage = Stage.CLOSED
        claim.closed_at = now
    elif state.ready_tasks:
        claim.stage = state.ready_tasks[0].stage or claim.stage
    elif "notice_published" in state.waiting_messages:
        claim.stage = Stage.AWAITING_NOTICE
    elif "objection" in state.waiting_messages:
        claim.stage = Stage.NOTICE


_AUDIT_FIELDS = ("stage", "task_name", "decision", "comment", "changes")


def audit(session: Session, claim: Claim | None, actor: Actor, action: str, now: datetime,
          **fields: Any) -> None:
    """Record who did what to which claim, in the caller's transaction; a milestone of the
    claim is told to its applicant in the same transaction (`notifications.on_audit`)."""
    row: dict[str, Any] = {"claim_id": claim.id if claim else None, "at": now,
                           "actor_id": actor.user_id, "actor_role": str(actor.role),
                           "action": action}
    row.update({name: fields.get(name) for name in _AUDIT_FIELDS})
    comment_said = getattr(row["comment"], "phrase", None)
    if isinstance(comment_said, Phrase):  # a page says it in the reader's language (present)
        row["comment"] = str(row["comment"])
        row["changes"] = {**(fields.get("changes") or {}), COMMENT_SAID: to_record(comment_said)}
    audit_chain.append(session, row)
    notifications.on_audit(session, claim, action, fields, now)
