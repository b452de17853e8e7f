"""Turning claims into JSON-ready dicts, masking what the viewer does not need whole."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from workflow.domain.access import Actor, may_complete
from workflow.domain.claims import Stage
from workflow.domain.departments import department_name
from workflow.domain.need_to_know import Number, OpenTask, shown, whole_numbers
from workflow.domain.numerals import plain_yuan
from workflow.domain.phrases import COMMENT_SAID, Said, from_record
from workflow.domain.policy import PACK_COLUMNS
from workflow.domain.townships import township_name
from workflow.services import queries, task_forms

if TYPE_CHECKING:  # annotations only: pages and the API query through services
    from sqlalchemy.orm import Session

    from workflow.persistence.models import AuditEvent, Claim

ROLE_OFFICE = {
    "applicant": "申请人", "township_reviewer": "乡镇", "department_reviewer": "行业主管部门",
    "bureau_officer": "县人力资源社会保障局", "finance_officer": "财务",
    "administrator": "系统", "public": "公众",
}


def objection_number(objection_id: int) -> str:
    """The number an objector is given (YY-000042), on the page and through the API alike."""
    return f"YY-{objection_id:06d}"


def yuan(fen: int | None) -> str | None:
    """Integer fen as a yuan string with two decimals, without floats."""
    return None if fen is None else plain_yuan(fen)


def claim_summary(claim: Claim, actor: Actor, tasks: Iterable[OpenTask] = ()) -> dict[str, Any]:
    """The claim's fields; ID number and account whole only where the open `tasks` the actor
    may complete need them (workflow.domain.need_to_know): without tasks, masked."""
    whole = whole_numbers(actor, claim.township, tasks)
    return {
        "whole_numbers": sorted(whole),  # which of the two are shown whole to this viewer now
        "id": claim.id, "reference": claim.reference, "version": claim.version,
        "status": claim.status, "stage": claim.stage,
        "next_step": queries.NEXT_STEP.get(Stage(claim.stage), ""),
        "full_name": claim.full_name,
        "id_number": shown(Number.ID, claim.id_number, whole),
        "phone": claim.phone, "township": claim.township,
        "township_name": township_name(claim.township), "target_group": claim.target_group,
        "certificate_code": claim.certificate_code, "certificate_name": claim.certificate_name,
        "certificate_number": claim.certificate_number,
        "certificate_level": claim.certificate_level,
        "certificate_issued_on": claim.certificate_issued_on,
        "certificate_issuer": claim.certificate_issuer, "department": claim.department,
        "department_name": department_name(claim.department) if claim.department else None,
        "bank_name": claim.bank_name,
        "account_number": shown(Number.ACCOUNT, claim.account_number, whole),
        "account_holder": claim.account_holder, "amount_fen": claim.amount_fen,
        "amount_yuan": yuan(claim.amount_fen), "amount_rule": claim.amount_rule_said,
        "notice_ends_at": claim.notice_ends_at, "closed_stage": claim.closed_stage,
        "closed_reason": claim.closed_reason, "submitted_at": claim.submitted_at,
        "updated_at": claim.updated_at,
        # The pack it is filed under and that pack's facts (None for a Pengyang claim).
        "policy_pack": claim.policy_pack, "policy_version": claim.policy_version,
        "subsidy_kind": claim.subsidy_kind, "class_hours": claim.class_hours,
        "course": claim.course, "fee_fen": claim.fee_fen, "years": claim.years,
        **{name: getattr(claim, name) for name in PACK_COLUMNS},
        "installments": claim.installments_said,
    }


def _timeline_entry(event: AuditEvent) -> dict[str, Any]:
    """An event as the timeline shows it. A comment recorded with its phrase (instances.audit)
    is its English remembering that phrase, so a page says it in the reader's language; the
    API gives the same English and `changes` without the phrase, as before."""
    comment: str | None = event.comment
    changes = event.changes
    if changes and COMMENT_SAID in changes:
        comment = Said(from_record(changes[COMMENT_SAID]))
        changes = {k: v for k, v in changes.items() if k != COMMENT_SAID} or None
    return {"at": event.at, "action": event.action, "stage": event.stage,
            "office": ROLE_OFFICE.get(event.actor_role, event.actor_role),
            "decision": event.decision, "comment": comment, "changes": changes}


def claim_detail(session: Session, claim: Claim, actor: Actor) -> dict[str, Any]:
    """The claim, the tasks this actor may do on it now, and its timeline."""
    tasks = queries.open_tasks(session, claim)
    body = claim_summary(claim, actor, tasks)
    body["tasks"] = [{"task_id": t.task_id, "name": t.name, "title": t.title, "stage": t.stage,
                      "form": t.form, "decisions": list(task_forms.offered(t.form))}
                     for t in tasks if may_complete(actor, t.lane, t.scope)]
    body["timeline"] = [_timeline_entry(e) for e in queries.timeline(session, claim)]
    return body


# The decision that sends a claim back to its applicant, by the stage it waits in.
SENDS_BACK = {"correction": "return", "account_correction": "failed"}


def sent_back(detail: dict[str, Any]) -> dict[str, Any] | None:
    """Why, by whom and at which stage a claim waiting for its applicant (or enterprise) was
    sent back: the last return (or failed payment) on its timeline."""
    decision = SENDS_BACK.get(detail["stage"])
    if decision is None:
        return None
    return next((e for e in reversed(detail["timeline"]) if e["decision"] == decision), None)
