"""The administrator's area: users with their roles and scopes.

The policy pages live in `web.pages.policy_admin`, on this blueprint."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from web.auth import current_actor, fresh_session, login_required
from web.db import get_session, runtime
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from web.pages import forms, labels
from workflow.domain.access import ASSIGNED_ROLES, Role
from workflow.domain.departments import DEPARTMENTS
from workflow.domain.townships import TOWNSHIPS
from workflow.services import user_lists, users
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


class UsersQuerySchema(Schema):
    """The list's search, filters and page, as the page's GET form names them."""

    search = fields.String(load_default="", data_key="q", validate=validate.Length(max=64))
    role = fields.String(load_default=None, validate=validate.OneOf(user_lists.ROLES))
    scope = fields.String(load_default=None, validate=validate.OneOf([*TOWNSHIPS,
                                                                      *DEPARTMENTS]))
    active = fields.String(load_default=None, validate=validate.OneOf(list(user_lists.ACTIVE)))
    limit = fields.Integer(load_default=user_lists.PAGE,
                           validate=validate.Range(min=1, max=user_lists.MAX_PAGE))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0,
                                                                    max=user_lists.MAX_OFFSET))


def _listing() -> dict[str, Any]:
    """The page of accounts the query string asks for; bad filters are said beside their
    fields and the list is shown unfiltered (as the queue does)."""
    raw = {k: v for k, v in forms.values_of(request.args).items() if v != ""}
    try:
        args, errors = UsersQuerySchema().load(raw), {}
    except ValidationError as exc:
        args, errors = UsersQuerySchema().load({}), forms.field_errors(exc.messages)
    active = args.pop("active")
    query = user_lists.UserFilter(**args, active=None if active is None
                                  else user_lists.ACTIVE[active])
    found = user_lists.page(get_session(), current_actor(), query,
                            runtime(current_app).clock())
    return {"found": found, "filters": raw, "filter_errors": errors, "offset": query.offset,
            "limit": query.limit, "count_limit": user_lists.COUNT_LIMIT,
            "max_offset": user_lists.MAX_OFFSET,
            "export_params": {k: v for k, v in raw.items() if k in user_lists.EXPORT_PARAMS}}


def _role_choices(role: str | None = None) -> list[tuple[str, Any]]:
    """The roles the form offers: those an administrator gives (an enterprise registers
    itself), or an enterprise's own account its role alone."""
    roles = (Role.ENTERPRISE,) if role == Role.ENTERPRISE else ASSIGNED_ROLES
    return [(r.value, labels.ROLES.get(r.value, r.value)) for r in roles]


def _users_page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    return render_template("admin/users.html", values=values, errors=errors,
                           role_choices=_role_choices(), **_listing()), status


def _user_page(user: Any, values: dict[str, str], errors: dict[str, str],
               status: int = 200) -> Any:
    return render_template("admin/user.html", user=user, values=values, errors=errors,
                           role_choices=_role_choices(user.role)), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required(Role.ADMIN)
def users_edit(user_id: int) -> Any:
    """Change a user's role, scope, status or password."""
    user = users.get_user(get_session(), user_id)
    if user is None:
        raise NotFoundError("no such user")
    if request.method == "GET":
        values = {"role": user.role, "scope": user.scope or "",
                  "active": "y" if user.active else ""}
        return _user_page(user, values, {})
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
        return _user_page(user, values, exc.errors, 422)
    except InvalidInputError as exc:
        return _user_page(user, values, dict(exc.errors), 422)
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
                          id_number=data["id_number"], assigned=True)
    except forms.FormError as exc:
        return _users_page(exc.values, exc.errors, 422)
    except InvalidInputError as exc:
        return _users_page(values, dict(exc.errors), 422)
    flash(_("User %(name)s created.", name=values["username"]))
    return redirect(url_for("admin.users_list"))


