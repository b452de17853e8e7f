"""Direct payment (直补个人) in batches: create, approve (four eyes), export, import results.

Pengyang 003_6bc740e2a48a5116.txt 组织保障 (三): 经公示无异议的，资金直补个人. A claim is due once
its notice has closed and its payment task is open; it is paid only through a batch line, never
twice: the database refuses a claim in two open lines and a second successful line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, case, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from workflow.domain import installments as split
from workflow.domain.access import Actor, Role
from workflow.domain.claims import Stage
from workflow.domain.outbox import MAX_ATTEMPTS, OutboxResult
from workflow.domain.phrases import said
from workflow.payments.bank_files import Payment, Result
from workflow.persistence.models import (
    Claim,
    HumanTask,
    OutboxEntry,
    PaymentBatch,
    PaymentLine,
)
from workflow.services import decisions, roster_rows
from workflow.services.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from workflow.services.runtime import Runtime

log = logging.getLogger(__name__)
MAX_BATCH = 20000
RESULT_KIND = "payment_result"


def _finance(actor: Actor) -> int:
    if actor.role != Role.FINANCE or actor.user_id is None:
        raise ForbiddenError("only finance officers handle payments")
    return actor.user_id


def _due_query(claim_ids: Sequence[int] | None = None) -> Select[Claim]:
    open_lines = select(PaymentLine.claim_id).where(PaymentLine.is_open)
    query = (select(Claim).join(HumanTask, HumanTask.claim_id == Claim.id)
             .where(Claim.stage == Stage.PAYMENT, HumanTask.form == "payment_result",
                    Claim.id.not_in(open_lines)))
    return query if claim_ids is None else query.where(Claim.id.in_(claim_ids))


def due(session: Session, limit: int = MAX_BATCH) -> list[Claim]:
    """Claims whose payment task is open and that are in no open batch line."""
    return list(session.scalars(_due_query().order_by(Claim.township, Claim.reference)
                                .limit(limit)))


def _lock_due(session: Session, claim_ids: Sequence[int] | None) -> list[Claim]:
    """The due claims, locked: first the rows that look due are locked (in id order, so two
    batches never deadlock), then what is due is read again in a new statement, which under
    READ COMMITTED sees everything committed while we waited (a claim paid by hand, another
    batch's lines). SQLite has one writer at a time (BEGIN IMMEDIATE): the lock is a no-op."""
    locked = list(session.scalars(_due_query(claim_ids).with_only_columns(Claim.id)
                                  .order_by(Claim.id).limit(MAX_BATCH)
                                  .with_for_update(of=Claim)))
    if not locked:
        return []
    return list(session.scalars(_due_query(locked).order_by(Claim.township, Claim.reference)
                                .execution_options(populate_existing=True)))


def create_batch(session: Session, actor: Actor, now: datetime,
                 claim_ids: Sequence[int] | None = None) -> PaymentBatch:
    """A batch of the due claims (or the chosen ones), with each payee's account as it is now."""
    creator = _finance(actor)
    claims_due = _lock_due(session, claim_ids)
    if not claims_due:
        raise InvalidInputError({"claim_ids": "no claim is due for payment"})
    batch = PaymentBatch(status="created", line_count=len(claims_due),
                         total_fen=sum(c.amount_due_fen for c in claims_due),
                         created_by=creator, created_at=now)
    _number(session, batch, now.year)
    rows = [{"batch_id": batch.id, "claim_id": c.id, "row_number": i, "reference": c.reference,
             "payee_name": c.account_holder, "bank_name": c.bank_name,
             "account_number": c.account_number,
             "amount_fen": c.amount_due_fen,
             "installment": split.number_in_flight(c.installments),
             "is_open": True, "result": None, "reason": None, "result_at": None}
            for i, c in enumerate(claims_due, start=1)]
    try:
        # Plain Core: 10,000 lines in one statement, not 10,000 ORM objects.
        session.execute(insert(PaymentLine), rows)
    except IntegrityError as exc:  # the database's last word: a live payment exists already
        raise ConflictError("a claim is already in another batch or paid; reload") from exc
    return batch


def _number(session: Session, batch: PaymentBatch, year: int, tries: int = 5) -> None:
    """The batch's number, the next of its year: two officers creating batches of different
    claims at once read the same count, so the loser of the unique number takes the next."""
    for _ in range(tries):
        sequence = (session.scalar(select(func.count()).select_from(PaymentBatch)) or 0) + 1
        batch.number = f"ZF{year}-{sequence:05d}"
        try:
            with session.begin_nested():  # a refused number leaves the rest of the work intact
                session.add(batch)
                session.flush()
            return
        except IntegrityError:
            continue
    raise ConflictError("another batch is being numbered; try again")


def recent_batches(session: Session, limit: int = 200) -> list[PaymentBatch]:
    """The latest payment batches, newest first."""
    return list(session.scalars(select(PaymentBatch).order_by(PaymentBatch.id.desc())
                                .limit(limit)))


def get_batch(session: Session, batch_id: int, lock: bool = False) -> PaymentBatch:
    """The batch; with `lock`, its row held until the transaction ends, so two officers acting
    on one batch at once (approving, importing one file) go one after the other, the second
    seeing what the first did."""
    batch = session.get(PaymentBatch, batch_id, with_for_update=lock or None,
                        populate_existing=lock)
    if batch is None:
        raise NotFoundError("no such payment batch")
    return batch


def approve_batch(session: Session, actor: Actor, batch_id: int, now: datetime) -> PaymentBatch:
    """The second pair of eyes: never the officer who created the batch."""
    approver = _finance(actor)
    batch = get_batch(session, batch_id, lock=True)
    if batch.created_by == approver:
        raise ForbiddenError("a batch is approved by another finance officer (four eyes)")
    if batch.status != "created":
        raise ConflictError("this batch is already approved")
    batch.status, batch.approved_by, batch.approved_at = "approved", approver, now
    return batch


def lines(session: Session, batch_id: int) -> list[PaymentLine]:
    return list(session.scalars(select(PaymentLine).where(PaymentLine.batch_id == batch_id)
                                .order_by(PaymentLine.row_number)))


def export_payments(session: Session, actor: Actor, batch_id: int,
                    now: datetime) -> tuple[PaymentBatch, list[Payment]]:
    """The lines to write into the bank's file; only an approved batch can be exported."""
    _finance(actor)
    batch = get_batch(session, batch_id)
    if batch.status not in {"approved", "exported"}:
        raise ConflictError("only an approved batch can be exported")
    if batch.exported_at is None:
        batch.status, batch.exported_at = "exported", now
    return batch, [Payment(line.row_number, line.payee_name, line.account_number,
                           line.bank_name, line.amount_fen, line.reference)
                   for line in lines(session, batch_id)]


@dataclass
class ImportReport:
    applied: list[str] = field(default_factory=list)  # references paid or failed now
    already: list[str] = field(default_factory=list)  # applied by an earlier import
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # line, reference, why


def import_results(session: Session, runtime: Runtime, actor: Actor, batch_id: int,
                   results: Sequence[Result],
                   progress: Callable[[int], None] | None = None,
                   apply_now: int = 200) -> ImportReport:
    """Record the bank's results, each line once, in the caller's one transaction.

    Each recorded line also leaves an outbox entry that moves its claim's workflow on (paid:
    finished; failed: back to the applicant). Up to `apply_now` of them are applied here, in
    the same transaction; a larger file leaves them to the worker (`butie worker`), so a
    10,000-line file is recorded in seconds and the claims follow shortly after. The applicant
    is told when their claim moves (a milestone: `notifications.on_audit`), with the account's
    last 4 digits only.
    """
    officer = _finance(actor)
    batch = get_batch(session, batch_id, lock=True)
    if batch.status != "exported":
        raise ConflictError("results are imported for an exported batch only")
    by_reference = {line.reference: line for line in lines(session, batch_id)}
    report = ImportReport()
    now = runtime.clock()
    recorded: list[tuple[PaymentLine, Result]] = []
    for count, result in enumerate(results, start=1):
        line = by_reference.get(result.reference)
        why = _refusal(session, line, result)
        if why:
            report.refused.append((result.line, result.reference, why))
        elif line is not None and line.result is not None:
            report.already.append(result.reference)
        elif line is not None:
            line.result = "paid" if result.success else "failed"
            line.reason, line.result_at, line.is_open = result.reason or None, now, False
            recorded.append((line, result))
            report.applied.append(result.reference)
        if progress is not None:
            progress(count)
    session.flush()  # the paid-once index is checked here, before anything else moves
    _record_effects(session, recorded, officer, now)
    if len(recorded) <= apply_now:
        apply_results_in(session, runtime, limit=len(recorded))
    return report


def _refusal(session: Session, line: PaymentLine | None, result: Result) -> str:
    if line is None:
        other = session.scalar(select(PaymentLine.batch_id).where(
            PaymentLine.reference == result.reference, PaymentLine.batch_id.is_not(None))
            .limit(1))
        return "a claim of another batch" if other is not None else "unknown reference"
    if result.success is None:
        return "status is neither success nor failure"
    if result.amount_fen is not None and result.amount_fen != line.amount_fen:
        return "wrong amount"
    if line.result is not None and line.result != ("paid" if result.success else "failed"):
        return said("already recorded as %(result)s", result=line.result)
    return ""


def _record_effects(session: Session, recorded: list[tuple[PaymentLine, Result]],
                    officer: int, now: datetime) -> None:
    if not recorded:
        return
    session.execute(insert(OutboxEntry), [
        {"claim_id": line.claim_id, "kind": RESULT_KIND, "created_at": now,
         "processed_at": None, "result": None,
         "payload": {"line_id": line.id, "outcome": line.result, "reason": result.reason,
                     "officer": officer}} for line, result in recorded])


def apply_results_in(session: Session, runtime: Runtime, limit: int = 200) -> int:
    """Move on the claims whose bank result is recorded but not yet applied; each entry in a
    savepoint of its own (PostgreSQL: SKIP LOCKED shares the work between workers).

    An entry whose application raises leaves its claim as it was, records the error and an
    attempt, and is given up (`not_applied`, shown on the batch page) after MAX_ATTEMPTS: it
    never stops the entries after it. A lost connection is not the entry's fault: it ends the
    round (the transaction is gone) and the entries are taken again by the next one.
    """
    entries = session.scalars(select(OutboxEntry).where(
        OutboxEntry.kind == RESULT_KIND, OutboxEntry.processed_at.is_(None))
        .order_by(OutboxEntry.id).limit(limit).with_for_update(skip_locked=True)).all()
    done = 0
    for entry in entries:
        try:
            with session.begin_nested():
                _apply(session, runtime, entry)
            done += 1
        except OperationalError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure of one entry is recorded, not fatal
            _record_failure(entry, exc, runtime.clock())
    return done


def _record_failure(entry: OutboxEntry, exc: Exception, now: datetime) -> None:
    """Keep what went wrong on the entry (the savepoint undid its work on the claim)."""
    entry.attempts = (entry.attempts or 0) + 1
    # A database error's own message, never its statement's parameters.
    cause = getattr(exc, "orig", None) or exc
    entry.error = f"{type(cause).__name__}: {cause}"[:2000]
    if entry.attempts >= MAX_ATTEMPTS:
        entry.processed_at, entry.result = now, OutboxResult.NOT_APPLIED
    log.warning("payment result for claim %s not applied (attempt %s): %s", entry.claim_id,
                entry.attempts, entry.error)


def apply_results(factory: sessionmaker[Session], runtime: Runtime, limit: int = 200) -> int:
    """`apply_results_in` in a transaction of its own: the worker and the ticker."""
    with factory.begin() as session:
        return apply_results_in(session, runtime, limit)


def _apply(session: Session, runtime: Runtime, entry: OutboxEntry) -> None:
    now = runtime.clock()
    payload = entry.payload
    outcome = OutboxResult(str(payload["outcome"]))  # paid or failed, as the line recorded
    task = session.scalar(select(HumanTask).where(HumanTask.claim_id == entry.claim_id,
                                                  HumanTask.form == "payment_result"))
    if task is not None:
        officer = Actor(int(payload["officer"]), Role.FINANCE, name="bank result")
        decisions.complete_task(session, runtime, officer, entry.claim_id, task.task_id,
                                outcome.value, str(payload.get("reason") or "")
                                or ("" if outcome == OutboxResult.PAID else "bank refused"),
                                payment_line=int(payload["line_id"]))
    entry.processed_at = now
    entry.result = outcome if task is not None else OutboxResult.NO_OPEN_TASK


def not_applied(session: Session, batch_id: int) -> list[tuple[str, str]]:
    """The bank results of a batch that could not be applied to their claims: reference and
    error, for the batch page (a person looks at each)."""
    line_ids = {line.id: line.reference for line in lines(session, batch_id)}
    found = session.scalars(select(OutboxEntry).where(
        OutboxEntry.kind == RESULT_KIND, OutboxEntry.result == OutboxResult.NOT_APPLIED,
        OutboxEntry.claim_id.in_(select(PaymentLine.claim_id).where(
            PaymentLine.batch_id == batch_id))).order_by(OutboxEntry.id))
    return [(line_ids[int(e.payload["line_id"])], e.error or "")
            for e in found if int(e.payload["line_id"]) in line_ids]


def reconcile_batches(session: Session, start: datetime | None = None,
                      end: datetime | None = None
                      ) -> list[tuple[str, dict[str, tuple[int, int]]]]:
    """`reconcile` for every batch made in a period, in one grouped query, oldest first."""
    query = select(PaymentBatch.id, PaymentBatch.number, PaymentLine.result, func.count(),
                   func.coalesce(func.sum(PaymentLine.amount_fen), 0)).join(
        PaymentLine, PaymentLine.batch_id == PaymentBatch.id)
    if start is not None:
        query = query.where(PaymentBatch.created_at >= start)
    if end is not None:
        query = query.where(PaymentBatch.created_at < end)
    found: dict[int, tuple[str, dict[str | None, tuple[int, int]]]] = {}
    for batch_id, number, result, count, total in session.execute(
            query.group_by(PaymentBatch.id, PaymentBatch.number, PaymentLine.result)
            .order_by(PaymentBatch.id)):
        found.setdefault(batch_id, (number, {}))[1][result] = (int(count), int(total))
    return [(number, _summary(rows)) for number, rows in found.values()]


def _summary(rows: dict[str | None, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    expected = (sum(c for c, _ in rows.values()), sum(t for _, t in rows.values()))
    return {"expected": expected, "paid": rows.get("paid", (0, 0)),
            "failed": rows.get("failed", (0, 0)), "pending": rows.get(None, (0, 0))}


def reconcile(session: Session, batch_id: int | None = None, start: datetime | None = None,
              end: datetime | None = None) -> dict[str, tuple[int, int]]:
    """Expected, paid, failed, pending: (count, fen) for a batch or for batches made in a period."""
    query = select(PaymentLine.result, func.count(), func.coalesce(func.sum(
        PaymentLine.amount_fen), 0)).join(PaymentBatch, PaymentBatch.id == PaymentLine.batch_id)
    if batch_id is not None:
        query = query.where(PaymentLine.batch_id == batch_id)
    if start is not None:
        query = query.where(PaymentBatch.created_at >= start)
    if end is not None:
        query = query.where(PaymentBatch.created_at < end)
    return _summary({result: (int(count), int(total)) for result, count, total in
                     session.execute(query.group_by(PaymentLine.result))})


def payees(session: Session, batch_id: int) -> dict[int, tuple[str, int]]:
    """Whom each claim of a batch pays and how many persons that serves, by claim id: a person
    one, an enterprise the workers on its roster (one grouped query for the counts)."""
    workers = roster_rows.workers_per_claim()
    return {claim_id: (kind, int(persons)) for claim_id, kind, persons in session.execute(
        select(Claim.id, Claim.payee_kind, roster_rows.persons_served(workers))
        .join(PaymentLine, PaymentLine.claim_id == Claim.id)
        .outerjoin(workers, workers.c.claim_id == Claim.id)
        .where(PaymentLine.batch_id == batch_id))}


def by_payee(lines: Sequence[PaymentLine],
             found: dict[int, tuple[str, int]]) -> dict[str, tuple[int, int, int]]:
    """A batch's lines summed by whom they pay: (lines, persons served, fen) per payee kind."""
    summed: dict[str, tuple[int, int, int]] = {}
    for line in lines:
        kind, persons = found.get(line.claim_id, ("applicant", 1))
        count, served, fen = summed.get(kind, (0, 0, 0))
        summed[kind] = (count + 1, served + persons, fen + line.amount_fen)
    return summed


def payees_by_batch(session: Session, start: datetime | None = None,
                    end: datetime | None = None) -> dict[str, tuple[int, int, int]]:
    """For the reconciliation, per batch made in a period (by number): the lines that pay an
    enterprise, their fen, and the persons all the batch's lines serve (an enterprise's line
    its roster's workers, a person's one), in one grouped query."""
    workers = roster_rows.workers_per_claim()
    firm = Claim.payee_kind == roster_rows.ENTERPRISE
    query = select(PaymentBatch.number,
                   func.coalesce(func.sum(case((firm, 1), else_=0)), 0),
                   func.coalesce(func.sum(case((firm, PaymentLine.amount_fen), else_=0)), 0),
                   func.coalesce(func.sum(roster_rows.persons_served(workers)), 0)).join(
        PaymentLine, PaymentLine.batch_id == PaymentBatch.id).join(
        Claim, Claim.id == PaymentLine.claim_id).outerjoin(
        workers, workers.c.claim_id == Claim.id)
    if start is not None:
        query = query.where(PaymentBatch.created_at >= start)
    if end is not None:
        query = query.where(PaymentBatch.created_at < end)
    return {number: (int(lines), int(fen), int(persons)) for number, lines, fen, persons
            in session.execute(query.group_by(PaymentBatch.number))}
