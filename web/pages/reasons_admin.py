"""The administrator's page of the reasons reviewers pick, per stage (issue 18 item 8): add,
reword, remove; every change is audited (workflow.services.canned_reasons)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.pages import forms, labels
from workflow.domain.access import Role
from workflow.domain.canned_reasons import MAX_LENGTH, REASON_STAGES
from workflow.services import canned_reasons
from workflow.services.errors import InvalidInputError

bp = Blueprint("reasons", __name__, url_prefix="/admin/reasons")


def _page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    return render_template("admin/reasons.html", stages=canned_reasons.by_stage(get_session()),
                           stage_options=[(s, labels.STAGES[s]) for s in REASON_STAGES],
                           values=values, errors=errors, max_length=MAX_LENGTH), status


@bp.get("")
@login_required(Role.ADMIN)
def index() -> Any:
    """Each stage's reasons, with the forms to add, reword or remove one."""
    return _page({}, {})


@bp.post("")
@login_required(Role.ADMIN)
def add() -> Any:
    """Add a reason at the end of its stage's list."""
    values = forms.values_of(request.form)
    try:
        canned_reasons.add(get_session(), current_actor(), values.get("stage", ""),
                           values.get("text", ""), runtime(current_app).clock())
    except InvalidInputError as exc:
        return _page(values, dict(exc.errors), 422)
    flash(_("The reason is added."))
    return redirect(url_for("reasons.index"))


@bp.post("/<int:reason_id>")
@login_required(Role.ADMIN)
def change(reason_id: int) -> Any:
    """Reword a reason; decisions made with it keep the words they were made with."""
    values = forms.values_of(request.form)
    try:
        canned_reasons.change(get_session(), current_actor(), reason_id,
                              values.get(f"text_{reason_id}", ""), runtime(current_app).clock())
    except InvalidInputError as exc:
        return _page(values, dict(exc.errors), 422)
    flash(_("The reason is changed."))
    return redirect(url_for("reasons.index"))


@bp.post("/<int:reason_id>/remove")
@login_required(Role.ADMIN)
def remove(reason_id: int) -> Any:
    """Take a reason off its stage's list (the page asked first)."""
    canned_reasons.remove(get_session(), current_actor(), reason_id,
                          runtime(current_app).clock())
    flash(_("The reason is removed."))
    return redirect(url_for("reasons.index"))
