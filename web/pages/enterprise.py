"""Enterprise payees' pages (issue 19 item 3): an enterprise registers, downloads the roster
template, uploads its roster and sees its own claims. A refused upload keeps the file it sent
(carried back in the form), so the enterprise can resubmit without choosing it again."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.api.enterprise_schemas import EnterpriseSchema, ProjectFilingSchema
from web.auth import current_actor, fresh_session, login_required
from web.config import policy_packs
from web.db import files, get_session, hourly_limit, runtime
from web.pages import forms
from web.pages.phrasing import translate as tr
from workflow.domain import organisations, policy
from workflow.domain.access import Role
from workflow.domain.numerals import parse_yuan
from workflow.domain.projects import ProjectFacts
from workflow.domain.townships import TOWNSHIPS
from workflow.services import (
    attachments,
    enterprise_accounts,
    enterprise_claims,
    organisation_projects,
)
from workflow.services.enterprise_claims import RosterFiling, RosterRefusedError
from workflow.services.errors import InvalidInputError, RateLimitedError

bp = Blueprint("enterprise", __name__, url_prefix="/enterprise")
FIELDS = ("org_type", "name", "credit_code", "township", "phone", "bank_name",
          "account_number", "account_holder", "username")
KEPT_LIMIT = 1_000_000  # the largest sheet carried back in a refused form
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _register_page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    return render_template("enterprise/register.html", values=values, errors=errors,
                           townships=sorted(TOWNSHIPS.items()),
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
            hourly_limit(current_app, "REGISTRATIONS_PER_HOUR"))
    except forms.FormError as exc:
        return _register_page(values, exc.errors, 422)
    except InvalidInputError as exc:
        return _register_page(values, dict(exc.errors), 422)
    except RateLimitedError as exc:
        return _register_page(values, {"_form": exc.message}, 429)
    fresh_session(None)
    flash(_("The enterprise account is ready. Log in to file a roster."))
    return redirect(url_for("account.login"))


def _offered() -> tuple[str, ...]:
    return policy_packs(current_app.config["POLICY_PACKS"])


def _claims_page(errors: dict[str, str], rows: tuple[Any, ...] = (), kept: str = "",
                 kept_name: str = "", status: int = 200,
                 project: dict[str, str] | None = None) -> Any:
    db, actor = get_session(), current_actor()
    organisation = enterprise_accounts.of_actor(db, actor)
    return render_template(
        "enterprise/claims.html", errors=errors, row_errors=rows, kept=kept,
        kept_name=kept_name, project=project or {},
        project_kinds=organisation_projects.kinds_offered(_offered(), organisation.org_type),
        kinds=enterprise_claims.kinds_offered(_offered(), organisation.org_type),
        headers={c.name: c.header for k in policy.ROSTER_KINDS.values() for c in k.columns},
        enterprise=enterprise_accounts.shown(organisation),
        org_label=organisations.LABELS.get(organisation.org_type, ""),
        claims=enterprise_claims.claims_of(db, actor)), status


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
        rows = enterprise_claims.sheet_rows(kind, data, name)
        claim = enterprise_claims.file_roster(get_session(), runtime(current_app),
                                              current_actor(), RosterFiling(
                                                  kind, rows, request.form.get("attested")
                                                  == "yes", _offered()))
    except RosterRefusedError as exc:
        return _claims_page(dict(exc.errors), exc.rows, kept, name, 422)
    except InvalidInputError as exc:
        return _claims_page(dict(exc.errors), (), kept, name, 422)
    flash(_("Claim %(reference)s filed for its roster.", reference=claim.reference))
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
                                                  if k != "review_scan"}), scan, _offered())


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
