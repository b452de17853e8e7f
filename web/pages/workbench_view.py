"""What the reviewers' workbench shows: the filtered queue, and beside it one claim with its
automatic checks on top, then its facts, its scans beside the decision form, the diagram."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import current_app
from marshmallow import ValidationError, fields, validate
from werkzeug.datastructures import MultiDict

from web.api.present import claim_detail, claim_summary
from web.api.schemas import QueueQuerySchema
from web.config import overdue_days
from web.pages import diagram_labels, forms
from workflow.domain import policy
from workflow.domain.access import Actor, Role
from workflow.domain.overdue import is_overdue
from workflow.services import (
    attachments,
    canned_reasons,
    checks,
    claims,
    definitions,
    pack_versions,
    queries,
    quotes,
    task_claims,
    task_forms,
    workbench,
)
from workflow.services.runtime import Runtime

if TYPE_CHECKING:  # annotations only: pages and the API query through services
    from sqlalchemy.orm import Session

    from workflow.persistence.models import Attachment

PAGE_SIZES = (20, 50, 100)
FILTERS = ("q", "stage", "township", "certificate_code", "from", "to", "sort", "limit",
           "offset")
REVIEW_STAGES = {"township_review", "department_review"}  # the checks are theirs to read
BULK_ROLES = {Role.TOWNSHIP, Role.DEPARTMENT}


class WorkbenchQuerySchema(QueueQuerySchema):
    sort = fields.String(load_default="oldest", validate=validate.OneOf(["oldest", "newest"]))
    limit = fields.Integer(load_default=PAGE_SIZES[0], validate=validate.OneOf(PAGE_SIZES))


def filters_of(source: MultiDict[str, str]) -> tuple[dict[str, str], queries.QueueFilter,
                                                     dict[str, str]]:
    """(the filters as given, to carry from claim to claim; the query; errors per field). A
    bad filter is shown beside its field and dropped, the others kept."""
    raw = {k: v for k, v in forms.values_of(source).items() if k in FILTERS and v != ""}
    errors: dict[str, str] = {}
    try:
        args = WorkbenchQuerySchema().load(raw)
    except ValidationError as exc:
        errors = forms.field_errors(exc.messages)
        raw = {k: v for k, v in raw.items() if k not in errors}
        args = WorkbenchQuerySchema().load(raw)
    newest = args.pop("sort") == "newest"
    return raw, queries.QueueFilter(**args, newest_first=newest), errors


def queue_part(db: Session, actor: Actor, query: queries.QueueFilter,
               now: datetime) -> dict[str, Any]:
    """One page of the queue: each claim's checks, whether it is overdue and who holds it."""
    items, total = queries.queue(db, actor, query)
    reviewed = checks.run_checks_many(db, [i.claim for i in items if i.stage in REVIEW_STAGES])
    held = task_claims.holds_of(db, [i.task_id for i in items], now)
    limits = overdue_days(current_app.config["OVERDUE_DAYS"])
    rows = [{"item": i, "claim": claim_summary(i.claim, actor, [i]),
             "checks_pass": checks.all_pass(reviewed[i.claim.id])
             if i.claim.id in reviewed else None,
             "flagged": [c for c in reviewed.get(i.claim.id, ()) if not c.passed],
             "overdue": is_overdue(i.stage, i.waiting_since, now, limits),
             "hold": held.get(i.task_id)} for i in items]
    return {"rows": rows, "total": total, "count_limit": queries.COUNT_LIMIT,
            "counts": queries.queue_counts(db, actor), "offset": query.offset,
            "limit": query.limit, "bulk": actor.role in BULK_ROLES, "page_sizes": PAGE_SIZES,
            "certificates": pack_versions.certificate_names(db)}


def _scans(kept: list[Attachment], openable: set[int]) -> list[dict[str, Any]]:
    """Each scan for the viewer: shown inline (an image, or a PDF in a frame) when the reader
    may open it, otherwise listed with the reason (workflow.domain.need_to_know)."""
    return [{"a": a, "open": a.id in openable,
             "pdf": a.content_type == "application/pdf",
             "why": None if a.id in openable else
             attachments.NOT_YOURS if a.kind == "certificate_scan" else attachments.NOT_NOW}
            for a in kept]


def _pricing(db: Session, claim: Any, now: datetime) -> dict[str, Any]:
    """The quote the acceptance will apply (as the claim page shows it)."""
    verdict = quotes.quote_claim(db, claim, pack_versions.county_date(now))
    return {"amount_fen": verdict.amount_fen,
            "rule": next(r for r in verdict.reasons if r.rule == "amount"),
            "problems": [r for r in verdict.problems() if r.rule != "amount"],
            "installments": verdict.installments}


def detail_part(db: Session, runtime: Runtime, actor: Actor, claim_id: int,
                now: datetime) -> dict[str, Any]:
    """One claim as its reviewer works it."""
    claim = claims.visible_claim(db, actor, claim_id)
    detail = claim_detail(db, claim, actor)
    task = detail["tasks"][0] if detail["tasks"] else None
    kept = attachments.of_claim(db, claim.id)
    openable = attachments.readable_ids(actor, kept, frozenset(detail["whole_numbers"]))
    hold = task_claims.current(db, task["task_id"]) if task else None
    where = workbench.waiting_at(db, runtime, claim, diagram_labels.translate)
    needs = task_forms.needs([task["form"]] if task else [])
    return {
        "claim": detail, "task": task, "checks": checks.run_checks(db, claim),
        # The facts shown are those the pack files (a township of household registration where
        # the township reviews first, a kind of subsidy elsewhere).
        "township_review": policy.pack(claim.policy_pack).filing.township_review,
        "scans": _scans(kept, openable),
        "hold": hold if hold is not None and hold.live(now) else None,
        "reasons": canned_reasons.of_stage(db, task["stage"]) if task else [],
        "pricing": _pricing(db, claim, now) if "pricing" in needs else None,
        "objections": queries.objections_of(db, claim) if "objections" in needs else [],
        "where": where,
        "diagram_version": definitions.version(db, claim.definition_id).version
        if where else None,
    }
