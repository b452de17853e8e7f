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
from web.db import get_session, runtime
from web.pages import forms
from workflow.domain.access import Role
from workflow.services import users
from workflow.services.errors import InvalidInputError, RateLimitedError

bp = Blueprint("account", __name__)

HOME = {Role.APPLICANT: "claims.mine", Role.ADMIN: "admin.users_list",
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


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    """A worker creates an applicant account with their own name and ID number."""
    if request.method == "GET":
        return render_template("account/register.html", values={}, errors={})
    values = forms.values_of(request.form, drop=("csrf_token", "password"))
    try:
        data = forms.load(RegisterSchema(), {**values, "password": request.form.get(
            "password", "")})
        user = users.create_user(get_session(), data["username"], data["password"], "applicant",
                                 data["full_name"], runtime(current_app).clock(),
                                 id_number=data["id_number"], phone=data["phone"])
    except forms.FormError as exc:
        return render_template("account/register.html", values=values, errors=exc.errors), 422
    except InvalidInputError as exc:
        return render_template("account/register.html", values=values,
                               errors=dict(exc.errors)), 422
    fresh_session(user)
    flash(_("Your account is ready. You can file a claim now."))
    return redirect(url_for("claims.mine"))
