"""The reviewers' workbench (issue 18 item 8, after Camunda Tasklist): the queue and one claim
side by side, a claim held by its reviewer while they work it, and after each decision the
next claim of the same filtered queue."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from web.api.schemas import DecisionSchema, row_id
from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.inputs import Schema, whole
from web.pages import diagram_labels, forms, labels
from web.pages.phrasing import translate
from web.pages.workbench_view import detail_part, filters_of, queue_part
from workflow.domain.access import Role
from workflow.services import checks, claims, task_claims, workbench
from workflow.services.errors import ConflictError, InvalidInputError

bp = Blueprint("workbench", __name__, url_prefix="/workbench")

REVIEWERS = (Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU)


class PickSchema(Schema):
    task_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    reasons = fields.List(row_id(), load_default=list, validate=validate.Length(max=30))


class BulkSchema(Schema):
    claim_ids = fields.List(row_id(), required=True, validate=validate.Length(min=1, max=100))


def _hold_minutes() -> int:
    return int(current_app.config["TASK_HOLD_MINUTES"])


def _page(claim_id: int | None, errors: dict[str, str] | None = None,
          values: dict[str, str] | None = None, status: int = 200) -> Any:
    source = request.form if request.method == "POST" else request.args
    kept, query, filter_errors = filters_of(source)
    db, actor, rt = get_session(), current_actor(), runtime(current_app)
    now = rt.clock()
    context = queue_part(db, actor, query, now)
    if claim_id is not None:
        context.update(detail_part(db, rt, actor, claim_id, now))
    chosen = request.form.getlist("reasons") if request.method == "POST" else []
    return render_template("workbench/index.html", filters=kept, filter_errors=filter_errors,
                           errors=errors or {}, values=values or {}, selected=claim_id,
                           chosen=chosen, **context), status


def _back(claim_id: int | None = None) -> Any:
    """Back to the workbench with the queue's filters as they were."""
    kept: dict[str, Any] = filters_of(request.form)[0]
    if claim_id is None:
        return redirect(url_for("workbench.index", **kept))
    return redirect(url_for("workbench.show", claim_id=claim_id, **kept))


@bp.get("")
@login_required(*REVIEWERS)
def index() -> Any:
    """The reviewer's queue with its filters, counts, holds and bulk approval."""
    return _page(None)


@bp.get("/claims/<int:claim_id>")
@login_required(*REVIEWERS)
def show(claim_id: int) -> Any:
    """The queue beside one claim: checks first, then facts, scans beside the form."""
    return _page(claim_id)


@bp.post("/claims/<int:claim_id>/hold")
@login_required(*REVIEWERS)
def hold(claim_id: int) -> Any:
    """Claim the claim's task (or take it over from another reviewer, when asked to)."""
    task_id = request.form.get("task_id", "")
    take_over = request.form.get("take_over") == "1"
    try:
        held = task_claims.claim_task(get_session(), current_actor(), claim_id, task_id,
                                      runtime(current_app).clock(), _hold_minutes(), take_over)
    except task_claims.HeldError as exc:
        flash(translate(exc.message), "error")
        return _back(claim_id)
    flash(_("You hold this claim until %(until)s.", until=labels.local_time(held.expires_at)))
    return _back(claim_id)


@bp.post("/claims/<int:claim_id>/release")
@login_required(*REVIEWERS)
def release(claim_id: int) -> Any:
    """Let the claim go back to the queue for anyone to take."""
    try:
        task_claims.release_task(get_session(), current_actor(), claim_id,
                                 request.form.get("task_id", ""), runtime(current_app).clock())
    except task_claims.HeldError as exc:
        flash(translate(exc.message), "error")
        return _back(claim_id)
    flash(_("The claim is released for others to take."))
    return _back()


@bp.post("/claims/<int:claim_id>/decide")
@login_required(*REVIEWERS)
def decide(claim_id: int) -> Any:
    """Decide with the reasons picked and one's own words, then open the next claim of the
    same filtered queue (claimed for the reviewer)."""
    values = forms.values_of(request.form)
    body: dict[str, Any] = {k: values[k] for k in ("decision", "comment", "started_on")
                            if values.get(k)}
    db, rt = get_session(), runtime(current_app)
    _kept, query, _errors = filters_of(request.form)
    try:
        if values.get("version"):  # a form sends text; the API schema wants a number
            body["version"] = whole(values["version"], "version")
        data = forms.load(DecisionSchema(), body)
        picked = forms.load(PickSchema(), {"task_id": values.get("task_id", ""),
                                           "reasons": request.form.getlist("reasons")})
        with db.begin_nested():  # a refused decision leaves the page as it was
            done = workbench.decide(db, rt, current_actor(), claim_id, picked["task_id"],
                                    workbench.Decision(data["decision"], picked["reasons"],
                                                       data["comment"], data["version"],
                                                       data["started_on"]),
                                    query, _hold_minutes())
    except forms.FormError as exc:
        return _page(claim_id, exc.errors, values, 422)
    except InvalidInputError as exc:
        return _page(claim_id, dict(exc.errors), values, 422)
    except ConflictError as exc:  # held by another reviewer, or decided meanwhile
        return _page(claim_id, {"_form": exc.message}, values, 409)
    flash(_("Decision recorded: %(reference)s.", reference=done.claim.reference))
    if done.next is None:
        flash(_("Nothing else in this queue is free to take."))
        return _back()
    return _back(done.next.claim.id)


@bp.post("/start")
@login_required(*REVIEWERS)
def start() -> Any:
    """Open the first claim of the filtered queue that nobody holds, claimed for the reviewer."""
    _kept, query, _errors = filters_of(request.form)
    found = task_claims.claim_next(get_session(), current_actor(), query,
                                   runtime(current_app).clock(), _hold_minutes())
    if found is None:
        flash(_("Nothing else in this queue is free to take."))
        return _back()
    return _back(found.claim.id)


@bp.post("/bulk-approve")
@login_required(Role.TOWNSHIP, Role.DEPARTMENT)
def bulk_approve() -> Any:
    """Approve the selected claims one by one; a claim failing a check, or held by another
    reviewer, is skipped and listed."""
    try:
        data = BulkSchema().load({"claim_ids": request.form.getlist("claim_ids")})
    except ValidationError:
        flash(_("Select at least one claim (at most 100)."), "error")
        return _back()
    outcomes = checks.bulk_approve(get_session(), runtime(current_app), current_actor(),
                                   data["claim_ids"])
    done = checks.summary(outcomes)
    flash(_("%(count)d claims approved.", count=done["approved"]))
    for skipped in done["skipped"]:
        flash(_("%(reference)s not approved: %(reason)s",
                reference=skipped.reference or skipped.claim_id,
                reason=translate(skipped.reason)), "error")
    return _back()


@bp.get("/claims/<int:claim_id>/diagram.bpmn")
@login_required(*REVIEWERS)
def diagram(claim_id: int) -> Any:
    """The claim's diagram with its labels in the reader's language, for the viewer."""
    db = get_session()
    claim = claims.visible_claim(db, current_actor(), claim_id)
    xml, _names = workbench.diagram(db, claim, diagram_labels.translate)
    response = Response(xml.encode("utf-8"), mimetype="application/xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response
