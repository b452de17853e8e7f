"""The workers of an enterprise's claim as pages, the API and public notices show them (issue
19 item 3): ID numbers masked unless the viewer needs them whole."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, func, select
from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.identity import mask_id_number
from workflow.persistence.models import Claim, Enterprise, RosterRow

ENTERPRISE = "enterprise"  # Claim.payee_kind of a claim an enterprise files for its workers
# Whom a notice says the organisation paid is (notices are Chinese only): the enterprise, the
# training institution (Huzhou 004 一 2 给予培训机构), another entity (单位).
PAID_TO = {"enterprise": "付企业", "training_institution": "付培训机构", "other_entity": "付单位"}


def row_facts(facts: Mapping[str, Any], full_name: str) -> dict[str, Any]:
    """A row's facts as its kind reads them (RosterKind.entry_of): as filed, with the name."""
    return {**facts, "full_name": full_name}


def rows_of(session: Session, claim: Claim) -> list[RosterRow]:
    return list(session.scalars(select(RosterRow).where(RosterRow.claim_id == claim.id)
                                .order_by(RosterRow.row_number)))


def roster_shown(session: Session, claim: Claim, whole_ids: bool = False) -> list[dict[str, Any]]:
    """The workers of a claim: ID numbers masked unless the viewer needs them whole; a worker
    a reviewer struck out says so, when, at which stage and why (`struck`, else None)."""
    return [{**r.facts, "row": r.row_number, "full_name": r.full_name,
             "id_number": r.id_number if whole_ids else mask_id_number(r.id_number),
             "amount_fen": r.amount_fen, "struck": _struck(r)} for r in rows_of(session, claim)]


def _struck(row: RosterRow) -> dict[str, Any] | None:
    if row.struck_at is None:
        return None
    return {"at": row.struck_at, "stage": row.struck_stage, "reason": row.struck_reason}


def notice_lines(session: Session, claim: Claim) -> list[tuple[str, str, str, int]]:
    """(name, masked ID, certificate column, amount) per line a public notice prints for the
    claim: one line per worker of an enterprise's claim, naming the enterprise paid and its
    credit code (public: printed on its business licence) beside the subsidy; a person's claim
    is one line of its own."""
    kind = policy.ROSTER_KINDS.get(claim.subsidy_kind or "")
    if claim.payee_kind != ENTERPRISE:
        return []
    payee = session.scalar(select(Enterprise.org_type).where(
        Enterprise.user_id == claim.applicant_id))
    project = policy.PROJECT_KINDS.get(claim.subsidy_kind or "")
    if project is not None:  # one line: the organisation paid and its project (三 6)
        paid_to = (f"{project.notice_title}：{claim.certificate_name}，"
                   f"{PAID_TO.get(payee or '', '付单位')}（{claim.id_number}）")[:128]
        return [(claim.full_name, "—", paid_to, claim.amount_due_fen)]
    if kind is None:
        return []
    paid_to = (f"{kind.notice_title}，{PAID_TO.get(payee or '', '付企业')}：{claim.full_name}"
               f"（{claim.id_number}）")[:128]
    # A worker whose row pays nothing (a class member not counted, 004 二 4) is not a payee.
    # Nor is a worker a reviewer struck out (workflow.domain.roster_strikes).
    return [(r.full_name, mask_id_number(r.id_number), paid_to, r.amount_fen)
            for r in rows_of(session, claim) if r.amount_fen and r.struck_at is None]


def workers_per_claim() -> Subquery:
    """(claim_id, workers): how many workers each enterprise's claim carries, as one grouped
    subquery for reports and ledgers to join (never a query per claim). A worker a reviewer
    struck out (workflow.domain.roster_strikes) is not counted."""
    return select(RosterRow.claim_id, func.count().label("workers")) \
        .where(RosterRow.struck_at.is_(None)) \
        .group_by(RosterRow.claim_id).subquery("roster_workers")


def persons_served(workers: Subquery) -> ColumnElement[int]:
    """The persons a claim serves: a person's claim one, an enterprise's claim its workers
    (outer-join `workers` on the claim's id)."""
    return case((Claim.payee_kind == ENTERPRISE, func.coalesce(workers.c.workers, 0)), else_=1)
