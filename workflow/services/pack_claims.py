"""Claims under a pack other than Pengyang's (Lanzhou New Area, Huzhou): checked at filing with
the pack's own quote, reviewed by the HR bureau's own reviewers, priced at acceptance by the
same quote (`workflow.domain.policy.filing` says why)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain.policy import PACKS, Quote
from workflow.domain.policy.filing import (
    REVIEWER,
    TRAINING_KINDS,
    course_name,
    filing_problems,
    window_problem,
)
from workflow.domain.policy.lanzhou.tables import SHORTAGE, plain_name
from workflow.domain.versions import chain_to, in_force
from workflow.services import pack_versions, quotes

if TYPE_CHECKING:
    from workflow.services.claims import ClaimInput


def table_code(session: Session, data: ClaimInput, filed_on: date) -> str:
    """The code a Lanzhou claim records: its occupation's entry in 附件2 as in force on the
    filing day (e.g. B-109), or the course; Huzhou's: the national occupation code given."""
    if data.policy_pack != "lanzhou":
        return data.certificate_code.strip()
    if data.subsidy_kind == "entrepreneurship":
        return data.course or ""
    table = PACKS["lanzhou"].table
    assert table is not None
    chain = pack_versions.versions(session, "lanzhou")
    rows = table.rows(chain_to(chain, in_force(chain, filed_on).number))
    name = plain_name(data.certificate_name)
    return next((code for code, row in rows.items() if not code.startswith(f"{SHORTAGE}-")
                 and plain_name(row.name) == name), "")


def problems(session: Session, data: ClaimInput, today: date, filed_on: date) -> dict[str, str]:
    """Why the pack refuses the claim at filing, per field (caps and amounts wait for
    acceptance)."""
    window = window_problem(data.policy_pack, filed_on)
    if window is not None:
        return {"policy_pack": window}
    verdict = quotes.quote_for(session, today=today, pack_id=data.policy_pack,
                               priced_on=filed_on, id_number=data.id_number,
                               target_group=data.target_group,
                               certificate_level=data.certificate_level,
                               certificate_issued_on=data.certificate_issued_on,
                               **quotes.claim_facts(data))
    found = filing_problems(verdict)
    if data.policy_pack == "lanzhou" and data.subsidy_kind == "entrepreneurship" \
            and not data.course:
        found.setdefault("course", "Missing data for required field.")
    return found


def workflow_data(data: ClaimInput) -> dict[str, Any]:
    """No township step: the HR bureau's own reviewers check identity and certificate. The
    routing table sees the code under the pack's name, so it never matches one of Pengyang's
    rows and falls to the last rule (`catalogue_department`)."""
    return {"township": "", "certificate_code": f"{data.policy_pack}:{data.certificate_code}",
            "certificate_level": data.certificate_level, "catalogue_department": REVIEWER}


def label(data: ClaimInput) -> str:
    """The certificate name a claim records when it names a course, not an occupation."""
    if data.policy_pack == "lanzhou" and data.subsidy_kind == "entrepreneurship":
        return data.certificate_name or course_name(data.course or "")
    return data.certificate_name


def installments(verdict: Quote, now_iso: str) -> list[dict[str, Any]] | None:
    """The installments a quote pays in, as the claim records them: the first is paid with
    this acceptance, each later one waits for its condition."""
    if len(verdict.installments) < 2:
        return None
    return [{"number": n, "amount_fen": i.amount_fen, "condition": i.condition,
             "clause": i.clause, "months_after_start": i.months_after_start,
             "state": split.ACCEPTED if n == 1 else split.AWAITING,
             "accepted_at": now_iso if n == 1 else None}
            for n, i in enumerate(verdict.installments, 1)]


__all__ = ["TRAINING_KINDS", "installments", "label", "problems", "table_code", "workflow_data"]
