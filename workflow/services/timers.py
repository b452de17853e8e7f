"""Firing due timers, safely from several processes at once."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from workflow.domain.access import Actor, Role
from workflow.domain.claims import Status
from workflow.persistence.expressions import filter_only
from workflow.persistence.models import Claim
from workflow.services import instances
from workflow.services.errors import ServiceError
from workflow.services.runtime import Runtime

log = logging.getLogger(__name__)
SYSTEM = Actor(None, Role.ADMIN, name="timer")
# Due timers come from the timer index; the status only filters them (see filter_only).
# Built once: the ticker runs it every few seconds, and building it costs ~0.3 ms.
_DUE = (select(Claim).where(Claim.next_timer_at <= bindparam("now"),
                            filter_only(Claim.status) == Status.IN_PROGRESS)
        .order_by(Claim.next_timer_at).limit(bindparam("limit"))
        .with_for_update(skip_locked=True))


def fire_due_in(session: Session, runtime: Runtime, now: datetime | None = None,
             limit: int = 200) -> list[str]:
    """Fire the timers due at `now` in the caller's transaction; returns the claims moved.

    Each claim runs in a savepoint, so one broken claim does not hold up the others.

    PostgreSQL: the due rows are locked with FOR UPDATE SKIP LOCKED, so concurrent tickers
    share the work. SQLite: transactions take the write lock up front (BEGIN IMMEDIATE), so
    tickers run one after another and the second finds the timers already fired. Either way
    the version check on the claim row stops a timer from firing twice.
    """
    now = now or runtime.clock()
    moved: list[str] = []
    claims = session.scalars(_DUE, {"now": now, "limit": limit}).all()
    for claim in claims:
        try:
            with session.begin_nested():
                if _fire(session, runtime, claim, now):
                    moved.append(claim.reference)
        except ServiceError as exc:
            log.warning("timer of %s not fired: %s", claim.reference, exc)
        except Exception:  # one broken claim must not hold up the others
            log.exception("timer of %s failed", claim.reference)
    return moved


def fire_due(factory: sessionmaker[Session], runtime: Runtime, now: datetime | None = None,
             limit: int = 200) -> list[str]:
    """`fire_due_in` in a transaction of its own: the CLI, the worker, the ticker thread."""
    with factory.begin() as session:
        return fire_due_in(session, runtime, now, limit)


def _fire(session: Session, runtime: Runtime, claim: Claim, now: datetime) -> bool:
    instance = instances.load(session, runtime, claim)
    stage = claim.stage
    with instances.advancing(claim.reference):
        if not runtime.engine.fire_timers(instance, now):
            return False
    instances.save(session, runtime, claim, instance, now)
    instances.audit(session, claim, SYSTEM, "timer_fired", now, stage=stage,
                    comment="public notice period ended without a sustained objection")
    return True
