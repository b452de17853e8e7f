"""The dashboard's figures, computed in SQL over the projection columns and stage visits.

Each figure is one grouped query; the median days per stage use window functions (LEAD for
when a visit ended, ROW_NUMBER for the middle), which SQLite and PostgreSQL both run, so no
row of a large county is read into Python to count it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain.access import Actor
from workflow.domain.bounds import year_in_range
from workflow.domain.claims import Stage, Status
from workflow.domain.overdue import cutoffs
from workflow.domain.targets import (
    ACCEPTED,
    HIGH_SKILL,
    HIGH_SKILL_LEVELS,
    HIGH_SKILL_SHARE,
)
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.expressions import seconds_between
from workflow.persistence.models import Claim, HumanTask, StageVisit
from workflow.persistence.types import UTCDateTime
from workflow.reports.figures import (
    PERSON,
    Dashboard,
    Money,
    Progress,
    Scope,
    Served,
    SlowClaim,
    StageCounts,
    StageTiming,
    TownshipMoney,
    days,
    percent,
    scope_of,
    sections_for,
)
from workflow.services import roster_rows
from workflow.services import targets as target_service

SLOWEST = 10


def year_bounds(first_year: int, last_year: int | None = None) -> tuple[datetime, datetime]:
    """From 1 January of `first_year` to 1 January after `last_year`, county time."""
    start = datetime.combine(date(first_year, 1, 1), time.min, tzinfo=COUNTY_TIME)
    end = datetime.combine(date((last_year or first_year) + 1, 1, 1), time.min,
                           tzinfo=COUNTY_TIME)
    return start, end


def _scoped(query: Select[*tuple[Any, ...]], scope: Scope) -> Select[*tuple[Any, ...]]:
    if scope.township is not None:
        query = query.where(Claim.township == scope.township)
    if scope.department is not None:
        query = query.where(Claim.department == scope.department)
    return query


def stage_counts(session: Session, scope: Scope) -> StageCounts:
    """Claims now per township and stage; closed claims counted by how they ended."""
    key = func.coalesce(func.nullif(Claim.status, Status.IN_PROGRESS.value), Claim.stage)
    rows = session.execute(_scoped(select(Claim.township, key, func.count()), scope)
                           .group_by(Claim.township, key))
    return StageCounts({(township, stage): int(count) for township, stage, count in rows})


def median_days(session: Session, scope: Scope, start: datetime,
                end: datetime) -> dict[str, tuple[int, float]]:
    """Per stage: stage visits that ended in [start, end) and their median length in days."""
    left_at = func.lead(StageVisit.entered_at, type_=UTCDateTime()).over(
        partition_by=StageVisit.claim_id, order_by=(StageVisit.entered_at, StageVisit.id))
    visits = _scoped(select(StageVisit.stage, StageVisit.entered_at, left_at.label("left_at"))
                     .join(Claim, Claim.id == StageVisit.claim_id), scope).subquery()
    lengths = select(visits.c.stage, seconds_between(visits.c.entered_at, visits.c.left_at)
                     .label("s")).where(visits.c.left_at.is_not(None),
                                        visits.c.left_at >= start,
                                        visits.c.left_at < end).subquery()
    ranked = select(lengths.c.stage, lengths.c.s,
                    func.row_number().over(partition_by=lengths.c.stage,
                                           order_by=lengths.c.s).label("rn"),
                    func.count().over(partition_by=lengths.c.stage).label("n")).subquery()
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    rows = session.execute(select(ranked.c.stage, func.max(ranked.c.n), func.avg(ranked.c.s))
                           .where(middle).group_by(ranked.c.stage))
    return {stage: (int(n), float(seconds)) for stage, n, seconds in rows}


def overdue_counts(session: Session, scope: Scope, now: datetime,
                   limits: Mapping[str, int]) -> dict[str, int]:
    """Open tasks per stage waiting longer than the stage's days (the queue's own rule)."""
    cut = cutoffs(limits, now)
    if not cut:
        return {}
    late = or_(*(and_(HumanTask.stage == stage, HumanTask.created_at < before)
                 for stage, before in cut.items()))
    rows = session.execute(_scoped(select(HumanTask.stage, func.count()).join(
        Claim, Claim.id == HumanTask.claim_id).where(late), scope).group_by(HumanTask.stage))
    return {stage: int(count) for stage, count in rows}


def slowest(session: Session, scope: Scope, now: datetime,
            limit: int = SLOWEST) -> list[SlowClaim]:
    """Open claims that have waited longest in the stage they are in."""
    since = select(StageVisit.claim_id, func.max(StageVisit.entered_at).label("since")) \
        .group_by(StageVisit.claim_id).subquery()
    query = _scoped(select(Claim.id, Claim.reference, Claim.township, Claim.stage,
                           since.c.since, Claim.submitted_at)
                    .join(since, since.c.claim_id == Claim.id)
                    .where(Claim.status == Status.IN_PROGRESS), scope)
    rows = session.execute(query.order_by(since.c.since, Claim.id).limit(limit))
    return [SlowClaim(i, ref, town, stage, at, submitted, now)
            for i, ref, town, stage, at, submitted in rows]


def timing(session: Session, scope: Scope, start: datetime, end: datetime, now: datetime,
           limits: Mapping[str, int], counts: StageCounts) -> list[StageTiming]:
    medians = median_days(session, scope, start, end)
    overdue = overdue_counts(session, scope, now, limits)
    open_now = counts.by_stage()
    stages = [s.value for s in Stage if s != Stage.CLOSED
              and (s in medians or s in open_now or s in overdue)]
    return [StageTiming(s, medians.get(s, (0, 0.0))[0], days(medians[s][1]) if s in medians
                        else None, open_now.get(s, 0), overdue.get(s, 0)) for s in stages]


def _accepted(pack_id: str, start: datetime, end: datetime) -> Any:
    """Claims of the pack accepted in [start, end) and not rejected since (an upheld
    objection rejects an accepted claim)."""
    return and_(Claim.policy_pack == pack_id, Claim.accepted_at >= start,
                Claim.accepted_at < end, Claim.status != Status.REJECTED)


Key = tuple[str, str, str]  # township, department, kind of claim
Figures = dict[Key, list[int]]  # claims, persons served, fen


def _grouped(session: Session, where: Any) -> Figures:
    """Claims, persons served and amount per (township, department, kind), one grouped query
    with the roster counts joined (figures.Served says what each means). The grouped
    expressions carry no bound parameter, so PostgreSQL matches them to the selected ones."""
    workers = roster_rows.workers_per_claim()
    kind = case((Claim.payee_kind == literal_column(f"'{roster_rows.ENTERPRISE}'"),
                 Claim.subsidy_kind), else_=literal_column(f"'{PERSON}'"))
    rows = session.execute(
        select(Claim.township, Claim.department, kind, func.count(),
               func.coalesce(func.sum(roster_rows.persons_served(workers)), 0),
               func.coalesce(func.sum(Claim.amount_fen), 0))
        .outerjoin(workers, workers.c.claim_id == Claim.id).where(where)
        .group_by(Claim.township, Claim.department, kind))
    found: Figures = {}
    for township, department, key, count, persons, fen in rows:
        _add(found, (township, department or "", key or ""), int(count), int(persons),
             int(fen))
    return found


def _add(figures: Figures, key: Key, count: int, persons: int, fen: int) -> None:
    cell = figures.setdefault(key, [0, 0, 0])
    cell[0], cell[1], cell[2] = cell[0] + count, cell[1] + persons, cell[2] + fen


def _by(figures: Figures, part: int) -> tuple[Served, ...]:
    """The figures summed by one part of their key (0 township, 1 department, 2 kind)."""
    summed: dict[str, list[int]] = {}
    for key, (count, persons, fen) in figures.items():
        cell = summed.setdefault(key[part], [0, 0, 0])
        cell[0], cell[1], cell[2] = cell[0] + count, cell[1] + persons, cell[2] + fen
    return tuple(Served(k, *summed[k]) for k in sorted(summed))


def money(session: Session, pack_id: str, year: int) -> Money:
    """Accepted and paid in the year (county time) against the budget; due now. An
    enterprise's claim counts once in claims and amounts, and its workers as persons served."""
    start, end = year_bounds(year)
    in_one_go = Claim.installments.is_(None)
    accepted = _grouped(session, and_(_accepted(pack_id, start, end), in_one_go))
    paid = _grouped(session, and_(Claim.policy_pack == pack_id, Claim.status == Status.PAID,
                                  Claim.closed_at >= start, Claim.closed_at < end, in_one_go))
    _add_installments(session, pack_id, start, end, accepted, paid)
    # What the bank is to pay now: summed in SQL for claims paid in one go; a claim paid in
    # installments owes the one in flight, not the total they commit, so it is read per claim.
    in_payment = and_(Claim.policy_pack == pack_id, Claim.stage == Stage.PAYMENT)
    count, fen = session.execute(select(func.count(), func.coalesce(
        func.sum(Claim.amount_fen), 0)).where(in_payment, in_one_go)).one()
    due = session.execute(select(Claim.amount_fen, Claim.installments).where(
        in_payment, Claim.installments.is_not(None))).all()
    budget = target_service.budget(session, pack_id, year)
    towns = {s.key: s for s in _by(accepted, 0)}
    paid_towns = {s.key: s for s in _by(paid, 0)}
    none = Served("", 0, 0, 0)
    return Money(year, budget.amount_fen if budget else None,
                 sum(c[0] for c in accepted.values()), sum(c[2] for c in accepted.values()),
                 sum(c[0] for c in paid.values()), sum(c[2] for c in paid.values()),
                 int(count) + len(due),
                 int(fen or 0) + sum(split.amount_due(i, a) for a, i in due),
                 tuple(TownshipMoney(t, towns.get(t, none).accepted_fen,
                                     paid_towns.get(t, none).accepted_fen,
                                     towns.get(t, none).claims, towns.get(t, none).persons)
                       for t in sorted(set(towns) | set(paid_towns))),
                 accepted_persons=sum(c[1] for c in accepted.values()),
                 paid_persons=sum(c[1] for c in paid.values()),
                 by_department=_by(accepted, 1), by_kind=_by(accepted, 2))


def _add_installments(session: Session, pack_id: str, start: datetime, end: datetime,
                      accepted: Figures, paid: Figures) -> None:
    """Claims paid in installments (Huzhou 004 4, 7; Lanzhou 附件2 备注3): each installment
    counts in the year it was committed and the year it was paid, so a later apprenticeship
    year weighs on its own year's budget. Only claims that can have one in [start, end).
    Only a person's claim is paid in installments: one person served."""
    for township, department, accepted_at, records in session.execute(
            select(Claim.township, Claim.department, Claim.accepted_at, Claim.installments)
            .where(Claim.policy_pack == pack_id, Claim.installments.is_not(None),
                   Claim.accepted_at < end, Claim.status != Status.REJECTED,
                   or_(Claim.closed_at.is_(None), Claim.closed_at >= start))):
        committed, paid_fen = split.in_window(records, accepted_at, start, end)
        for figures, fen in ((accepted, committed), (paid, paid_fen)):
            if fen:
                _add(figures, (township, department or "", PERSON), 1, 1, fen)


def _measured(session: Session, pack_id: str, first_year: int,
              last_year: int) -> dict[str, tuple[int | float | None, int | None]]:
    start, end = year_bounds(first_year, last_year)
    high = Claim.certificate_level.in_(HIGH_SKILL_LEVELS)
    accepted, high_skill = session.execute(
        select(func.count(), func.coalesce(func.sum(case((high, 1), else_=0)), 0))
        .where(_accepted(pack_id, start, end))).one()
    accepted, high_skill = int(accepted), int(high_skill)
    return {ACCEPTED: (accepted, None), HIGH_SKILL: (high_skill, None),
            HIGH_SKILL_SHARE: (percent(high_skill, accepted), accepted or None)}


def progress(session: Session, pack_id: str, year: int) -> tuple[list[Progress], list[Any]]:
    """Each target in force for the year with what butie counts towards it, and the totals
    checked against their rows."""
    items = target_service.in_force(session, pack_id, year)
    measured: dict[tuple[int, int], dict[str, tuple[int | float | None, int | None]]] = {}
    found = []
    for item in items:
        t = item.target
        done: int | float | None = None
        basis = None
        if t.measure is not None:
            period = (t.first_year, t.last_year)
            if period not in measured:
                measured[period] = _measured(session, pack_id, *period)
            done, basis = measured[period][t.measure]
        found.append(Progress(t, item.value, t.value, item.set_row.note if item.set_row
                              else None, done, basis))
    return found, target_service.totals(items)


def dashboard(session: Session, actor: Actor, pack_id: str, year: int, now: datetime,
              limits: Mapping[str, int]) -> Dashboard:
    """Everything the actor's dashboard shows, for one pack and year."""
    scope, sections = scope_of(actor), sections_for(actor.role)
    start, end = year_bounds(year)
    parts: dict[str, Any] = {}
    if "stages" in sections or "timing" in sections:
        counts = stage_counts(session, scope)
        parts["stages"] = counts
    if "timing" in sections:
        parts["timing"] = tuple(timing(session, scope, start, end, now, limits, counts))
        parts["slowest"] = tuple(slowest(session, scope, now))
    if "money" in sections:
        parts["money"] = money(session, pack_id, year)
    if "targets" in sections:
        found, checks = progress(session, pack_id, year)
        parts["targets"], parts["totals"] = tuple(found), tuple(checks)
    return Dashboard(year, pack_id, scope, sections, now, **parts)



def period_bounds(text: str) -> tuple[datetime, datetime, str]:
    """A period typed as "2026" or "2026-11": its bounds in county time and its label.

    Raises ValueError for anything else.
    """
    year_text, _, month_text = text.strip().partition("-")
    if not (year_text.isdigit() and len(year_text) == 4) or \
            (month_text and not (month_text.isdigit() and 1 <= int(month_text) <= 12)):
        raise ValueError(f"not a year or a month: {text!r}")
    year = int(year_text)
    if not year_in_range(year):  # year 1 in county time is before datetime's first instant
        raise ValueError(f"not a year the service knows: {text!r}")
    if not month_text:
        start, end = year_bounds(year)
        return start, end, f"{year}年"
    month = int(month_text)
    first = date(year, month, 1)
    after = date(year + month // 12, month % 12 + 1, 1)
    return (datetime.combine(first, time.min, tzinfo=COUNTY_TIME),
            datetime.combine(after, time.min, tzinfo=COUNTY_TIME), f"{year}年{month}月")
