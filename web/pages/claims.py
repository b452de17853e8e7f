"""The applicant's claims, the claim form, and the claim page where every role acts on a claim."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.api.present import claim_detail
from web.api.schemas import ClaimInputSchema, DecisionSchema, WithdrawSchema
from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.pages import forms
from workflow.domain.access import Role
from workflow.domain.claims import WITHDRAWABLE
from workflow.domain.pricing import price_claim
from workflow.persistence.models import User
from workflow.services import checks, claims, queries
from workflow.services.errors import InvalidInputError

bp = Blueprint("claims", __name__)

CORRECTION_FIELDS = {"claim_correction": claims.CLAIM_FIELDS,
                     "account_correction": claims.ACCOUNT_FIELDS}


@bp.get("/claims")
@login_required(Role.APPLICANT)
def mine() -> Any:
    """The applicant's own claims, newest first, each with its stage and what happens next."""
    rows = queries.claims_of(get_session(), current_actor())
    return render_template("claims/mine.html", claims=rows)


@bp.route("/claims/new", methods=["GET", "POST"])
@login_required(Role.APPLICANT)
def new() -> Any:
    """File a claim: identity, household, certificate, bank account."""
    actor = current_actor()
    if request.method == "GET":
        user = get_session().get(User, actor.user_id)
        values = {"full_name": actor.name, "account_holder": actor.name,
                  "id_number": (user.id_number if user else "") or "",
                  "phone": (user.phone if user else "") or ""}
        return render_template("claims/new.html", values=values, errors={})
    values = forms.values_of(request.form)
    try:
        data = forms.load(ClaimInputSchema(), values, optional=("certificate_level",))
        claim = claims.submit_claim(get_session(), runtime(current_app), actor,
                                    claims.ClaimInput(**{"certificate_level": "", **data}))
    except forms.FormError as exc:
        return render_template("claims/new.html", values=exc.values, errors=exc.errors), 422
    except InvalidInputError as exc:
        return render_template("claims/new.html", values=values, errors=dict(exc.errors)), 422
    flash(_("Claim %(reference)s submitted. The township reviews it next.",
            reference=claim.reference))
    return redirect(url_for("claims.show", claim_id=claim.id))


def _page(claim_id: int, errors: dict[str, str] | None = None,
          values: dict[str, str] | None = None, status: int = 200) -> Any:
    db, actor = get_session(), current_actor()
    claim = claims.visible_claim(db, actor, claim_id)
    detail = claim_detail(db, claim, actor)
    found = checks.run_checks(db, claim) if actor.role != Role.APPLICANT else []
    whole = {name: getattr(claim, name) for fields in CORRECTION_FIELDS.values()
             for name in fields} if actor.role == Role.APPLICANT else {}
    forms_open = {t["form"] for t in detail["tasks"]}
    pricing = price_claim(claim.certificate_code, claim.certificate_level or None) \
        if "acceptance" in forms_open else None
    objections = queries.objections_of(db, claim) if actor.role != Role.APPLICANT else []
    return render_template(
        "claims/show.html", claim=detail, checks=found, errors=errors or {},
        pricing=pricing, objections=objections,
        values=values or {}, whole=whole, correction_fields=CORRECTION_FIELDS,
        may_withdraw=actor.role == Role.APPLICANT and claim.stage in WITHDRAWABLE), status


@bp.get("/claims/<int:claim_id>")
@login_required()
def show(claim_id: int) -> Any:
    """Every field (masked as the viewer's role requires), checks, timeline, and the task form."""
    return _page(claim_id)


@bp.post("/claims/<int:claim_id>/tasks/<task_id>")
@login_required()
def decide(claim_id: int, task_id: str) -> Any:
    """Complete a task from its form; a rejected form comes back with what was typed."""
    values = forms.values_of(request.form)
    form = values.pop("form", "")
    changes = {k: values[k] for k in CORRECTION_FIELDS.get(form, ()) if k in values}
    body: dict[str, Any] = {k: values[k] for k in ("decision", "comment") if values.get(k)}
    if values.get("version", "").isdigit():  # a form sends text; the API schema wants a number
        body["version"] = int(values["version"])
    if changes:
        body["changes"] = {k: v for k, v in changes.items()
                           if not (k == "certificate_level" and v == "")}
    try:
        data = forms.load(DecisionSchema(), body)
        claims.complete_task(get_session(), runtime(current_app), current_actor(), claim_id,
                             task_id, data["decision"], data["comment"], data["version"],
                             data["changes"])
    except forms.FormError as exc:
        return _page(claim_id, exc.errors, values, 422)
    except InvalidInputError as exc:
        return _page(claim_id, dict(exc.errors), values, 422)
    flash(_("Your decision is recorded."))
    if current_actor().role == Role.APPLICANT:
        return redirect(url_for("claims.show", claim_id=claim_id))
    return redirect(url_for("review.queue"))


@bp.post("/claims/<int:claim_id>/withdraw")
@login_required(Role.APPLICANT)
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
