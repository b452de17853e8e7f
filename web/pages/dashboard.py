"""The dashboard per role: claims by stage, days per stage, money, progress against targets.

The figures come from workflow.services.reports; this view only picks the pack and year and
turns the figures into chart data (read by static/js/dashboard.js from a JSON block, since the
CSP forbids inline script). Each chart's numbers are also in a table beside it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from web.auth import current_actor, login_required
from web.config import overdue_days
from web.db import get_session, runtime
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from web.pages import forms, labels
from workflow.domain.access import Role
from workflow.domain.policy import DEFAULT_PACK
from workflow.domain.targets import TARGET_SETS
from workflow.domain.workdays import COUNTY_TIME
from workflow.reports.figures import Dashboard
from workflow.services import reports

bp = Blueprint("dashboard", __name__)

VIEWERS = (Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU, Role.FINANCE, Role.ADMIN)


class DashboardQuerySchema(Schema):
    pack = fields.String(load_default=DEFAULT_PACK, validate=validate.OneOf(list(TARGET_SETS)))
    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


def choices(this_year: int) -> dict[str, Any]:
    """The packs with targets, and the years worth offering (the packs' and this one)."""
    years = sorted({this_year, *(y for s in TARGET_SETS.values() for y in s.years)})
    return {"packs": {k: s.authority for k, s in TARGET_SETS.items()}, "years": years}


def selection(args: Any, this_year: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The pack and year asked for; bad values are reported and the defaults used."""
    raw = {k: v for k, v in forms.values_of(args).items() if v}
    try:
        chosen, errors = DashboardQuerySchema().load(raw), {}
    except ValidationError as exc:
        chosen, errors = DashboardQuerySchema().load({}), forms.field_errors(exc.messages)
    chosen["year"] = chosen["year"] or this_year
    return chosen, errors


def _short(text: str) -> str:
    head = text.split("：")[0].split(" · ")[-1]
    return head if len(head) <= 14 else head[:13] + "…"


def charts(board: Dashboard) -> list[dict[str, Any]]:
    """Chart data: labels and numbers only; the page's tables carry the exact figures."""
    found: list[dict[str, Any]] = []
    if board.stages is not None and "stages" in board.sections:
        by_stage = board.stages.by_stage()
        found.append({"id": "stages", "label": _("Claims"), "horizontal": True, "integer": True,
                      "labels": [str(labels.STAGE_NAMES.get(s, s)) for s in by_stage],
                      "data": list(by_stage.values())})
    if board.timing:
        found.append({"id": "timing", "label": _("Median days"), "horizontal": True,
                      "labels": [str(labels.STAGE_NAMES.get(t.stage, t.stage))
                                 for t in board.timing],
                      "data": [t.median_days for t in board.timing]})
    if board.money is not None:
        m = board.money
        # Whole yuan for the bars; the table beside the chart gives the amounts to the fen.
        found.append({"id": "money", "label": _("Yuan"), "horizontal": False,
                      "labels": [_("Budget"), _("Accepted"), _("Paid"), _("Due now")],
                      "data": [None if m.budget_fen is None else m.budget_fen // 100,
                               m.accepted_fen // 100, m.paid_fen // 100, m.due_fen // 100]})
    shown = [p for p in board.targets if p.share is not None]
    if shown:
        found.append({"id": "targets", "label": _("Share done (%)"), "horizontal": True,
                      "labels": [_short(p.target.label) for p in shown],
                      "data": [p.share for p in shown]})
    return found


@bp.get("/dashboard")
@login_required(*VIEWERS)
def show() -> Any:
    """The actor's dashboard for a pack and a year (county time)."""
    now = runtime(current_app).clock()
    this_year = now.astimezone(COUNTY_TIME).year
    chosen, errors = selection(request.args, this_year)
    actor = current_actor()
    board = reports.dashboard(get_session(), actor, chosen["pack"], chosen["year"], now,
                              overdue_days(current_app.config["OVERDUE_DAYS"]))
    return render_template("dashboard/show.html", board=board, charts=charts(board),
                           chosen=chosen, errors=errors, target_set=TARGET_SETS[chosen["pack"]],
                           **choices(this_year))
