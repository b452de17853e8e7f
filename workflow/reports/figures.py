"""The dashboard's figures as plain values, and who sees which part of them.

Scope (issue 9): the bureau and administrators see the county; a township reviewer sees the
claims of their township, a department reviewer those their department reviews; finance sees
the money. Days are counted from UTC instants, so a day is 24 hours wherever it falls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workflow.domain.access import Actor, Role
from workflow.domain.targets import Target, TotalCheck

DAY = 86400.0
SECTIONS: dict[Role, tuple[str, ...]] = {
    Role.BUREAU: ("stages", "timing", "money", "targets"),
    Role.ADMIN: ("stages", "timing", "money", "targets"),
    Role.TOWNSHIP: ("stages", "timing"),
    Role.DEPARTMENT: ("stages", "timing"),
    Role.FINANCE: ("money",),
}
# The order stages are shown in: the claim's way through the process, then how it ended.
STAGE_ORDER = ("township_review", "department_review", "correction", "bureau_acceptance",
               "awaiting_notice", "notice", "objection_review", "payment",
               "account_correction", "paid", "rejected", "withdrawn")


@dataclass(frozen=True)
class Scope:
    township: str | None = None
    department: str | None = None

    @property
    def county(self) -> bool:
        return self.township is None and self.department is None


def scope_of(actor: Actor) -> Scope:
    """The claims an actor's dashboard counts."""
    if actor.role == Role.TOWNSHIP:
        return Scope(township=actor.scope or "")
    if actor.role == Role.DEPARTMENT:
        return Scope(department=actor.scope or "")
    return Scope()


def sections_for(role: Role) -> tuple[str, ...]:
    return SECTIONS.get(role, ())


def days(seconds: float | None) -> float | None:
    """Seconds as days, one decimal."""
    return None if seconds is None else round(seconds / DAY, 1)


def percent(part: int, whole: int | None) -> float | None:
    """`part` as a share of `whole` in percent, one decimal; None when there is no whole."""
    return round(part * 100 / whole, 1) if whole else None


@dataclass(frozen=True)
class StageCounts:
    """Claims per township and stage (closed claims by how they ended)."""

    cells: dict[tuple[str, str], int]

    def townships(self) -> list[str]:
        return sorted({t for t, _ in self.cells})

    def stages(self) -> list[str]:
        present = {s for _, s in self.cells}
        return [s for s in STAGE_ORDER if s in present] + sorted(present - set(STAGE_ORDER))

    def by_stage(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for (_, stage), count in self.cells.items():
            totals[stage] = totals.get(stage, 0) + count
        return {s: totals[s] for s in self.stages()}

    def get(self, township: str, stage: str) -> int:
        return self.cells.get((township, stage), 0)

    def township_total(self, township: str) -> int:
        return sum(c for (t, _), c in self.cells.items() if t == township)

    @property
    def total(self) -> int:
        return sum(self.cells.values())


@dataclass(frozen=True)
class StageTiming:
    stage: str
    visits: int  # stage visits completed in the period
    median_days: float | None  # None: no visit completed
    open_now: int  # claims in this stage now
    overdue_now: int  # of their tasks, past the stage's days (BUTIE_OVERDUE_DAYS)


@dataclass(frozen=True)
class SlowClaim:
    claim_id: int
    reference: str
    township: str
    stage: str
    since: datetime
    submitted_at: datetime
    now: datetime

    @property
    def days_in_stage(self) -> float:
        return round((self.now - self.since).total_seconds() / DAY, 1)

    @property
    def days_since_submitted(self) -> float:
        return round((self.now - self.submitted_at).total_seconds() / DAY, 1)


@dataclass(frozen=True)
class TownshipMoney:
    township: str
    accepted_fen: int
    paid_fen: int
    accepted_count: int = 0
    accepted_persons: int = 0


PERSON = "person"  # the kind of a claim a person files for themself (Served.key by kind)


@dataclass(frozen=True)
class Served:
    """Claims accepted in the year under one key (a township, a department, a kind of claim).

    What each figure means (said on the dashboard): `claims` counts each claim once, an
    enterprise's roster claim being one claim; `persons` counts the persons served: one for a
    person's claim, each worker on the roster of an enterprise's claim; `accepted_fen` counts
    each claim's amount once (an enterprise's claim is paid once, to the enterprise)."""

    key: str
    claims: int
    persons: int
    accepted_fen: int


@dataclass(frozen=True)
class Money:
    year: int
    budget_fen: int | None  # None: not configured
    accepted_count: int
    accepted_fen: int
    paid_count: int
    paid_fen: int
    due_count: int
    due_fen: int
    by_township: tuple[TownshipMoney, ...] = ()
    accepted_persons: int = 0  # persons served by the claims accepted (Served)
    paid_persons: int = 0
    by_department: tuple[Served, ...] = ()
    by_kind: tuple[Served, ...] = ()

    @property
    def accepted_share(self) -> float | None:
        return percent(self.accepted_fen, self.budget_fen)

    @property
    def paid_share(self) -> float | None:
        return percent(self.paid_fen, self.budget_fen)


@dataclass(frozen=True)
class Progress:
    target: Target
    value: int | None  # in force: the administrator's where set, else the source's
    source_value: int | None
    set_note: str | None  # the administrator's note, when set
    done: int | float | None  # None: butie holds no data for it
    basis: int | None = None  # for a rate: how many claims it is computed over

    @property
    def share(self) -> float | None:
        """Share done of a count target; for a rate, the rate itself is `done`."""
        if self.target.is_rate or self.done is None:
            return None
        return percent(int(self.done), self.value)

    @property
    def met(self) -> bool | None:
        if self.done is None or self.value is None:
            return None
        return self.done >= self.value


@dataclass(frozen=True)
class Dashboard:
    year: int
    pack_id: str
    scope: Scope
    sections: tuple[str, ...]
    now: datetime
    stages: StageCounts | None = None
    timing: tuple[StageTiming, ...] = ()
    slowest: tuple[SlowClaim, ...] = ()
    money: Money | None = None
    targets: tuple[Progress, ...] = ()
    totals: tuple[TotalCheck, ...] = ()

    def mismatches(self) -> list[TotalCheck]:
        return [c for c in self.totals if c.mismatch]

