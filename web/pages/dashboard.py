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
from web.pages.chart_scales import amount_axis, share_axis
from workflow.domain.access import Role
from workflow.domain.policy import DEFAULT_PACK, ROSTER_KINDS
from workflow.domain.targets import TARGET_SETS
from workflow.domain.workdays import COUNTY_TIME
from workflow.reports.figures import PERSON, Dashboard
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
        found += _money(board.money)
    shown = [p for p in board.targets if p.share is not None]
    if shown:
        # The axis runs to the whole target (100%), so a bar is its share of the target.
        low, high = share_axis(p.share for p in shown)
        found.append({"id": "targets", "label": _("Share done (%)"), "horizontal": True,
                      "labels": [_short(p.target.label) for p in shown],
                      "data": [p.share for p in shown], "min": low, "max": high,
                      "percent": True})
    return found


def _money(m: Any) -> list[dict[str, Any]]:
    """The amounts on their own axis (whole yuan; the table gives them to the fen), and, when
    a budget is set, what was accepted and paid as shares of it on an axis whose end is the
    budget: drawn beside the amounts, the budget dwarfed them."""
    amounts = [m.accepted_fen // 100, m.paid_fen // 100, m.due_fen // 100]
    low, high = amount_axis(amounts)
    found = [{"id": "money", "label": _("Yuan"), "horizontal": False,
              "labels": [_("Accepted"), _("Paid"), _("Due now")], "data": amounts,
              "min": low, "max": high}]
    if m.budget_fen is not None:
        shares = [m.accepted_share, m.paid_share]
        low, high = share_axis(shares)
        found.append({"id": "budget", "label": _("Share of budget (%)"), "horizontal": True,
                      "labels": [_("Accepted"), _("Paid")], "data": shares,
                      "min": low, "max": high, "percent": True})
    return found


def kind_names() -> dict[str, Any]:
    """The kinds of claim the money tables count by: a person's own, or a roster kind."""
    return {PERSON: _("A person's own claim"),
            **{k.kind: k.title for k in ROSTER_KINDS.values()}}


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
                           kind_names=kind_names(),
                           chosen=chosen, errors=errors, target_set=TARGET_SETS[chosen["pack"]],
                           **choices(this_year))
