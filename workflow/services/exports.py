"""Export jobs: a spreadsheet built off the request, with progress, downloaded when done.

Chosen shape: a job table worked by the process that already runs background work (`butie
worker`, `butie tick`, the development server's ticker), not a thread in the web process. The
row is the source of truth, so a job survives a restart of the web process, any web process
can report progress and serve the file, memory-heavy writing stays out of request workers, and
several workers share jobs safely (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a
time). A worker that dies stops its heartbeat and the next worker runs the job again.

The rows are read in a read-only transaction (no write lock on SQLite) and streamed into
openpyxl's write-only workbook; progress is committed every few thousand rows in short
transactions of its own.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from workflow.domain.access import Actor
from workflow.domain.need_to_know import EXPORT_WITHDRAWN, export_still_theirs
from workflow.persistence.db import read_only
from workflow.persistence.models import ExportJob, User
from workflow.reports.xlsx import write_xlsx
from workflow.services import ledgers, user_lists, users
from workflow.services.errors import ForbiddenError, NotFoundError

log = logging.getLogger(__name__)
STALE = timedelta(minutes=5)  # a running job whose heartbeat is older was left by a dead worker
KEEP = timedelta(days=7)  # finished files are kept this long
Clock = Callable[[], datetime]
WITHDRAWN = EXPORT_WITHDRAWN


def request_export(session: Session, actor: Actor, kind: str, params: Mapping[str, str],
                   now: datetime) -> ExportJob:
    """Queue an export of `kind` for the actor; refused if their role may not see it."""
    clean = ledgers.check(actor, kind, params)
    if kind == "users":  # a search by ID number is kept as its keyed hashes, never whole
        clean = user_lists.sealed(session, clean)
    assert actor.user_id is not None
    job = ExportJob(kind=kind, params=clean, requested_by=actor.user_id, role=str(actor.role),
                    scope=actor.scope, status="queued", done_rows=0, created_at=now,
                    filename=ledgers.filename(kind, clean))
    session.add(job)
    session.flush()
    return job


def job_of(session: Session, actor: Actor, job_id: int) -> ExportJob:
    """A job of the actor's own; anyone else's is not found (never say whose)."""
    job = session.get(ExportJob, job_id)
    if job is None or job.requested_by != actor.user_id:
        raise NotFoundError("no such export")
    return job


def recent(session: Session, actor: Actor, limit: int = 20) -> list[ExportJob]:
    return list(session.scalars(select(ExportJob).where(
        ExportJob.requested_by == actor.user_id).order_by(ExportJob.id.desc()).limit(limit)))


def still_theirs(job: ExportJob, user: User | None) -> bool:
    """Whether the job's asker is active and holds the role and scope it was built for."""
    return user is not None and export_still_theirs(job.role, job.scope, user.role,
                                                     user.scope, user.active)


def content(session: Session, actor: Actor, job_id: int) -> tuple[ExportJob, bytes]:
    """The finished file, for its asker while they still hold the role and scope it was built
    for (checked against the account as it is now, not the request's credentials)."""
    job = job_of(session, actor, job_id)
    if not still_theirs(job, session.get(User, job.requested_by)):
        raise ForbiddenError(WITHDRAWN)
    data = session.scalar(select(ExportJob.content).where(ExportJob.id == job.id))
    if job.status != "done" or data is None:
        raise NotFoundError("the export is not ready")
    return job, data


def _claim(factory: sessionmaker[Session], now: datetime) -> tuple[int, str] | None:
    """Take the oldest queued job (or one a dead worker left running)."""
    with factory.begin() as session:
        job = session.scalars(select(ExportJob).where(or_(
            ExportJob.status == "queued",
            (ExportJob.status == "running") & (ExportJob.heartbeat_at < now - STALE)))
            .order_by(ExportJob.id).limit(1).with_for_update(skip_locked=True)).first()
        if job is None:
            return None
        job.status, job.started_at, job.heartbeat_at, job.done_rows = "running", now, now, 0
        return job.id, job.kind


def _progress(factory: sessionmaker[Session], job_id: int, clock: Clock,
              **values: object) -> None:
    with factory.begin() as session:
        session.execute(update(ExportJob).where(ExportJob.id == job_id)
                        .values(heartbeat_at=clock(), **values))


def build(factory: sessionmaker[Session], job_id: int, clock: Clock) -> None:
    """Write the job's spreadsheet and store it; a failure is recorded on the job."""
    reader = sessionmaker(read_only(factory.kw["bind"]), expire_on_commit=False)
    try:
        with reader() as session:
            job = session.get(ExportJob, job_id)
            assert job is not None
            user = session.get(User, job.requested_by)
            assert user is not None
            if not still_theirs(job, user):  # demoted or deactivated since asking
                _progress(factory, job_id, clock, status="withdrawn", finished_at=clock(),
                          error=WITHDRAWN)
                return
            source = ledgers.source(session, users.actor_of(user), job.kind, job.params,
                                    clock())
            _progress(factory, job_id, clock, total_rows=source.count(session))
            with tempfile.TemporaryFile() as out:
                count = write_xlsx(out, source.ledger.sheet, source.cells(session),
                                   lambda n: _progress(factory, job_id, clock, done_rows=n))
                out.seek(0)
                data = out.read()
        with factory.begin() as session:  # not over a job withdrawn meanwhile (users)
            session.execute(update(ExportJob).where(
                ExportJob.id == job_id, ExportJob.status == "running").values(
                heartbeat_at=clock(), status="done", done_rows=count, content=data,
                size=len(data), finished_at=clock()))
    except Exception as exc:  # recorded for the user; the worker goes on with the next job
        log.exception("export %s failed", job_id)
        _progress(factory, job_id, clock, status="failed", finished_at=clock(),
                  error=f"{type(exc).__name__}: {exc}"[:500])


def run_pending(factory: sessionmaker[Session], clock: Clock, limit: int = 5) -> list[int]:
    """Build up to `limit` waiting jobs, one after another; returns their ids."""
    done = []
    for _ in range(limit):
        taken = _claim(factory, clock())
        if taken is None:
            break
        build(factory, taken[0], clock)
        done.append(taken[0])
    with factory.begin() as session:
        session.execute(delete(ExportJob).where(or_(
            ExportJob.status.in_(["done", "failed", "withdrawn"])
            & (ExportJob.finished_at < clock() - KEEP),
            # withdrawn before it was built: no finish time
            (ExportJob.status == "withdrawn") & (ExportJob.created_at < clock() - KEEP))))
    return done
