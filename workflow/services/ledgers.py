"""The rows of every ledger and list, as streaming queries, for the actor who asked.

A source is a ledger (headings, how a row becomes cells), the query that feeds it, and which
numbers the viewer sees whole: row by row, as on the claim page, only where an open task of
theirs on that claim needs it (workflow.domain.need_to_know): a township's ledger carries the
whole ID number of the claims waiting at its identity review and masked ones for every claim
past it; finance's the whole account of claims waiting for payment. Scope is the dashboard's:
reviewers get the claims of their township or department, the bureau and administrators the
county.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from workflow.domain.access import Actor, Role, actor_scope, lane_for
from workflow.domain.bounds import day_in_range, parse_whole, year_in_range
from workflow.domain.claims import Stage, Status
from workflow.domain.need_to_know import NONE, Number, Whole, stages_needing
from workflow.domain.overdue import cutoffs, parse_limits
from workflow.domain.targets import MEASURES, TARGET_SETS
from workflow.persistence.models import (
    Claim,
    HumanTask,
    NoticeBatch,
    PaymentBatch,
    PaymentLine,
    ProcessDefinition,
    RosterRow,
    User,
)
from workflow.reports import ledgers
from workflow.reports.figures import scope_of
from workflow.reports.ledgers import Ledger
from workflow.services import queries, reports, roster_rows, targets, user_lists
from workflow.services.errors import ForbiddenError, InvalidInputError

REVIEWERS = frozenset({Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU, Role.FINANCE})
COUNTY_READERS = frozenset({Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU, Role.FINANCE,
                            Role.ADMIN})
# Who may export what (the same people who see the page it comes from).
KINDS: dict[str, frozenset[Role]] = {
    "training": COUNTY_READERS, "employment": COUNTY_READERS, "queue": REVIEWERS,
    "my_claims": frozenset({Role.APPLICANT}), "awaiting": frozenset({Role.BUREAU}),
    "batches": frozenset({Role.FINANCE}), "batch_lines": frozenset({Role.FINANCE}),
    "users": frozenset({Role.ADMIN}), "processes": frozenset({Role.ADMIN}),
    "targets": frozenset({Role.ADMIN, Role.BUREAU}),
    "roster": COUNTY_READERS,  # the workers of enterprises' claims (issue 19 item 3)
}
QUEUE_PARAMS = ("stage", "township", "certificate_code", "from", "to", "q", "sort")
# The queue's overdue marks use the office's setting as it was when the export was asked for.
QUEUE_SETTING = "overdue"


@dataclass(frozen=True)
class Source:
    ledger: Ledger
    # The numbers every row shows whole; None: row by row, from the query's last two columns
    # (whole_flags: this row's ID number, this row's account).
    whole: Whole | None
    query: Select[*tuple[Any, ...]] | None = None
    rows: Sequence[Sequence[Any]] = ()  # when not a query (targets)

    def count(self, session: Session) -> int:
        if self.query is None:
            return len(self.rows)
        return session.scalar(select(func.count()).select_from(self.query.subquery())) or 0

    def cells(self, session: Session, chunk: int = 2000) -> Iterator[list[Any]]:
        """Each row as cells, streamed in chunks from the database."""
        found = self.rows if self.query is None else session.execute(
            self.query.execution_options(yield_per=chunk))
        for n, values in enumerate(found, start=1):
            if self.whole is None:
                whole = frozenset(number for number, flag in zip(FLAGGED, values[-2:],
                                                                 strict=True) if flag)
                yield self.ledger.row(values[:-2], n, whole)
            else:
                yield self.ledger.row(values, n, self.whole)


FLAGGED = (Number.ID, Number.ACCOUNT)


def whole_flags(actor: Actor, claim_id: Any, township: Any | None) -> list[ColumnElement[bool]]:
    """Two columns for a query of claims (or of rows naming `claim_id`): whether the actor
    sees the row's ID number, and its account, whole now: an open task of theirs on that claim
    needs it (need_to_know.stages_needing). `township` None: a claim's township is not at hand,
    so a need that depends on it does not count (masked)."""
    lane, scope = lane_for(actor.role), actor_scope(actor)
    task = aliased(HumanTask)  # never correlated with a queue's own task rows
    flags: list[ColumnElement[bool]] = []
    for number in FLAGGED:
        stages = [task.stage == stage if not bare else and_(
            task.stage == stage, func.coalesce(township, "") == "")
            for stage, bare in stages_needing(lane, number) if not bare or township is not None]
        if not stages:
            flags.append(literal(False))
            continue
        flags.append(select(task.id).where(
            task.claim_id == claim_id, task.lane == lane,
            task.scope == scope if scope is not None else task.scope.is_(None),
            or_(*stages)).exists())
    return flags


TITLES = {"training": ledgers.TRAINING, "employment": ledgers.EMPLOYMENT,
          "queue": ledgers.QUEUE, "my_claims": ledgers.MY_CLAIMS, "awaiting": ledgers.AWAITING,
          "batches": ledgers.BATCHES, "batch_lines": ledgers.BATCH_LINES,
          "users": ledgers.USERS, "processes": ledgers.PROCESSES}


def filename(kind: str, params: Mapping[str, str]) -> str:
    """The download's name: the ledger's title and what it covers, e.g. 培训补贴台账-2026.xlsx."""
    title = TITLES[kind].sheet.title if kind in TITLES else "目标任务"
    parts = [title] + [params[k] for k in ("pack", "year", "batch_id", "claim_id")
                       if params.get(k)]
    return "-".join(parts) + ".xlsx"


def check(actor: Actor, kind: str, params: Mapping[str, str]) -> dict[str, str]:
    """Who may ask for `kind`, and its parameters cleaned; raises for anything else."""
    if kind not in KINDS:
        raise InvalidInputError({"kind": "no such export"})
    if actor.role not in KINDS[kind]:
        raise ForbiddenError("your role may not export this list")
    allowed = {"training": ("year",), "employment": ("year",),
               "queue": (*QUEUE_PARAMS, QUEUE_SETTING),
               "batch_lines": ("batch_id",), "targets": ("pack", "year"),
               "roster": ("claim_id", "year"),
               "users": user_lists.EXPORT_PARAMS}.get(kind, ())
    clean = {k: str(v).strip()[:256] for k, v in params.items() if k in allowed and v}
    if QUEUE_SETTING in clean:
        try:
            parse_limits(clean[QUEUE_SETTING])
        except ValueError as exc:
            raise InvalidInputError({QUEUE_SETTING: "stage=days, separated by commas"}) \
                from exc
    for name in ("year", "batch_id", "claim_id"):
        if name in clean and parse_whole(clean[name]) is None:
            raise InvalidInputError({name: "a number"})
    if "year" in clean and not year_in_range(int(clean["year"])):
        raise InvalidInputError({"year": "a year such as 2026"})
    for name in ("from", "to"):
        _date(clean.get(name), name)
    if kind == "batch_lines" and "batch_id" not in clean:
        raise InvalidInputError({"batch_id": "which batch"})
    if kind == "targets":
        if clean.get("pack") not in TARGET_SETS or "year" not in clean:
            raise InvalidInputError({"pack": "a policy pack and a year"})
    return clean


def _claims(actor: Actor, columns: Sequence[Any]) -> Select[*tuple[Any, ...]]:
    query = select(*columns)
    scope = scope_of(actor)
    if scope.township is not None:
        query = query.where(Claim.township == scope.township)
    if scope.department is not None:
        query = query.where(Claim.department == scope.department)
    return query


def _year(column: Any, params: Mapping[str, str]) -> Any:
    if not params.get("year"):
        return literal(True)
    start, end = reports.year_bounds(int(params["year"]))
    return and_(column >= start, column < end)


def _training(actor: Actor, params: Mapping[str, str]) -> Select[*tuple[Any, ...]]:
    workers = roster_rows.workers_per_claim()  # one grouped join: no query per claim
    special = {"notice_number": NoticeBatch.number,
               "workers": roster_rows.persons_served(workers)}
    cols = [special[f] if f in special else getattr(Claim, f)
            for f in ledgers.TRAINING_FIELDS]
    return _claims(actor, [*cols, *whole_flags(actor, Claim.id, Claim.township)]) \
        .outerjoin(NoticeBatch, NoticeBatch.id == Claim.notice_batch_id) \
        .outerjoin(workers, workers.c.claim_id == Claim.id) \
        .where(_year(Claim.submitted_at, params)).order_by(Claim.submitted_at, Claim.id)


def _roster(actor: Actor, params: Mapping[str, str]) -> Select[*tuple[Any, ...]]:
    """The workers of enterprises' claims in the actor's scope, one line each: of one claim
    (claim_id), or of the claims filed in a year. The flags are the claim's (its identity
    review shows the whole ID numbers, of the workers as of the enterprise)."""
    query = _claims(actor, [
        Claim.reference, Claim.full_name, Claim.id_number, Claim.township, Claim.subsidy_kind,
        Claim.stage, Claim.status, RosterRow.row_number, RosterRow.full_name,
        RosterRow.id_number, RosterRow.amount_fen,
        *whole_flags(actor, Claim.id, Claim.township)]).join(
        RosterRow, RosterRow.claim_id == Claim.id).where(
        Claim.payee_kind == roster_rows.ENTERPRISE, _year(Claim.submitted_at, params),
        RosterRow.struck_at.is_(None))  # a worker a reviewer struck out is not on the claim
    if params.get("claim_id"):
        query = query.where(Claim.id == int(params["claim_id"]))
    return query.order_by(Claim.submitted_at, Claim.id, RosterRow.row_number)


def _employment(actor: Actor, params: Mapping[str, str]) -> Select[*tuple[Any, ...]]:
    return _claims(actor, [*(getattr(Claim, f) for f in ledgers.EMPLOYMENT_FIELDS),
                           *whole_flags(actor, Claim.id, Claim.township)]).where(
        Claim.accepted_at.is_not(None), Claim.status != Status.REJECTED,
        _year(Claim.accepted_at, params)).order_by(Claim.accepted_at, Claim.id)


def _queue(actor: Actor, params: Mapping[str, str], limits: Mapping[str, int],
           now: datetime) -> Select[*tuple[Any, ...]]:
    f = queries.QueueFilter(
        stage=params.get("stage"), township=params.get("township"),
        certificate_code=params.get("certificate_code"),
        submitted_from=_date(params.get("from")), submitted_to=_date(params.get("to")),
        search=params.get("q"), newest_first=params.get("sort") == "newest", limit=1)
    late = or_(*(and_(HumanTask.stage == s, HumanTask.created_at < t)
                 for s, t in cutoffs(limits, now).items())) if limits else false()
    order = (HumanTask.created_at.desc(), HumanTask.id.desc()) if f.newest_first \
        else (HumanTask.created_at, HumanTask.id)
    base = queries.filtered_queue(actor, f).with_only_columns(
        Claim.reference, Claim.full_name, Claim.id_number, Claim.township,
        Claim.certificate_name, HumanTask.stage, HumanTask.title, HumanTask.created_at,
        case((late, True), else_=False), *whole_flags(actor, Claim.id, Claim.township))
    return base.order_by(*order)


def _date(text: str | None, name: str = "from") -> date | None:
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        day = None
    if text and (day is None or not day_in_range(day)):
        raise InvalidInputError({name: "a date such as 2026-11-02"})
    return day


def _targets(session: Session, pack: str, year: int) -> Source:
    items = targets.in_force(session, pack, year)
    flags = tuple(ledgers.mismatch_line(c.label, c.stated or 0, c.rows_sum or 0)
                  for c in targets.totals(items) if c.mismatch)
    rows = []
    for i in items:
        t = i.target
        source = "/" if t.slash else ("未配置" if t.value is None else t.value)
        value = "/" if t.slash and i.set_row is None else ("未配置" if i.value is None
                                                            else i.value)
        years = str(t.first_year) if t.first_year == t.last_year \
            else f"{t.first_year}–{t.last_year}"
        rows.append((t.group, t.label, years, source, value,
                     i.set_row.note if i.set_row else "", t.unit, t.clause,
                     MEASURES[t.measure] if t.measure else "无数据（butie 未采集）"))
    title = f"{TARGET_SETS[pack].authority} 目标任务（{year}年）"
    return Source(ledgers.targets_ledger(title, flags), NONE, rows=rows)


CLAIM_ROWS: dict[str, tuple[Ledger, Callable[[Actor, Mapping[str, str]],
                                            Select[*tuple[Any, ...]]]]] = {
    "training": (ledgers.TRAINING, _training), "employment": (ledgers.EMPLOYMENT, _employment),
    "roster": (ledgers.ROSTER, _roster)}


def source(session: Session, actor: Actor, kind: str, params: Mapping[str, str],
           now: datetime, limits: Mapping[str, int] | None = None) -> Source:
    """What an export of `kind` holds for this actor (check() first)."""
    if kind in CLAIM_ROWS:  # rows of claims in the actor's scope, flagged row by row
        ledger, query = CLAIM_ROWS[kind]
        return Source(ledger, None, query(actor, params))
    if kind == "queue":
        if QUEUE_SETTING in params:
            limits = parse_limits(params[QUEUE_SETTING])
        return Source(ledgers.QUEUE, None, _queue(actor, params, limits or {}, now))
    if kind == "my_claims":
        return Source(ledgers.MY_CLAIMS, NONE, select(
            *(getattr(Claim, f) for f in ledgers.MY_CLAIMS.fields))
            .where(Claim.applicant_id == actor.user_id).order_by(Claim.submitted_at, Claim.id))
    if kind == "awaiting":
        return Source(ledgers.AWAITING, None, select(
            *(getattr(Claim, f) for f in ledgers.AWAITING.fields),
            *whole_flags(actor, Claim.id, Claim.township))
            .where(Claim.stage == Stage.AWAITING_NOTICE)
            .order_by(Claim.township, Claim.accepted_at, Claim.reference))
    if kind == "batches":
        return Source(ledgers.BATCHES, NONE, select(
            *(getattr(PaymentBatch, f) for f in ledgers.BATCHES.fields))
            .order_by(PaymentBatch.id))
    if kind == "batch_lines":
        return Source(ledgers.BATCH_LINES, None, _batch_lines(actor, int(params["batch_id"])))
    if kind == "users":  # the administrator's list as filtered on the page
        return Source(ledgers.USERS, NONE, user_lists.export_query(
            params, [getattr(User, f) for f in ledgers.USERS.fields]))
    if kind == "processes":
        return Source(ledgers.PROCESSES, NONE, select(
            *(getattr(ProcessDefinition, f) for f in ledgers.PROCESSES.fields))
            .order_by(ProcessDefinition.process_id, ProcessDefinition.version.desc()))
    if kind == "targets":
        return _targets(session, params["pack"], int(params["year"]))
    raise InvalidInputError({"kind": "no such export"})


def _batch_lines(actor: Actor, batch_id: int) -> Select[*tuple[Any, ...]]:
    """A batch's lines; a line's account is whole only while it waits for the bank's result
    (the claim's payment task is open): a line already paid or failed is history."""
    id_flag, account_flag = whole_flags(actor, PaymentLine.claim_id, None)
    workers = roster_rows.workers_per_claim()
    special = {"payee_kind": Claim.payee_kind, "credit_code": Claim.id_number,
               "workers": roster_rows.persons_served(workers)}
    return select(*(special[f] if f in special else getattr(PaymentLine, f)
                    for f in ledgers.BATCH_LINES.fields), id_flag,
                  and_(PaymentLine.is_open, account_flag)).join(
        Claim, Claim.id == PaymentLine.claim_id).outerjoin(
        workers, workers.c.claim_id == Claim.id).where(
        PaymentLine.batch_id == batch_id).order_by(PaymentLine.row_number)


def notices_source() -> Source:
    """The public archive of notices (no login)."""
    corrected = aliased(NoticeBatch)
    return Source(ledgers.NOTICES, NONE, select(
        NoticeBatch.number, NoticeBatch.title, NoticeBatch.starts_on, NoticeBatch.ends_on,
        NoticeBatch.row_count, NoticeBatch.total_fen, corrected.number)
        .outerjoin(corrected, corrected.id == NoticeBatch.corrects_id)
        .order_by(NoticeBatch.published_at.desc(), NoticeBatch.id.desc()))


def disclosure_source(start: datetime, end: datetime, label: str, authority: str) -> Source:
    """Subsidies paid in [start, end): the public list, masked ID numbers only."""
    ledger = ledgers.disclosure(label, authority)
    return Source(ledger, NONE, select(*(getattr(Claim, f) for f in ledger.fields)).where(
        Claim.status == Status.PAID, Claim.closed_at >= start, Claim.closed_at < end)
        .order_by(Claim.closed_at, Claim.id))


def paid_in(session: Session, start: datetime, end: datetime, limit: int = 100,
            offset: int = 0) -> tuple[list[Any], int, int]:
    """One page of the subsidies paid in [start, end) (oldest first), how many, and the sum."""
    where = (Claim.status == Status.PAID, Claim.closed_at >= start, Claim.closed_at < end)
    count, total = session.execute(select(func.count(), func.coalesce(
        func.sum(Claim.amount_fen), 0)).where(*where)).one()
    rows = session.execute(select(Claim.full_name, Claim.id_number, Claim.township,
                                  Claim.certificate_name, Claim.amount_fen, Claim.closed_at)
                           .where(*where).order_by(Claim.closed_at, Claim.id)
                           .limit(max(1, min(limit, 500))).offset(max(0, offset))).all()
    return list(rows), int(count), int(total or 0)
