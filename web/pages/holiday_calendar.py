"""The administrator's statutory calendar: each year's State Council holiday notice.

One line per day or run of days in two boxes (days off, make-up working days), as the notice
lists them; the service checks and stores the year, audited. A year not entered says so plainly.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import fields, validate

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.inputs import Schema, whole
from web.pages import forms
from workflow.domain import holiday_notices
from workflow.domain.access import Role
from workflow.domain.holiday_notices import FIRST_YEAR, LAST_YEAR, Entry
from workflow.domain.workdays import COUNTY_TIME
from workflow.services import holiday_calendar
from workflow.services.errors import ConflictError, InvalidInputError, NotFoundError

bp = Blueprint("calendar", __name__, url_prefix="/admin/calendar")
LINES = validate.Length(max=20000)


class YearSchema(Schema):
    document_number = fields.String(load_default="", validate=validate.Length(max=256))
    holidays = fields.String(load_default="", validate=LINES)
    make_up_days = fields.String(load_default="", validate=LINES)
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    revision = fields.Integer(load_default=None, allow_none=True,
                              validate=validate.Range(min=1, max=2**31 - 1))


def _this_year() -> int:
    return runtime(current_app).clock().astimezone(COUNTY_TIME).year


@bp.get("")
@login_required(Role.ADMIN)
def index() -> Any:
    """The years entered, where each comes from, and the years still missing."""
    this_year = _this_year()
    errors: dict[str, str] = {}
    asked = request.args.get("year", "").strip()
    if asked:
        try:
            return redirect(url_for("calendar.year",
                                    year=whole(asked, "year", FIRST_YEAR, LAST_YEAR)))
        except InvalidInputError:
            errors["year"] = "a year such as 2026"
    summaries = holiday_calendar.summaries(get_session())
    configured = {s.row.year for s in summaries}
    missing = [y for y in (this_year, this_year + 1) if y not in configured]
    return render_template("admin/calendar.html", summaries=summaries, missing=missing,
                           errors=errors, values={"year": asked}), 422 if errors else 200


def _year_page(year: int, values: dict[str, str] | None, errors: dict[str, str],
               status: int = 200) -> Any:
    db = get_session()
    view = holiday_calendar.year_view(db, year)
    if values is None:
        values = {"document_number": "", "holidays": "", "make_up_days": "", "note": ""}
        if view is not None:
            values = {"document_number": view.row.document_number, "note": view.row.note,
                      "holidays": holiday_notices.as_lines(view.table.holidays),
                      "make_up_days": holiday_notices.as_lines(view.table.make_up_days),
                      "revision": str(view.row.revision)}
    return render_template("admin/calendar_year.html", year=year, view=view, values=values,
                           errors=errors, counted=holiday_calendar.counted_on(db, year),
                           this_year=_this_year()), status


def _known(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundError("no such year")
    return year


@bp.get("/<int:year>")
@login_required(Role.ADMIN)
def year(year: int) -> Any:
    """A year's notice as entered (or "not configured"), and the form to enter or change it."""
    return _year_page(_known(year), None, {})


def _entries(values: dict[str, str], name: str, errors: dict[str, str]) -> list[Entry]:
    entries, problem = holiday_notices.parse_lines(values.get(name, ""))
    if problem:
        errors[name] = problem
    return entries


@bp.post("/<int:year>")
@login_required(Role.ADMIN)
def save(year: int) -> Any:
    """Enter or change the year's notice, all its days at once; audited."""
    _known(year)
    values = forms.values_of(request.form)
    try:
        data = forms.load(YearSchema(), values, optional=("revision",))
    except forms.FormError as exc:
        return _year_page(year, values, exc.errors, 422)
    errors: dict[str, str] = {}
    holidays = _entries(data, "holidays", errors)
    make_up = _entries(data, "make_up_days", errors)
    if errors:
        return _year_page(year, values, errors, 422)
    try:
        saved = holiday_calendar.set_year(get_session(), current_actor(),
                                          holiday_calendar.YearInput(
                                              year, data["document_number"], holidays, make_up,
                                              data["note"], data["revision"]),
                                          runtime(current_app).clock())
    except InvalidInputError as exc:
        return _year_page(year, values, dict(exc.errors), 422)
    except ConflictError as exc:  # the typed lines are kept; the table shown is the new one
        return _year_page(year, values, {"_form": exc.message}, 409)
    flash(_("The statutory calendar of %(year)d is saved.", year=year))
    if saved.warnings:  # listed on the page it goes back to
        flash(_("Saved as entered; %(count)d points are worth a second look: see below.",
                count=len(saved.warnings)), "warning")
    return redirect(url_for("calendar.year", year=year))
