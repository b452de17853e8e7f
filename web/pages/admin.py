"""The administrator's area: users with their roles and scopes.

The policy pages live in `web.pages.policy_admin`, on this blueprint."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import fields, validate
from sqlalchemy import select

from web.auth import current_actor, fresh_session, login_required
from web.db import get_session, runtime
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from web.pages import forms
from workflow.domain.access import Role
from workflow.persistence.models import User
from workflow.services import users
from workflow.services.errors import InvalidInputError, NotFoundError

bp = Blueprint("admin", __name__, url_prefix="/admin")


class UserSchema(Schema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_.-]{2,64}$", error="2 to 64 letters, digits, '.', '_' or '-'"))
    password = fields.String(required=True, validate=validate.Length(min=8, max=256))
    full_name = fields.String(required=True, validate=validate.Length(min=1, max=64))
    role = fields.String(required=True, validate=validate.OneOf(
        [r.value for r in Role if r != Role.PUBLIC]))
    scope = fields.String(load_default=None)
    id_number = fields.String(load_default=None, validate=validate.Length(max=18))


class UserUpdateSchema(Schema):
    role = UserSchema().fields["role"]
    scope = fields.String(load_default=None)
    active = fields.Boolean(load_default=False)
    password = fields.String(load_default=None, validate=validate.Length(min=8, max=256))
    id_number = UserSchema().fields["id_number"]


def _users_page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    query = select(User).order_by(User.role, User.username)
    role = request.args.get("role", "")
    if role:
        query = query.where(User.role == role)
    rows = get_session().scalars(query.limit(500))
    return render_template("admin/users.html", users=list(rows), values=values,
                           errors=errors, role=role), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required(Role.ADMIN)
def users_edit(user_id: int) -> Any:
    """Change a user's role, scope, status or password."""
    user = get_session().get(User, user_id)
    if user is None:
        raise NotFoundError("no such user")
    if request.method == "GET":
        values = {"role": user.role, "scope": user.scope or "",
                  "active": "y" if user.active else ""}
        return render_template("admin/user.html", user=user, values=values, errors={})
    values = forms.values_of(request.form, drop=("csrf_token", "password"))
    raw = {**values, **({"password": request.form["password"]}
                        if request.form.get("password") else {})}
    try:
        data = forms.load(UserUpdateSchema(), raw, optional=("scope", "id_number"))
        users.update_user(get_session(), current_actor(), user.id, data["role"], data["scope"],
                          data["active"], data["password"], id_number=data["id_number"])
        if user.id == current_actor().user_id:  # a new password of one's own: keep this session
            fresh_session(user)
    except forms.FormError as exc:
        return render_template("admin/user.html", user=user, values=values,
                               errors=exc.errors), 422
    except InvalidInputError as exc:
        return render_template("admin/user.html", user=user, values=values,
                               errors=dict(exc.errors)), 422
    flash(_("User %(name)s updated.", name=user.username))
    return redirect(url_for("admin.users_list"))


@bp.get("/users")
@login_required(Role.ADMIN)
def users_list() -> Any:
    """Every account with its role and scope, and the form to add one."""
    return _users_page({}, {})


@bp.post("/users")
@login_required(Role.ADMIN)
def users_create() -> Any:
    """Create an account; an applicant's needs the holder's ID number."""
    values = forms.values_of(request.form, drop=("csrf_token", "password"))
    try:
        data = forms.load(UserSchema(), {**values, "password": request.form.get("password", "")},
                          optional=("scope", "id_number"))
        users.create_user(get_session(), data["username"], data["password"], data["role"],
                          data["full_name"], runtime(current_app).clock(), scope=data["scope"],
                          id_number=data["id_number"])
    except forms.FormError as exc:
        return _users_page(exc.values, exc.errors, 422)
    except InvalidInputError as exc:
        return _users_page(values, dict(exc.errors), 422)
    flash(_("User %(name)s created.", name=values["username"]))
    return redirect(url_for("admin.users_list"))


