"""Enterprise payees' pages (issue 19 item 3): an enterprise registers, downloads the roster
template, uploads its roster and sees its own claims; a claim a reviewer returned is listed with
the reviewer's reason and takes a corrected roster. A refused upload keeps the file it sent
(carried back in the form), so the enterprise can resubmit without choosing it again."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.api.enterprise_schemas import (
    EnterpriseDetailsSchema,
    EnterpriseSchema,
    ProjectFilingSchema,
    ResubmitSchema,
)
from web.api.enterprise_views import change_details, offered
from web.api.present import claim_detail, sent_back
from web.auth import current_actor, fresh_session, login_required
from web.db import files, get_session, hourly_limit, runtime
from web.inputs import whole
from web.pages import forms
from web.pages.phrasing import translate as tr
from workflow.domain import organisations, policy
from workflow.domain.access import Role
from workflow.domain.claims import Stage
from workflow.domain.numerals import parse_yuan
from workflow.domain.projects import ProjectFacts
from workflow.domain.townships import TOWNSHIPS
from workflow.services import (
    attachments,
    enterprise_accounts,
    enterprise_claims,
    organisation_projects,
    roster_corrections,
    roster_follow_ups,
)
from workflow.services import claims as claim_service
from workflow.services.enterprise_claims import RosterFiling, RosterRefusedError
from workflow.services.errors import ConflictError, InvalidInputError, RateLimitedError

bp = Blueprint("enterprise", __name__, url_prefix="/enterprise")
FIELDS = ("org_type", "name", "credit_code", "township", "phone", "bank_name",
          "account_number", "account_holder", "username")
KEPT_LIMIT = 1_000_000  # the largest sheet carried back in a refused form
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _register_page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    return render_template("enterprise/register.html", values=values, errors=errors,
                           townships=sorted(TOWNSHIPS.items()),
                           township_needed=enterprise_accounts.township_needed(offered()),
                           org_types=[(t, tr(organisations.LABELS[t]))
                                      for t in organisations.ORG_TYPES]), status


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    """An enterprise creates its account; it then logs in to file rosters."""
    if request.method == "GET":
        return _register_page({"org_type": organisations.ENTERPRISE}, {})
    values = {f: request.form.get(f, "") for f in FIELDS}
    # A form that does not say what the organisation is registers an enterprise (the API's).
    values["org_type"] = values["org_type"] or organisations.ENTERPRISE
    try:
        data = forms.load(EnterpriseSchema(), {**values,
                                               "password": request.form.get("password", "")})
        enterprise_accounts.register(
            get_session(), enterprise_accounts.EnterpriseInput(**data),
            runtime(current_app).clock(), request.remote_addr or "",
            hourly_limit(current_app, "REGISTRATIONS_PER_HOUR"), offered())
    except forms.FormError as exc:
        return _register_page(values, exc.errors, 422)
    except InvalidInputError as exc:
        return _register_page(values, dict(exc.errors), 422)
    except RateLimitedError as exc:
        return _register_page(values, {"_form": exc.message}, 429)
    fresh_session(None)
    flash(_("The enterprise account is ready. Log in to file a roster."))
    return redirect(url_for("account.login"))


DETAILS = ("name", "township", "phone", "bank_name", "account_number", "account_holder")


def _details_page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    enterprise = enterprise_accounts.shown(enterprise_accounts.of_actor(get_session(),
                                                                        current_actor()))
    return render_template("enterprise/details.html", values=values, errors=errors,
                           enterprise=enterprise, townships=sorted(TOWNSHIPS.items()),
                           township_needed=enterprise_accounts.township_needed(offered())), \
        status


@bp.route("/details", methods=["GET", "POST"])
@login_required(Role.ENTERPRISE)
def details() -> Any:
    """The enterprise changes its details; the account only with its current password. The
    claims not yet paid take the new account; a payment batch already made keeps the old."""
    if request.method == "GET":
        shown = enterprise_accounts.shown(enterprise_accounts.of_actor(get_session(),
                                                                       current_actor()))
        return _details_page({**shown, "account_number": ""}, {})
    values = {f: request.form.get(f, "") for f in DETAILS}
    try:
        data = forms.load(EnterpriseDetailsSchema(), {
            **values, "current_password": request.form.get("current_password", "")})
        reached = change_details(data)
    except forms.FormError as exc:
        return _details_page(values, exc.errors, 422)
    except InvalidInputError as exc:
        return _details_page(values, dict(exc.errors), 422)
    except RateLimitedError as exc:  # too many wrong passwords: the login throttle's wait
        page, status = _details_page(values, {"_form": exc.message}, 429)
        return page, status, {"Retry-After": str(exc.retry_after or 60)}
    if reached:
        flash(_("The details are saved. Claims not yet paid will be paid to the new account: "
                "%(references)s.", references="、".join(reached)))
    else:
        flash(_("The details are saved."))
    return redirect(url_for("enterprise.claims"))


def _claims_page(errors: dict[str, str], rows: tuple[Any, ...] = (), kept: str = "",
                 kept_name: str = "", status: int = 200,
                 project: dict[str, str] | None = None,
                 fixing: dict[str, Any] | None = None) -> Any:
    """The claims page; `project` what a refused project filing typed; `fixing` a refused
    correction of one returned claim (its claim_id, errors, rows, kept file and comment), shown
    beside that claim's upload."""
    db, actor = get_session(), current_actor()
    mine = enterprise_claims.claims_of(db, actor)
    organisation = enterprise_accounts.of_actor(db, actor)
    kinds = enterprise_claims.kinds_offered(offered(), organisation.org_type)
    return render_template(
        "enterprise/claims.html", errors=errors, row_errors=rows, kept=kept,
        kept_name=kept_name, kinds=kinds, project=project or {},
        project_kinds=organisation_projects.kinds_offered(offered(), organisation.org_type),
        headers={c.name: c.header for k in policy.ROSTER_KINDS.values() for c in k.columns},
        enterprise=enterprise_accounts.shown(organisation),
        org_label=organisations.LABELS.get(organisation.org_type, ""),
        followed=roster_follow_ups.followed(db, organisation, kinds),
        chosen=request.form.get("follows", ""),
        claims=mine, returned=_returned(mine), fixing=fixing or {}), status


def _returned(mine: list[Any]) -> list[tuple[Any, dict[str, Any]]]:
    """The claims waiting for a corrected roster, each with the reviewer's return."""
    db, actor = get_session(), current_actor()
    found = []
    for claim in mine:
        detail = claim_detail(db, claim, actor) if claim.stage == Stage.CORRECTION else None
        note = sent_back(detail) if detail is not None and detail["tasks"] else None
        if note is not None:
            found.append((claim, note))
    return found


@bp.get("/claims")
@login_required(Role.ENTERPRISE)
def claims() -> Any:
    """The enterprise's claims and the form to file a roster."""
    return _claims_page({})


@bp.get("/template/<kind>.xlsx")
@login_required(Role.ENTERPRISE)
def template(kind: str) -> Any:
    """The roster template of a kind: its headers and an example row."""
    return enterprise_claims.template(kind), 200, {
        "Content-Type": XLSX, "Content-Disposition": f"attachment; filename={kind}.xlsx"}


def _sheet(field: str = "sheet") -> tuple[bytes, str]:
    """The file uploaded now, else the one a refused submit carried back."""
    upload = request.files.get(field)
    if upload is not None and upload.filename:
        return upload.read(), upload.filename
    try:
        return base64.b64decode(request.form.get("kept", ""), validate=True), \
            request.form.get("kept_name", "")
    except binascii.Error:
        return b"", ""


def _follows() -> int | None:
    """The paid claim a follow-up filing names (the form's select), or None when none."""
    chosen = request.form.get("follows", "").strip()
    if chosen.isdigit() and len(chosen) < 10:
        return int(chosen)
    if chosen:
        raise InvalidInputError({"follows": _("Choose a claim from the list.")})
    return None


@bp.post("/claims")
@login_required(Role.ENTERPRISE)
def file_roster() -> Any:
    """File a claim for the uploaded roster; refused whole, every row's problem shown beside
    the upload and the file kept."""
    data, name = _sheet()
    kept = base64.b64encode(data).decode() if len(data) <= KEPT_LIMIT else ""
    kind = request.form.get("roster_kind", "")
    try:
        if not data:
            raise InvalidInputError({"sheet": _("Choose the roster file to upload.")})
        rows, numbers = enterprise_claims.sheet_rows(kind, data, name)
        filing = RosterFiling(kind, rows, kind in request.form.getlist("attested"), offered(),
                              numbers, _follows())
        claim = enterprise_claims.file_roster(get_session(), runtime(current_app),
                                              current_actor(), filing)
    except RosterRefusedError as exc:
        return _claims_page(dict(exc.errors), exc.rows, kept, name, 422)
    except InvalidInputError as exc:
        return _claims_page(dict(exc.errors), (), kept, name, 422)
    flash(_("Claim %(reference)s filed for its roster.", reference=claim.reference))
    return redirect(url_for("enterprise.claims"))


@bp.post("/claims/<int:claim_id>/roster")
@login_required(Role.ENTERPRISE)
def correct_roster(claim_id: int) -> Any:
    """Correct a returned claim with the corrected roster uploaded (xlsx or CSV): checked as
    at filing, refused whole beside that claim's upload with the file kept, else back to the
    reviewer who returned it."""
    db, actor = get_session(), current_actor()
    claim = claim_service.visible_claim(db, actor, claim_id)  # another enterprise's: 404
    data, name = _sheet()
    comment = request.form.get("comment", "")
    fixing: dict[str, Any] = {
        "claim_id": claim.id, "errors": {}, "rows": (), "comment": comment,
        "kept": base64.b64encode(data).decode() if len(data) <= KEPT_LIMIT else "",
        "kept_name": name}
    try:
        body = forms.load(ResubmitSchema(), {"comment": comment, **(
            {"version": whole(request.form["version"], "version")}
            if request.form.get("version") else {})})
        if not data:
            raise InvalidInputError({"sheet": _("Choose the corrected roster to upload.")})
        rows, numbers = enterprise_claims.sheet_rows(claim.subsidy_kind or "", data, name)
        with db.begin_nested():  # a refused roster leaves the claim as it was
            roster_corrections.resubmit(db, runtime(current_app), actor, claim.id, rows,
                                        body["comment"], body["version"], numbers)
    except RosterRefusedError as exc:
        return _claims_page({}, status=422, fixing={**fixing, "errors": dict(exc.errors),
                                                     "rows": exc.rows})
    except forms.FormError as exc:
        return _claims_page({}, status=422, fixing={**fixing, "errors": exc.errors})
    except InvalidInputError as exc:
        return _claims_page({}, status=422, fixing={**fixing, "errors": dict(exc.errors)})
    except ConflictError as exc:  # not waiting for correction, or changed meanwhile
        return _claims_page({"_form": exc.message}, status=409)
    flash(_("Claim %(reference)s corrected and resubmitted: it goes back to the reviewer who "
            "returned it.", reference=claim.reference))
    return redirect(url_for("enterprise.claims"))


PROJECT_FIELDS = ("project_kind", "project_name", "project_type", "industry", "reviewed_on",
                  "requested_yuan")


def _project_filing(values: dict[str, str], data: bytes, name: str
                    ) -> organisation_projects.ProjectFiling:
    """The form as the API's body (the amount typed in yuan), checked by the same schema."""
    try:
        fen: int | str = parse_yuan(values["requested_yuan"])
    except ValueError:
        fen = "x"  # refused by the schema beside the field
    body = forms.load(ProjectFilingSchema(), {
        **{k: v for k, v in values.items() if k != "requested_yuan"}, "requested_fen": fen,
        "review_scan": {"filename": name or "review.pdf",
                        "content": base64.b64encode(data).decode()}})
    scan = attachments.Upload("certificate_scan", name, data) if data else None
    return organisation_projects.ProjectFiling(
        body.pop("project_kind"), ProjectFacts(**{k: v for k, v in body.items()
                                                  if k != "review_scan"}), scan, offered())


@bp.post("/projects")
@login_required(Role.ENTERPRISE)
def file_project() -> Any:
    """File a claim for one project (Huzhou 004 三 6) with its review's conclusion; refused,
    every problem beside its field, what was typed and the file kept."""
    values = {f: request.form.get(f, "").strip() for f in PROJECT_FIELDS}
    data, name = _sheet("review_scan")
    kept = base64.b64encode(data).decode() if len(data) <= KEPT_LIMIT else ""
    try:
        filing = _project_filing(values, data, name)
        claim = organisation_projects.file_project(
            get_session(), runtime(current_app), files(current_app), current_actor(), filing,
            current_app.config["UPLOAD_MAX_BYTES"])
    except forms.FormError as exc:
        errors = {("requested_yuan" if k == "requested_fen" else k): v
                  for k, v in exc.errors.items()}
        if not data:
            errors["review_scan"] = _("Attach the review's conclusion.")
        return _claims_page(errors, (), kept, name, 422, values)
    except InvalidInputError as exc:
        errors = {("requested_yuan" if k == "requested_fen" else k): v
                  for k, v in exc.errors.items()}
        return _claims_page(errors, (), kept, name, 422, values)
    flash(_("Claim %(reference)s filed for the project.", reference=claim.reference))
    return redirect(url_for("enterprise.claims"))
