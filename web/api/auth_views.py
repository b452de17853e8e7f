"""Logging in and registering."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from marshmallow import ValidationError

from web.api import bp
from web.api.schemas import LoginSchema, RegisterSchema
from web.auth import (
    UnauthorizedError,
    current_actor,
    fresh_session,
    log_in,
    log_out,
    login_required,
)
from web.db import get_session, hourly_limit, runtime
from workflow.services import users
from workflow.services.users import TOKEN_LIFETIME


def _user_body(user: Any) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "role": user.role, "scope": user.scope,
            "full_name": user.full_name}


@bp.post("/auth/login")
def login() -> Any:
    """Log in: a bearer token for API clients and a session cookie for browsers."""
    data = LoginSchema().load(request.get_json(force=False) or {})
    user = log_in(data["username"], data["password"])
    if user is None:
        raise UnauthorizedError("wrong username or password")
    token = users.issue_token(get_session(), user, runtime(current_app).clock())
    fresh_session(user)
    return {"token": token, "expires_in": int(TOKEN_LIFETIME.total_seconds()),
            "user": _user_body(user)}


@bp.post("/auth/logout")
def logout() -> Any:
    """End the caller's session cookies and bearer tokens, every one of them."""
    log_out()
    return {"ok": True}


@bp.post("/auth/register")
def register() -> Any:
    """An applicant creates an account with their own name and ID number. The answer is the
    same whether or not the ID number already has an account (then none is made)."""
    body = request.get_json() or {}
    try:
        data = RegisterSchema().load(body)
    except ValidationError as exc:  # every problem in one answer, the rules' too
        raise ValidationError({**_rule_problems(body), **exc.normalized_messages()}) from exc
    users.register(get_session(), data["username"], data["password"], data["full_name"],
                   data["id_number"], data["phone"], runtime(current_app).clock(),
                   request.remote_addr or "", hourly_limit(current_app, "REGISTRATIONS_PER_HOUR"))
    return {"message": users.REGISTERED}, 202


def _rule_problems(body: Any) -> dict[str, list[str]]:
    """What the account rules refuse in a body the schema refused, per field."""
    if not isinstance(body, dict):
        return {}
    text = {k: v if isinstance(v, str) else "" for k, v in body.items()}
    found = users.registration_problems(
        get_session(), text.get("username", ""), text.get("password", ""),
        text.get("full_name", ""), text.get("id_number", ""), text.get("phone", ""))
    return {field: [message] for field, message in found.items()}


@bp.get("/auth/me")
@login_required()
def me() -> Any:
    """Who the caller is."""
    actor = current_actor()
    return {"id": actor.user_id, "role": actor.role, "scope": actor.scope,
            "full_name": actor.name}
