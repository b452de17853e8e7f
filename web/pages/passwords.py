"""Forgotten passwords (a code by SMS, or in person at the township) and choosing a new one.

A one-time password from the township must be changed at the next login: until it is, the
account reaches nothing but the change page and logging out (pages redirect there; the API
answers 403 `password_change_required`).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from marshmallow import fields, validate

from web.api.schemas import _id_number
from web.auth import UnauthorizedError, current_actor, fresh_session, log_in, login_required
from web.db import get_session, keep_on_error, runtime
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from web.messaging import reset_limits, sms_enabled
from web.pages import forms
from workflow.domain.access import Role
from workflow.services import password_resets, users
from workflow.services.errors import InvalidInputError, RateLimitedError

bp = Blueprint("passwords", __name__)
# What an account with a password to change may still reach.
OPEN = frozenset({"passwords.change", "account.logout", "api.logout", "static", "health"})
WRONG_PASSWORD = "wrong password"


class ForgotSchema(Schema):
    account = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ResetSchema(ForgotSchema):
    code = fields.String(required=True, validate=validate.Regexp(
        r"^\d{6}$", error="the 6-digit code from the SMS"))
    password = fields.String(required=True, validate=validate.Length(min=8, max=256))


class ChangeSchema(Schema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    password = fields.String(required=True, validate=validate.Length(min=8, max=256))


class InPersonSchema(Schema):
    id_number = fields.String(required=True, validate=_id_number)
    full_name = fields.String(required=True, validate=validate.Length(min=1, max=64))
    checked = fields.Boolean(load_default=False)


@bp.before_app_request
def _password_change_first() -> Any:
    """An account holding a one-time password does nothing else until it chooses its own."""
    if request.endpoint in OPEN or request.endpoint is None:
        return None
    if "user_id" not in session and not request.headers.get("Authorization", "").startswith(
            "Bearer "):
        return None
    try:
        current_actor()
    except UnauthorizedError:
        return None  # the route answers as it always did
    if not g.get("must_change_password"):
        return None
    if request.path.startswith("/api/"):
        return jsonify({"error": "password_change_required", "message":
                        "log in on the website and choose a new password first"}), 403
    return redirect(url_for("passwords.change"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> Any:
    """Ask for a reset code by SMS; without SMS, where to reset the password in person."""
    enabled = sms_enabled(current_app)
    if request.method == "GET" or not enabled:
        return render_template("passwords/forgot.html", values={}, errors={}, enabled=enabled)
    values = forms.values_of(request.form)
    try:
        data = forms.load(ForgotSchema(), values)
        password_resets.request_code(get_session(), data["account"], request.remote_addr or "",
                                     runtime(current_app).clock(), reset_limits(current_app))
    except forms.FormError as exc:
        return render_template("passwords/forgot.html", values=values, errors=exc.errors,
                               enabled=enabled), 422
    except RateLimitedError as exc:
        return render_template("passwords/forgot.html", values=values, enabled=enabled,
                               errors={"_form": exc.message}), 429, {
            "Retry-After": str(exc.retry_after or 60)}
    session["reset_account"] = data["account"]
    wake = current_app.extensions.get("butie.ticker_wake")
    if wake is not None:  # the development server sends it now rather than in a few seconds
        wake.set()
    flash(_("If an applicant account matches, a 6-digit code is on its way by SMS to its mobile "
            "number. It is valid for 10 minutes."))
    return redirect(url_for("passwords.reset"))


@bp.route("/password/reset", methods=["GET", "POST"])
def reset() -> Any:
    """Choose a new password with the code from the SMS."""
    if request.method == "GET":
        return render_template("passwords/reset.html", errors={},
                               values={"account": session.get("reset_account", "")})
    values = forms.values_of(request.form, drop=("csrf_token", "password"))
    try:
        data = forms.load(ResetSchema(), {**values, "password": request.form.get("password", "")})
        password_resets.reset_with_code(get_session(), data["account"], data["code"],
                                        data["password"], runtime(current_app).clock())
    except forms.FormError as exc:
        return render_template("passwords/reset.html", values=values, errors=exc.errors), 422
    except InvalidInputError as exc:
        keep_on_error()  # a wrong code counts one of its tries
        return render_template("passwords/reset.html", values=values,
                               errors=dict(exc.errors)), 422
    fresh_session(None)
    flash(_("Your password is changed and every device that was logged in is logged out. Log "
            "in with the new password."))
    return redirect(url_for("account.login"))


@bp.route("/password/change", methods=["GET", "POST"])
@login_required()
def change() -> Any:
    """Choose a new password (first of all after a one-time password from the township)."""
    must = bool(g.get("must_change_password"))
    if request.method == "GET":
        return render_template("passwords/change.html", errors={}, must=must)
    db, actor = get_session(), current_actor()
    user = users.get_user(db, actor.user_id)
    assert user is not None  # current_actor found the live account
    try:
        data = forms.load(ChangeSchema(), {k: request.form.get(k, "") for k in (
            "current_password", "password")})
        if log_in(user.username, data["current_password"]) is None:  # under the throttle
            raise InvalidInputError({"current_password": WRONG_PASSWORD})
        users.change_own_password(db, user, data["password"], runtime(current_app).clock())
    except forms.FormError as exc:
        return render_template("passwords/change.html", errors=exc.errors, must=must), 422
    except InvalidInputError as exc:
        return render_template("passwords/change.html", errors=dict(exc.errors), must=must), 422
    except RateLimitedError as exc:
        return render_template("passwords/change.html", errors={"_form": exc.message},
                               must=must), 429, {"Retry-After": str(exc.retry_after or 60)}
    fresh_session(user)  # this session goes on; every other one ended
    flash(_("Your new password is set. Every other device that was logged in is logged out."))
    return redirect(url_for("account.home"))


@bp.route("/township/password-reset", methods=["GET", "POST"])
@login_required(Role.TOWNSHIP)
def in_person() -> Any:
    """Reset the password of an applicant of this township, their ID card in front of you."""
    if request.method == "GET":
        return render_template("passwords/in_person.html", values={}, errors={})
    values = forms.values_of(request.form)
    try:
        data = forms.load(InPersonSchema(), values, optional=("checked",))
        user, password = password_resets.reset_in_person(
            get_session(), current_actor(), data["id_number"], data["full_name"],
            data["checked"], runtime(current_app).clock())
    except forms.FormError as exc:
        return render_template("passwords/in_person.html", values=values,
                               errors=exc.errors), 422
    except InvalidInputError as exc:
        return render_template("passwords/in_person.html", values=values,
                               errors=dict(exc.errors)), 422
    # Shown once, never stored: not to be kept by any cache either.
    return render_template("passwords/in_person_done.html", user=user, password=password), 200, {
        "Cache-Control": "no-store"}
