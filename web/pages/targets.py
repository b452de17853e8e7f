"""The administrator's targets and budgets: the documents' values and the ones set here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import fields, validate

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.inputs import Schema, whole  # marshmallow's, every date and whole number bounded
from web.pages import forms
from web.pages.dashboard import choices, selection
from workflow.domain.access import Role
from workflow.domain.numerals import parse_yuan
from workflow.domain.targets import TARGET_SETS
from workflow.domain.workdays import COUNTY_TIME
from workflow.reports.figures import Progress
from workflow.services import targets
from workflow.services.errors import InvalidInputError

bp = Blueprint("targets", __name__, url_prefix="/admin")


class TargetSchema(Schema):
    pack = fields.String(required=True, validate=validate.OneOf(list(TARGET_SETS)))
    code = fields.String(required=True, validate=validate.Length(max=64))
    first_year = fields.Integer(required=True)
    value = fields.Integer(required=True)
    note = fields.String(required=True, validate=validate.Length(min=1, max=500))


def _page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    this_year = runtime(current_app).clock().astimezone(COUNTY_TIME).year
    chosen, query_errors = selection(request.args if request.method == "GET" else
                                     {"pack": values.get("pack", ""),
                                      "year": values.get("year", "")}, this_year)
    db = get_session()
    items = targets.in_force(db, chosen["pack"], chosen["year"])
    rows = [Progress(i.target, i.value, i.target.value,
                     i.set_row.note if i.set_row else None, None) for i in items]
    return render_template("dashboard/targets.html", rows=rows, totals=targets.totals(items),
                           budget=targets.budget(db, chosen["pack"], chosen["year"]),
                           chosen=chosen, target_set=TARGET_SETS[chosen["pack"]],
                           values=values, errors={**query_errors, **errors},
                           **choices(this_year)), status


@bp.get("/targets")
@login_required(Role.ADMIN)
def show() -> Any:
    """The targets of a pack and year, where each comes from, and the budget."""
    return _page({}, {})


@bp.post("/targets")
@login_required(Role.ADMIN)
def set_target() -> Any:
    """Set one target's value, with the source it comes from; audited."""
    values = forms.values_of(request.form)
    try:
        data = forms.load(TargetSchema(), {k: v for k, v in values.items() if k != "year"})
        targets.set_target(get_session(), current_actor(), data["pack"], data["code"],
                           data["first_year"], data["value"], data["note"],
                           runtime(current_app).clock())
    except forms.FormError as exc:
        return _page(values, exc.errors, 422)
    except InvalidInputError as exc:
        return _page(values, dict(exc.errors), 422)
    flash(_("The target is set."))
    return redirect(url_for("targets.show", pack=values["pack"], year=values.get("year")))


@bp.post("/budgets")
@login_required(Role.ADMIN)
def set_budget() -> Any:
    """Set the subsidy budget of a pack for a year; audited."""
    values = forms.values_of(request.form)
    try:
        fen = parse_yuan(values.get("amount", ""))
    except ValueError:
        return _page(values, {"amount": "an amount in yuan, e.g. 1500 or 1500.00"}, 422)
    try:
        targets.set_budget(get_session(), current_actor(), values.get("pack", ""),
                           whole(values.get("year"), "year") or 0, fen, values.get("note", ""),
                           runtime(current_app).clock())
    except InvalidInputError as exc:
        return _page(values, dict(exc.errors), 422)
    flash(_("The budget is set."))
    return redirect(url_for("targets.show", pack=values["pack"], year=values["year"]))
