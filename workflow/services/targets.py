"""Targets and budgets as data: the documents' values, and what an administrator sets.

The source value of a target is never overwritten: a value set here is kept beside it with a
note saying where it comes from, and every change is audited with its before and after.
Budgets are not in the sources at all: "not configured" until set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.targets import (
    TARGET_SETS,
    Target,
    TotalCheck,
    check_totals,
    find_target,
    targets_for,
)
from workflow.persistence.models import Budget, TargetValue
from workflow.services import instances
from workflow.services.errors import ForbiddenError, InvalidInputError

MAX_COUNT = 10_000_000  # a sanity bound on a count target
MAX_BUDGET_FEN = 10**13  # 100 billion yuan: far above any county budget


@dataclass(frozen=True)
class TargetInForce:
    target: Target
    value: int | None  # the administrator's value where set, else the source's
    set_row: TargetValue | None

    @property
    def configured(self) -> bool:
        return self.value is not None


def _admin(actor: Actor) -> int:
    if actor.role != Role.ADMIN or actor.user_id is None:
        raise ForbiddenError("only administrators change targets and budgets")
    return actor.user_id


def in_force(session: Session, pack_id: str, year: int) -> list[TargetInForce]:
    """The pack's targets covering `year`, each with the value in force."""
    found = targets_for(pack_id, year)
    rows = {(r.code, r.first_year): r for r in session.scalars(
        select(TargetValue).where(TargetValue.pack_id == pack_id))}
    result = []
    for target in found:
        row = rows.get((target.code, target.first_year))
        result.append(TargetInForce(target, row.value if row else target.value, row))
    return result


def totals(items: list[TargetInForce]) -> list[TotalCheck]:
    """Every stated total against the sum of its rows, with the values in force."""
    return check_totals([i.target for i in items], {i.target.code: i.value for i in items})


def set_target(session: Session, admin: Actor, pack_id: str, code: str, first_year: int,
               value: int, note: str, now: datetime) -> TargetValue:
    """Set a target's value (a count, or a rate in whole percent); audited."""
    user_id = _admin(admin)
    target = find_target(pack_id, code, first_year)
    if target is None:
        raise InvalidInputError({"code": "no such target"})
    bound = 100 if target.is_rate else MAX_COUNT
    if not 0 <= value <= bound:
        raise InvalidInputError({"value": f"between 0 and {bound}"})
    if not note.strip():
        raise InvalidInputError({"note": "say where the value comes from"})
    row = session.scalar(select(TargetValue).where(
        TargetValue.pack_id == pack_id, TargetValue.code == code,
        TargetValue.first_year == first_year))
    before = row.value if row else target.value
    if row is None:
        row = TargetValue(pack_id=pack_id, code=code, first_year=first_year, value=value,
                          note=note, set_by=user_id, set_at=now)
        session.add(row)
    else:
        row.value, row.note, row.set_by, row.set_at = value, note, user_id, now
    session.flush()
    instances.audit(session, None, admin, "target_set", now, comment=note,
                    changes={f"{pack_id}/{first_year}/{code}": {"from": before, "to": value}})
    return row


def budget(session: Session, pack_id: str, year: int) -> Budget | None:
    """The budget set for a pack and year; None: not configured."""
    return session.scalar(select(Budget).where(Budget.pack_id == pack_id, Budget.year == year))


def set_budget(session: Session, admin: Actor, pack_id: str, year: int, amount_fen: int,
               note: str, now: datetime) -> Budget:
    """Set the subsidy budget of a pack for a year (integer fen); audited."""
    user_id = _admin(admin)
    if pack_id not in TARGET_SETS:
        raise InvalidInputError({"pack_id": "no such policy pack"})
    if not 2000 <= year <= 2100:
        raise InvalidInputError({"year": "a year such as 2026"})
    if not 0 < amount_fen <= MAX_BUDGET_FEN:
        raise InvalidInputError({"amount": "a positive amount in yuan"})
    if not note.strip():
        raise InvalidInputError({"note": "say where the amount comes from"})
    row = budget(session, pack_id, year)
    before = row.amount_fen if row else None
    if row is None:
        row = Budget(pack_id=pack_id, year=year, amount_fen=amount_fen, note=note,
                     set_by=user_id, set_at=now)
        session.add(row)
    else:
        row.amount_fen, row.note, row.set_by, row.set_at = amount_fen, note, user_id, now
    session.flush()
    instances.audit(session, None, admin, "budget_set", now, comment=note,
                    changes={f"{pack_id}/{year}": {"from": before, "to": amount_fen}})
    return row
