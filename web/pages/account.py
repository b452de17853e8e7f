"""Logging in and out, registering as an applicant, choosing the language, the home page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from web.api.schemas import LoginSchema, RegisterSchema
from web.auth import current_actor, fresh_session, log_in, log_out
from web.db import get_session, hourly_limit, runtime
from web.i18n import switching_language
from web.pages import forms
from workflow.domain.access import Role
from workflow.services import users
from workflow.services.errors import InvalidInputError, RateLimitedError

bp = Blueprint("account", __name__)

HOME = {Role.APPLICANT: "claims.mine", Role.ADMIN: "admin.users_list",
        Role.ENTERPRISE: "enterprise.claims",
        Role.PUBLIC: "public.notices_archive"}


@bp.get("/")
def home() -> Any:
    """Each role starts where its work is."""
    return redirect(url_for(HOME.get(current_actor().role, "review.queue")))


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never bounce a user to another host after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Log in with username and password."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = forms.values_of(request.form, drop=("csrf_token", "password"))
        try:
            data = forms.load(LoginSchema(), {**values, "password": request.form.get(
                "password", "")})
            user = log_in(data["username"], data["password"])
            if user is not None:
                fresh_session(user)
                if user.must_change_password:  # a one-time password from the township
                    return redirect(url_for("passwords.change"))
                return redirect(_safe_next(request.args.get("next")) or url_for("account.home"))
            errors = {"_form": _("Wrong username or password.")}
        except forms.FormError as exc:
            errors = exc.errors
        except RateLimitedError as exc:
            wait = exc.retry_after or 60
            return render_template("account/login.html", values=values, retry_after=wait,
                                   errors={"_form": exc.message}), 429, {"Retry-After": str(wait)}
    status = 422 if errors else 200
    return render_template("account/login.html", values=values, errors=errors), status


@bp.post("/logout")
def logout() -> Any:
    """End this user's sessions (every one of them: see `log_out`)."""
    log_out()
    flash(_("You are logged out."))
    return redirect(url_for("account.login"))


def _register_form(values: dict[str, str], errors: dict[str, str],
                   status: int = 200) -> tuple[str, int]:
    return render_template("account/register.html", values=values, errors=errors,
                           lang_form="register-form"), status


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    """A worker creates an applicant account with their own name and ID number. The answer
    is the same whether or not the ID number already has an account (then none is made, and
    its holder is told): so the new account is not logged in here, the worker logs in."""
    if request.method == "GET":
        return _register_form({}, {})
    values = forms.values_of(request.form, drop=("csrf_token", "password", "lang"))
    if switching_language():  # the form comes back in the other language, as it was typed
        return _register_form(values, {})
    try:
        data = forms.load(RegisterSchema(), {**values, "password": request.form.get(
            "password", "")})
        users.register(get_session(), data["username"], data["password"], data["full_name"],
                       data["id_number"], data["phone"], runtime(current_app).clock(),
                       request.remote_addr or "",
                       hourly_limit(current_app, "REGISTRATIONS_PER_HOUR"))
    except forms.FormError as exc:
        # Every problem in one answer: the rules' too, for the fields the schema passed.
        errors = {**users.registration_problems(
            get_session(), values.get("username", ""), request.form.get("password", ""),
            values.get("full_name", ""), values.get("id_number", ""), values.get("phone", "")),
            **exc.errors}
        return _register_form(values, errors, 422)
    except InvalidInputError as exc:
        return _register_form(values, dict(exc.errors), 422)
    except RateLimitedError as exc:
        return *_register_form(values, {"_form": exc.message}, 429), \
            {"Retry-After": str(exc.retry_after or 60)}
    fresh_session(None)
    flash(_("Registration received. Log in with your username and password to file a claim. "
            "One account per ID number: if this number already has one, no new account is "
            "made and its holder is told."))
    return redirect(url_for("account.login"))
