"""The waiting claims of organisations an amount the source lost prices (issue 19's claims in
issue 17's confirmation, `workflow.services.amount_impact`).

An enterprise's or institution's roster (workflow.domain.rosters) whose kind states no amount is
priced row by row at acceptance by the entry `RosterKind.entry_of` names (HZ-XT, HZ-ZX,
Lanzhou's award levels), at most the kind's cap; an organisation's project (Huzhou 004 三 6) by
its kind's `entry` (HZ-XM), at most what was asked and the ceiling. Both are priced by the
amounts set as they stand on the day of acceptance, not of filing. What they would be accepted
with is computed by the very functions acceptance uses (`rosters.roster_price`,
`projects.price`), so the total the administrator confirms is the total acceptance fixes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain import policy, projects
from workflow.domain.projects import ProjectKind
from workflow.domain.rosters import RosterKind, Row, entries_waited_for, roster_price
from workflow.persistence.models import Claim, ProjectClaim, RosterRow
from workflow.services.roster_rows import ENTERPRISE, row_facts


@dataclass(frozen=True)
class Waiting:
    """An organisation's waiting claim: the entries whose amount prices it, and what acceptance
    would fix with the amounts set by entry (None: still refused, an entry not configured)."""

    claim_id: int
    entries: frozenset[str]
    price: Callable[[Mapping[str, int]], int | None]


def _roster(kind: RosterKind, rows: Sequence[tuple[int | None, Row]]
            ) -> Callable[[Mapping[str, int]], int | None]:
    return lambda set_fen: roster_price(kind, rows, set_fen).total_fen


def _project(kind: ProjectKind, requested_fen: int
             ) -> Callable[[Mapping[str, int]], int | None]:
    return lambda set_fen: projects.price(kind, requested_fen, set_fen.get(kind.entry)).amount_fen


def rosters(session: Session, pack_id: str, waiting: Sequence[Any]) -> list[Waiting]:
    """The pack's waiting roster claims (`waiting`: the conditions on Claim) that an entry
    prices: the rows paid of all of them in one query (a worker struck out is not paid)."""
    kinds = {k.kind: k for k in policy.ROSTER_KINDS.values()
             if k.pack_id == pack_id and k.entry_of is not None}
    if not kinds:
        return []
    found = session.execute(
        select(RosterRow.claim_id, Claim.subsidy_kind, RosterRow.amount_fen, RosterRow.facts,
               RosterRow.full_name).join(Claim, Claim.id == RosterRow.claim_id).where(
            *waiting, Claim.payee_kind == ENTERPRISE, Claim.subsidy_kind.in_(list(kinds)),
            RosterRow.struck_at.is_(None)).order_by(RosterRow.claim_id, RosterRow.row_number))
    rows: dict[int, list[tuple[int | None, Row]]] = defaultdict(list)
    kind_of: dict[int, RosterKind] = {}
    for claim_id, kind, stated, facts, full_name in found:
        kind_of[claim_id] = kinds[kind]
        rows[claim_id].append((stated, row_facts(facts, full_name)))
    return [Waiting(claim_id, frozenset(entries_waited_for(kind_of[claim_id], paid)),
                    _roster(kind_of[claim_id], paid))
            for claim_id, paid in rows.items() if entries_waited_for(kind_of[claim_id], paid)]


def project_claims(session: Session, pack_id: str, waiting: Sequence[Any]) -> list[Waiting]:
    """The pack's waiting project claims, each priced by its kind's entry."""
    kinds = {k.kind: k for k in policy.PROJECT_KINDS.values() if k.pack_id == pack_id}
    if not kinds:
        return []
    found = session.execute(
        select(Claim.id, Claim.subsidy_kind, ProjectClaim.requested_fen).join(
            ProjectClaim, ProjectClaim.claim_id == Claim.id).where(
            *waiting, Claim.payee_kind == ENTERPRISE, Claim.subsidy_kind.in_(list(kinds)))
        .order_by(Claim.id))
    return [Waiting(claim_id, frozenset({kinds[str(kind)].entry}),
                    _project(kinds[str(kind)], requested)) for claim_id, kind, requested in found]


def waiting_claims(session: Session, pack_id: str, waiting: Sequence[Any]) -> list[Waiting]:
    return rosters(session, pack_id, waiting) + project_claims(session, pack_id, waiting)
