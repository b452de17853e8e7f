"""Reviewer and finance queues: counts per stage, filters, search, paging, overdue, bulk approve."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from web.api.present import claim_summary
from web.api.schemas import QueueQuerySchema, row_id
from web.auth import current_actor, login_required
from web.config import overdue_days
from web.db import get_session, runtime
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from web.pages import forms
from workflow.domain import installments
from workflow.domain.access import Role
from workflow.domain.overdue import is_overdue
from workflow.services import checks, ledgers, notices, pack_versions, queries, task_claims

bp = Blueprint("review", __name__)

REVIEWERS = (Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU, Role.FINANCE)
PAGE = 20
REVIEW_STAGES = {"township_review", "department_review"}
UNMATCHED_DAYS = 30  # objections by a claim number that named no claim on notice, shown this long


class PageQuerySchema(QueueQuerySchema):
    sort = fields.String(load_default="oldest", validate=validate.OneOf(["oldest", "newest"]))


class BulkSchema(Schema):
    claim_ids = fields.List(row_id(), required=True,
                            validate=validate.Length(min=1, max=100))


@bp.get("/queue")
@login_required(*REVIEWERS)
def queue() -> Any:
    """The open tasks of the reviewer's scope; htmx asks for the results part only."""
    raw = {k: v for k, v in forms.values_of(request.args).items() if v != ""}
    raw.setdefault("limit", str(PAGE))
    try:
        args = PageQuerySchema().load(raw)
    except ValidationError as exc:  # bad filters: shown beside their fields, queue unfiltered
        errors = forms.field_errors(exc.messages)
        args = PageQuerySchema().load({"limit": str(PAGE)})
    else:
        errors = {}
    sort = args.pop("sort")
    query = queries.QueueFilter(**args, newest_first=sort == "newest")
    db, actor = get_session(), current_actor()
    items, total = queries.queue(db, actor, query)
    now = runtime(current_app).clock()
    limits = overdue_days(current_app.config["OVERDUE_DAYS"])
    reviewed = checks.run_checks_many(db, [i.claim for i in items if i.stage in REVIEW_STAGES])
    held = task_claims.holds_of(db, [i.task_id for i in items], now)
    today = pack_versions.county_date(now)
    rows = [{"item": i, "claim": claim_summary(i.claim, actor, [i]),
             "hold": held.get(i.task_id),
             "checks_pass": checks.all_pass(reviewed[i.claim.id])
             if i.claim.id in reviewed else None,
             "flagged": [c for c in reviewed.get(i.claim.id, ()) if not c.passed],
             "overdue": is_overdue(i.stage, i.waiting_since, now, limits),
             **_confirmable(i.claim.installments, today)} for i in items]
    context = {"rows": rows, "total": total, "count_limit": queries.COUNT_LIMIT,
               "counts": queries.queue_counts(db, actor),
               "filters": raw, "errors": errors, "offset": query.offset, "limit": query.limit,
               "sort": sort, "bulk": actor.role in {Role.TOWNSHIP, Role.DEPARTMENT},
               "export_params": {k: v for k, v in raw.items() if k in ledgers.QUEUE_PARAMS},
               "certificates": pack_versions.certificate_names(db),
               "unmatched": notices.unmatched_objections(db, now - timedelta(days=UNMATCHED_DAYS))
               if actor.role == Role.BUREAU else [], "unmatched_days": UNMATCHED_DAYS}
    template = "review/_results.html" if request.headers.get("HX-Request") else \
        "review/queue.html"
    return render_template(template, **context)


def _confirmable(records: list[dict[str, Any]] | None, today: date) -> dict[str, Any]:
    """A later installment's task: the day its condition can be confirmed (when the bureau
    recorded the start) and whether that day has come."""
    day = installments.confirmable_from(records)
    return {"confirm_from": day, "due": day is not None and day <= today}


@bp.post("/queue/bulk-approve")
@login_required(Role.TOWNSHIP, Role.DEPARTMENT)
def bulk_approve() -> Any:
    """Approve the selected claims one by one; any claim failing a check is skipped and listed."""
    try:
        data = BulkSchema().load({"claim_ids": request.form.getlist("claim_ids")})
    except ValidationError:
        flash(_("Select at least one claim (at most 100)."), "error")
        return redirect(url_for("review.queue"))
    outcomes = checks.bulk_approve(get_session(), runtime(current_app), current_actor(),
                                   data["claim_ids"])
    done = checks.summary(outcomes)
    flash(_("%(count)d claims approved.", count=done["approved"]))
    for skipped in done["skipped"]:
        flash(_("%(reference)s not approved: %(reason)s",
                reference=skipped.reference or skipped.claim_id, reason=skipped.reason), "error")
    return redirect(url_for("review.queue"))
