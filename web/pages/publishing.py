"""The HR bureau publishes accepted claims as a public notice batch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import fields, validate

from web.auth import current_actor, login_required
from web.db import get_session, notice_settings, runtime
from web.inputs import Schema, whole  # marshmallow's, every date and whole number bounded
from web.pages import forms
from workflow.domain.access import Role
from workflow.domain.workdays import CalendarNotCoveredError
from workflow.services import holiday_calendar, notices
from workflow.services.errors import InvalidInputError

bp = Blueprint("publishing", __name__, url_prefix="/bureau")


class WindowSchema(Schema):
    starts_on = fields.Date(required=True)
    working_days = fields.Integer(required=True, validate=validate.Range(min=1, max=30))


class PublishSchema(WindowSchema):
    title = fields.String(load_default="", validate=validate.Length(max=128))
    contact_office = fields.String(required=True, validate=validate.Length(min=1, max=128))
    contact_phone = fields.String(required=True, validate=validate.Length(min=1, max=64))
    contact_address = fields.String(required=True, validate=validate.Length(min=1, max=256))
    corrects = fields.String(load_default=None, validate=validate.Length(max=64))


def _page(values: dict[str, str], errors: dict[str, str], chosen: set[int] | None,
          status: int = 200) -> Any:
    waiting = notices.awaiting(get_session())
    preview, uncovered = None, None
    try:
        starts = forms.load(WindowSchema(), {k: values.get(k, "")
                                             for k in ("starts_on", "working_days")})
        preview = notices.window_on(get_session(), starts["starts_on"], starts["working_days"])
    except forms.FormError:
        pass
    except CalendarNotCoveredError as exc:  # said before the officer fills in the rest
        uncovered = holiday_calendar.not_configured(exc.year)
    return render_template("publishing/new.html", waiting=waiting, values=values,
                           errors=errors, chosen=chosen, preview=preview, uncovered=uncovered,
                           total=sum(c.amount_due_fen for c in waiting
                                     if chosen is None or c.id in chosen)), status


@bp.get("/notices/new")
@login_required(Role.BUREAU)
def new() -> Any:
    """The claims awaiting notice, with count and total, and the batch's settings."""
    config = current_app.config
    today = runtime(current_app).clock().astimezone(notices.COUNTY_TIME).date()
    values = {"starts_on": today.isoformat(), "working_days": str(config["NOTICE_WORKING_DAYS"]),
              "title": notice_settings(current_app).title,
              "contact_office": config["NOTICE_CONTACT_OFFICE"],
              "contact_phone": config["NOTICE_CONTACT_PHONE"],
              "contact_address": config["NOTICE_CONTACT_ADDRESS"]}
    return _page(values, {}, None)


@bp.post("/notices")
@login_required(Role.BUREAU)
def publish() -> Any:
    """Publish: final. The rows and the PDF are stored and never change."""
    values = forms.values_of(request.form, drop=("csrf_token", "claim_ids"))
    chosen = {n for n in (whole(v, "claim_ids", low=1) for v in request.form.getlist("claim_ids"))
              if n is not None}
    try:
        data = forms.load(PublishSchema(), values, optional=("corrects",))
        batch = notices.publish(get_session(), runtime(current_app), current_actor(),
                                notice_settings(current_app), notices.BatchInput(
                                    data["starts_on"], data["working_days"],
                                    data["contact_office"], data["contact_phone"],
                                    data["contact_address"], data["title"],
                                    tuple(sorted(chosen)), data["corrects"]))
    except forms.FormError as exc:
        return _page(values, exc.errors, chosen, 422)
    except InvalidInputError as exc:
        return _page(values, dict(exc.errors), chosen, 422)
    flash(_("Notice %(number)s published with %(count)d claims.", number=batch.number,
            count=batch.row_count))
    return redirect(url_for("public.notice", batch_id=batch.id))
