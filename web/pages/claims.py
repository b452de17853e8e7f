"""The applicant's claims, the claim form, and the claim page where every role acts on a claim."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from web.api.present import claim_detail, sent_back
from web.api.schemas import DecisionSchema, WithdrawSchema, strikes_of
from web.auth import current_actor, login_required
from web.config import stage_working_days
from web.db import files, get_session, keep_on_error, runtime
from web.i18n import switching_language
from web.inputs import whole
from web.pages import forms, pack_forms, scans, uploads
from workflow.domain.access import Role
from workflow.domain.claims import SEEDED_REV, WITHDRAWABLE, Status, stage_bar
from workflow.domain.policy import PROJECT_KINDS, ROSTER_KINDS
from workflow.services import (
    attachments,
    checks,
    claims,
    decisions,
    definitions,
    diagrams,
    drafts,
    ledgers,
    organisation_projects,
    pack_versions,
    queries,
    quotes,
    receipts,
    roster_follow_ups,
    roster_rows,
    task_forms,
    users,
)
from workflow.services.errors import ForbiddenError, InvalidInputError
from workflow.services.pack_versions import county_date

bp = Blueprint("claims", __name__)

ATTACHABLE = {"township_review", "department_review", "correction"}
CORRECTION_FIELDS = task_forms.CORRECTIONS


@bp.get("/claims")
@login_required(Role.APPLICANT)
def mine() -> Any:
    """The applicant's own claims, newest first, each with its stage and what happens next."""
    db, actor = get_session(), current_actor()
    return render_template("claims/mine.html", claims=queries.claims_of(db, actor),
                           drafts=drafts.drafts_of(db, actor),
                           messages=queries.account_messages(db, actor))


def _certificates(filed_at: datetime) -> dict[str, str]:
    """The certificates a claim filed at `filed_at` may name: its pack version's catalogue."""
    return pack_versions.certificates_on(get_session(), pack_versions.county_date(filed_at))


def _form(values: dict[str, str], errors: dict[str, str], draft: Any = None,
          status: int = 200, confirm_unpriced: bool = False) -> Any:
    kept = attachments.of_draft(get_session(), draft.id) if draft is not None else []
    pack_id = pack_forms.chosen(values.get("policy_pack"))
    values = {**values, "policy_pack": pack_id}
    return render_template("claims/new.html", values=values, errors=errors, draft=draft,
                           attachments=kept, packs=pack_forms.offered(),
                           certificates=_certificates(runtime(current_app).clock()),
                           preview=pack_forms.amount_preview(values),
                           unpriced_key=pack_forms.unpriced_key(values),
                           confirm_unpriced=confirm_unpriced,
                           lang_form="claim-form", **pack_forms.context(pack_id)), status


@bp.get("/claims/new/amount")
@login_required(Role.APPLICANT)
def amount() -> Any:
    """The amount the claim on the form would get, or that it awaits the bureau's
    configuration (the form asks as it changes)."""
    values = forms.values_of(request.args, drop=("csrf_token", "draft", "action",
                                                 "unpriced_ok"))
    return render_template("claims/_amount_body.html", preview=pack_forms.amount_preview(values),
                           unpriced_key=pack_forms.unpriced_key(values))


class _Unconfirmed(Exception):
    """A claim that would wait for its amount, sent without the applicant having been told."""


def _unconfirmed(values: dict[str, str]) -> bool:
    preview = pack_forms.amount_preview(values)
    return preview is not None and preview.awaits_amount \
        and request.form.get("unpriced_ok") != pack_forms.unpriced_key(values)


@bp.route("/claims/new", methods=["GET", "POST"])
@login_required(Role.APPLICANT)
def new() -> Any:
    """File a claim in sections, with scans; save a draft at any point and come back to it."""
    db, actor = get_session(), current_actor()
    draft_id = whole(request.values.get("draft"), "draft", low=1)
    if request.method == "GET":
        if draft_id is not None:
            draft = drafts.get_draft(db, actor, draft_id)
            return _form(dict(draft.values), {}, draft)
        user = users.get_user(db, actor.user_id)
        return _form({"policy_pack": request.args.get("pack", ""),
                      "full_name": actor.name, "account_holder": actor.name,
                      "id_number": (user.id_number if user else "") or "",
                      "phone": (user.phone if user else "") or ""}, {})
    values = forms.values_of(request.form, drop=("csrf_token", "draft", "action", "lang",
                                                 "unpriced_ok"))
    draft = drafts.save_draft(db, actor, values, runtime(current_app).clock(), draft_id)
    upload_errors = uploads.keep(draft)
    keep_on_error()  # a refused submission still keeps the draft and the accepted files
    if request.form.get("action") == "save" or upload_errors or switching_language():
        if upload_errors:
            return _form(values, upload_errors, draft, 422)
        if switching_language():  # the form comes back in the other language, as a draft
            return redirect(url_for("claims.new", draft=draft.id))
        flash(_("Draft saved. You can come back to it from My claims."))
        return redirect(url_for("claims.new", draft=draft.id))
    kept = {a.kind for a in attachments.of_draft(db, draft.id)}
    try:
        with db.begin_nested():
            data = pack_forms.load_claim(values)
            claim = claims.submit_claim(db, runtime(current_app), actor,
                                        claims.ClaimInput(**data), pack_forms.offered(), kept)
            if _unconfirmed(values):  # everything else is right: say so before it is filed
                raise _Unconfirmed
            attachments.move_to_claim(db, draft.id, claim.id)
            db.delete(draft)
    except _Unconfirmed:
        return _form(values, {}, draft, confirm_unpriced=True)
    except forms.FormError as exc:  # the scans missing are said in the same round
        return _form(values, {**pack_forms.missing_scans(values, kept), **exc.errors}, draft,
                     422)
    except InvalidInputError as exc:
        return _form(values, dict(exc.errors), draft, 422)
    if claim.township:
        flash(_("Claim %(reference)s submitted. The township reviews it next.",
                reference=claim.reference))
    else:
        flash(_("Claim %(reference)s submitted. The HR bureau reviews it next.",
                reference=claim.reference))
    return redirect(url_for("claims.show", claim_id=claim.id))


@bp.post("/drafts/<int:draft_id>/discard")
@login_required(Role.APPLICANT)
def discard(draft_id: int) -> Any:
    """Throw a draft away, with its files (the page asked first)."""
    keys = drafts.discard_draft(get_session(), current_actor(), draft_id)
    get_session().commit()  # the rows go first; files are removed only once that is final
    for key in keys:
        files(current_app).delete(key)
    flash(_("The draft is discarded."))
    return redirect(url_for("claims.mine"))


@bp.get("/drafts/files/<int:attachment_id>")
@login_required(Role.APPLICANT)
def draft_file(attachment_id: int) -> Any:
    """A file of one of the applicant's own drafts."""
    return _send(attachments.readable_draft_file(get_session(), current_actor(), attachment_id))


@bp.get("/claims/<int:claim_id>/files/<int:attachment_id>")
@login_required()
def claim_file(claim_id: int, attachment_id: int) -> Any:
    """An attachment, only for those who may see the claim; `?view=inline` for the workbench's
    viewer (web.pages.scans)."""
    attachment = attachments.readable(get_session(), current_actor(), claim_id, attachment_id)
    if request.args.get("view") == "inline":
        return scans.inline(files(current_app).read(attachment.storage_key), attachment)
    return _send(attachment)


@bp.post("/claims/<int:claim_id>/files")
@login_required(Role.APPLICANT)
def add_files(claim_id: int) -> Any:
    """Add a scan to a claim under review or correction (a clearer photo, say)."""
    claim = claims.visible_claim(get_session(), current_actor(), claim_id)
    if claim.stage not in ATTACHABLE:
        return _page(claim_id, {"attachment_certificate_scan": "the claim is past review"},
                     status=422)
    errors = uploads.keep(None, claim_id=claim.id)
    if errors:
        keep_on_error()  # a file refused beside one accepted: the accepted one stays
        return _page(claim_id, errors, status=422)
    flash(_("The file is added to the claim."))
    return redirect(url_for("claims.show", claim_id=claim_id))


def _correction_uploads(claim_id: int, form: str) -> dict[str, str]:
    """The scans sent with a returned claim's correction form, kept on the claim before the
    corrections are checked: a refused correction loses none of them."""
    if not task_forms.refiles(form) or current_actor().role != Role.APPLICANT \
            or not uploads.sent():
        return {}
    claim = claims.visible_claim(get_session(), current_actor(), claim_id)
    if claim.stage not in ATTACHABLE:
        return {"attachment_certificate_scan": "the claim is past review"}
    keep_on_error()  # whatever the answer, the accepted files are committed
    return uploads.keep(None, claim_id=claim.id)


def _send(attachment: Any) -> Any:
    data = files(current_app).read(attachment.storage_key)
    response = send_file(io.BytesIO(data), mimetype=attachment.content_type,
                         download_name=attachment.filename,
                         as_attachment=attachment.content_type == "application/pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _page(claim_id: int, errors: dict[str, str] | None = None,
          values: dict[str, str] | None = None, status: int = 200) -> Any:
    db, actor = get_session(), current_actor()
    claim = claims.visible_claim(db, actor, claim_id)
    detail = claim_detail(db, claim, actor)
    found = checks.run_checks(db, claim) if actor.role != Role.APPLICANT else []
    forms_open = {t["form"] for t in detail["tasks"]}
    # The applicant's own correction form, while it is open, is filled in with what it edits,
    # their numbers whole included (workflow.domain.need_to_know); the page shows them masked.
    whole = {**{name: getattr(claim, name) for fields in CORRECTION_FIELDS.values()
                for name in fields}, **pack_forms.form_values(claim)} \
        if actor.role == Role.APPLICANT and forms_open & CORRECTION_FIELDS.keys() else {}
    pricing, verdict = None, None
    # An enterprise's claim is priced by its roster (workflow.services.enterprise_claims).
    roster = roster_rows.roster_shown(db, claim, "id_number" in detail["whole_numbers"])
    # An organisation's project claim is priced at acceptance (services.organisation_projects).
    if claim.status == Status.IN_PROGRESS and claim.accepted_at is None and not roster \
            and claim.payee_kind != roster_rows.ENTERPRISE:
        # The quote acceptance will apply: shown to the bureau, and to everyone when all that
        # stops it is an amount the source lost (it waits for the bureau's configuration).
        verdict = quotes.quote_claim(db, claim, county_date(runtime(current_app).clock()))
    if "pricing" in task_forms.needs(forms_open) and verdict is not None:
        pricing = {"amount_fen": verdict.amount_fen,
                   "rule": next(r for r in verdict.reasons if r.rule == "amount"),
                   "problems": [r for r in verdict.problems() if r.rule != "amount"],
                   "installments": verdict.installments}
    objections = queries.objections_of(db, claim) if actor.role != Role.APPLICANT else []
    kept = attachments.of_claim(db, claim.id)
    openable = attachments.readable_ids(actor, kept, frozenset(detail["whole_numbers"]))
    notes = queries.notifications_of(db, claim) if actor.role == Role.APPLICANT else []
    # Seeded claims (butie seed) hold no workflow state: no trail to draw.
    trail = diagrams.claim_trail(db, runtime(current_app), claim) \
        if actor.role != Role.APPLICANT and claim.rev != SEEDED_REV else None
    version = definitions.version(db, claim.definition_id).version if trail else None
    return render_template(
        "claims/show.html", claim=detail, checks=found, errors=errors or {}, trail=trail,
        diagram_version=version, claim_id=claim.id, limits=_limits(claim),
        stages=stage_bar(claim.stage, claim.status, claim.closed_stage),
        # What stops it: the amount's reason, which says why the amount is not configured.
        pricing=pricing, awaits_amount=next((r for r in verdict.problems() if r.rule == "amount"),
                                            None) if verdict is not None and verdict.awaits_amount
        else None,
        objections=objections, attachments=kept, openable=openable, roster=roster,
        project=organisation_projects.shown(db, claim),
        project_kind=PROJECT_KINDS.get(claim.subsidy_kind or ""),
        roster_export=actor.role in ledgers.KINDS["roster"],
        payee_kind=claim.payee_kind,  # a kind of payee's own forms (task_forms.PAYEE_FORMS)
        roster_headers={c.name: c.header for k in ROSTER_KINDS.values() for c in k.columns}
        | {roster_follow_ups.FOLLOWS: _("Follows claim")},
        messages=notes,
        returned=sent_back(detail),
        # While the correction form is open it takes the scans itself: a second form beside it
        # would drop whichever of the two was not sent.
        may_attach=actor.role == Role.APPLICANT and claim.stage in ATTACHABLE
        and not any(task_forms.refiles(form) for form in forms_open),
        values=values or {}, whole=whole,
        lang_form="task-form-1" if detail["tasks"] else None,
        certificates=_certificates(claim.submitted_at)
        if any(task_forms.refiles(form) for form in forms_open) and actor.role == Role.APPLICANT
        else pack_versions.certificate_names(db),
        seeded=claim.rev == SEEDED_REV, **pack_forms.context(claim.policy_pack),
        may_withdraw=actor.role in (Role.APPLICANT, Role.ENTERPRISE)
        and claim.stage in WITHDRAWABLE), status


def _limits(claim: Any) -> list[Any]:
    config = current_app.config
    return receipts.stage_plan(get_session(), claim, stage_working_days(
        config["STAGE_WORKING_DAYS"]), config["NOTICE_WORKING_DAYS"])


@bp.get("/claims/<int:claim_id>/receipt.pdf")
@login_required()
def receipt(claim_id: int) -> Any:
    """The claim's receipt (回执) as PDF: its applicant's, and staff's in scope."""
    config = current_app.config
    reference, pdf = receipts.receipt_pdf(
        get_session(), current_actor(), claim_id,
        stage_working_days(config["STAGE_WORKING_DAYS"]), config["NOTICE_WORKING_DAYS"],
        config["NOTICE_AUTHORITY"], runtime(current_app).clock())
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                         download_name=f"receipt-{reference}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/claims/<int:claim_id>")
@login_required()
def show(claim_id: int) -> Any:
    """Every field (masked as the viewer's role requires), checks, timeline, and the task form."""
    return _page(claim_id)


@bp.get("/claims/<int:claim_id>/diagram.bpmn")
@login_required()
def diagram(claim_id: int) -> Any:
    """The process diagram the claim runs on, for the viewer on the claim page (not applicants:
    they see the stage bar)."""
    actor = current_actor()
    if actor.role == Role.APPLICANT:
        raise ForbiddenError("applicants see the stages of their claim instead")
    claim = claims.visible_claim(get_session(), actor, claim_id)
    _name, xml = diagrams.claim_diagram(get_session(), claim)
    response = Response(xml.encode("utf-8"), mimetype="application/xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/claims/<int:claim_id>/tasks/<task_id>")
@login_required()
def decide(claim_id: int, task_id: str) -> Any:
    """Complete a task from its form; a rejected form comes back with what was typed (and a
    correction's scans kept on the claim)."""
    values = forms.values_of(request.form, drop=("csrf_token", "lang"))
    form = values.pop("form", "")
    upload_errors = _correction_uploads(claim_id, form)
    if upload_errors or switching_language():  # the language button: the form given back
        return _page(claim_id, upload_errors, values, 422 if upload_errors else 200)
    body: dict[str, Any] = {k: values[k] for k in ("decision", "comment") if values.get(k)}
    try:
        if values.get("version"):  # a form sends text; the API schema wants a number
            body["version"] = whole(values["version"], "version")
        typed = pack_forms.typed(values) if task_forms.refiles(form) else values
        changes = {k: typed[k] for k in CORRECTION_FIELDS.get(form, ()) if k in typed}
        if changes:
            body["changes"] = changes
        if values.get("started_on"):
            body["started_on"] = values["started_on"]
        body["strikes"] = _strikes(values)
        data = forms.load(DecisionSchema(), body)
        with get_session().begin_nested():  # a refusal undoes the decision, not the scans
            decisions.complete_task(get_session(), runtime(current_app), current_actor(),
                                    claim_id, task_id, data["decision"], data["comment"],
                                    data["version"], data["changes"], data["started_on"],
                                    strikes=strikes_of(data))
    except forms.FormError as exc:
        return _page(claim_id, exc.errors, values, 422)
    except InvalidInputError as exc:
        return _page(claim_id, dict(exc.errors), values, 422)
    if data["decision"] == "resubmit":
        flash(_("Corrected and resubmitted: the claim goes back for review."))
    else:
        flash(_("Your decision is recorded."))
    if current_actor().role == Role.APPLICANT:
        return redirect(url_for("claims.show", claim_id=claim_id))
    return redirect(url_for("review.queue"))


def _strikes(values: dict[str, str]) -> list[dict[str, Any]]:
    """The roster rows ticked to strike out (task_forms/_strikes.html), each with the reason
    typed beside it."""
    rows = [whole(n, "strikes") for n in request.form.getlist("strike")]
    return [{"row": n, "reason": values.get(f"strike_{n}", "")} for n in rows if n is not None]


@bp.post("/claims/<int:claim_id>/withdraw")
@login_required(Role.APPLICANT, Role.ENTERPRISE)
def withdraw(claim_id: int) -> Any:
    """Withdraw before bureau acceptance; the page asked for confirmation first."""
    values = forms.values_of(request.form)
    try:
        data = forms.load(WithdrawSchema(), {"reason": values.get("reason", "")})
    except forms.FormError as exc:
        return _page(claim_id, exc.errors, values, 422)
    claims.withdraw_claim(get_session(), runtime(current_app), current_actor(), claim_id,
                          data["reason"])
    flash(_("The claim is withdrawn."))
    return redirect(url_for("claims.show", claim_id=claim_id))
