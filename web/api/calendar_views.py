"""The statutory calendar: an administrator reads and enters a year's holiday notice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import current_app, request

from web.api import bp
from web.api.admin_schemas import CalendarYearInputSchema
from web.auth import current_actor, login_required
from web.db import get_session, runtime
from workflow.domain.access import Role
from workflow.domain.holiday_notices import FIRST_YEAR, LAST_YEAR, Entry
from workflow.services import holiday_calendar
from workflow.services.errors import NotFoundError


def _days(days: Mapping[date, str]) -> list[dict[str, Any]]:
    return [{"date": day.isoformat(), "name": name} for day, name in sorted(days.items())]


def _body(year: int, warnings: list[str] | None = None) -> dict[str, Any]:
    view = holiday_calendar.year_view(get_session(), year)
    if view is None:
        raise NotFoundError(holiday_calendar.not_configured(year))
    row = view.row
    return {"year": row.year, "document_number": row.document_number, "source": row.source,
            "seeded_from": row.seeded_from, "note": row.note, "revision": row.revision,
            "updated_at": row.updated_at.isoformat() if row.updated_at else None,
            "holidays": _days(view.table.holidays),
            "make_up_days": _days(view.table.make_up_days),
            "warnings": view.warnings if warnings is None else warnings,
            "notices_counted": [b.number for b in holiday_calendar.counted_on(get_session(),
                                                                               year)]}


def _entries(items: list[dict[str, Any]]) -> list[Entry]:
    return [Entry(i["date"], i["until"] or i["date"], i["name"].strip()) for i in items]


@bp.get("/admin/calendar/<int:year>")
@login_required(Role.ADMIN)
def calendar_year(year: int) -> Any:
    """A year's holiday notice as entered (404 with where to enter it: not configured)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundError("no such year")
    return _body(year)


@bp.put("/admin/calendar/<int:year>")
@login_required(Role.ADMIN)
def set_calendar_year(year: int) -> Any:
    """Enter or change a year's holiday notice, all its days at once; audited."""
    data = CalendarYearInputSchema().load(request.get_json() or {})
    saved = holiday_calendar.set_year(
        get_session(), current_actor(), holiday_calendar.YearInput(
            year, data["document_number"].strip(), _entries(data["holidays"]),
            _entries(data["make_up_days"]), data["note"].strip(), data["revision"]),
        runtime(current_app).clock())
    return _body(year, saved.warnings)
