"""The HR bureau publishes accepted claims as a public notice batch.

The window (last day, or why it is refused) is shown as soon as the first day and the working
days are given: htmx asks `publishing.window` for it on each change, and without JavaScript the
"show the window" button posts the form to `publishing.preview`, which shows the same page with
everything typed kept and publishes nothing. The rules are the service's (`notices.preview`),
the same ones publishing applies.
"""

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
from workflow.services import notices
from workflow.services.errors import InvalidInputError

bp = Blueprint("publishing", __name__, url_prefix="/bureau")


class WindowSchema(Schema):
    # How many working days a notice may run is the service's rule (a setting), said there.
    starts_on = fields.Date(required=True)
    working_days = fields.Integer(required=True)


class PublishSchema(WindowSchema):
    title = fields.String(load_default="", validate=validate.Length(max=128))
    contact_office = fields.String(required=True, validate=validate.Length(min=1, max=128))
    contact_phone = fields.String(required=True, validate=validate.Length(min=1, max=64))
    contact_address = fields.String(required=True, validate=validate.Length(min=1, max=256))
    corrects = fields.String(load_default=None, validate=validate.Length(max=64))


def _window(values: dict[str, str]) -> notices.WindowPreview | None:
    """The window the two fields give, or None while either is missing or malformed (the
    page then says what to fill in; a malformed one is said beside its field on publishing)."""
    try:
        given = forms.load(WindowSchema(), {k: values.get(k, "")
                                            for k in ("starts_on", "working_days")})
    except forms.FormError:
        return None
    today = runtime(current_app).clock().astimezone(notices.COUNTY_TIME).date()
    return notices.preview(get_session(), notice_settings(current_app), given["starts_on"],
                           given["working_days"], today)


def _page(values: dict[str, str], errors: dict[str, str], chosen: set[int] | None,
          status: int = 200) -> Any:
    waiting = notices.awaiting(get_session())
    return render_template("publishing/new.html", waiting=waiting, values=values,
                           errors=errors, chosen=chosen, window=_window(values),
                           minimum=notice_settings(current_app).min_working_days,
                           total=sum(c.amount_due_fen for c in waiting
                                     if chosen is None or c.id in chosen)), status


def _posted() -> tuple[dict[str, str], set[int]]:
    values = forms.values_of(request.form, drop=("csrf_token", "claim_ids"))
    return values, {n for n in (whole(v, "claim_ids", low=1)
                                for v in request.form.getlist("claim_ids")) if n is not None}


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


@bp.get("/notices/window")
@login_required(Role.BUREAU)
def window() -> Any:
    """The window's last day for a first day and a number of working days (htmx, as typed)."""
    values = forms.values_of(request.args)
    return render_template("publishing/_window.html", window=_window(values), errors={})


@bp.post("/notices/preview")
@login_required(Role.BUREAU)
def preview() -> Any:
    """The page again with the window of what was typed (without JavaScript); nothing is
    published and nothing typed or ticked is lost."""
    values, chosen = _posted()
    return _page(values, {}, chosen)


@bp.post("/notices")
@login_required(Role.BUREAU)
def publish() -> Any:
    """Publish: final. The rows and the PDF are stored and never change."""
    values, chosen = _posted()
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
