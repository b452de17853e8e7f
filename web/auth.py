"""Who is asking: a bearer token (API clients) or the session cookie (browsers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, request, session

from web.db import get_session, keep_on_error, runtime
from workflow.domain.access import Actor, Role
from workflow.domain.login_throttle import LoginPolicy
from workflow.persistence.models import User
from workflow.services import logins, users
from workflow.services.errors import ForbiddenError, ServiceError

F = TypeVar("F", bound=Callable[..., Any])
ANONYMOUS = Actor(None, Role.PUBLIC)


class UnauthorizedError(ServiceError):
    """No valid credentials."""


def current_actor() -> Actor:
    """The authenticated actor of this request, or the anonymous public."""
    if "actor" in g:
        return g.actor  # type: ignore[no-any-return]
    user: User | None = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        now = runtime(current_app).clock()
        user = users.user_for_token(get_session(), header.removeprefix("Bearer ").strip(), now)
        if user is None:
            raise UnauthorizedError("the token is not valid or has expired")
    elif "user_id" in session:
        # A cookie issued before a logout, a new password, deactivation or a change of role or
        # scope carries an older epoch than the user's: it is dead (users.end_sessions).
        user = users.live_user(get_session(), session["user_id"], session.get("epoch"))
        if user is None:
            fresh_session(None)
    g.actor = users.actor_of(user) if user is not None else ANONYMOUS
    # A one-time password from the township: nothing but choosing a new one until it is done.
    g.must_change_password = bool(user is not None and user.must_change_password)
    return g.actor  # type: ignore[no-any-return]


def fresh_session(user: User | None) -> None:
    """A new session (no fixation across log in or out) that keeps the chosen language; a
    logged-in one carries the user's session epoch."""
    lang = session.get("lang")
    session.clear()
    if user is not None:
        session["user_id"] = user.id
        session["epoch"] = user.session_epoch
    if lang:
        session["lang"] = lang


def log_out() -> None:
    """End every session and token of the caller, wherever they were issued: a copy of this
    cookie (or one on another device) stops working, not only the one in this browser."""
    actor = current_actor()
    if actor.user_id is not None:
        users.end_sessions(get_session(), actor.user_id)
    fresh_session(None)


def login_required(*roles: Role) -> Callable[[F], F]:
    """Refuse anonymous callers (401) and, when roles are given, other roles (403)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            actor = current_actor()
            if actor.role == Role.PUBLIC:
                raise UnauthorizedError("log in first")
            if roles and actor.role not in roles:
                raise ForbiddenError("your role may not do this")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def login_policy() -> LoginPolicy:
    """The throttle the settings describe (web.config, BUTIE_LOGIN_*)."""
    config = current_app.config
    return LoginPolicy(
        free_failures=config["LOGIN_FREE_FAILURES"],
        first_delay=timedelta(seconds=config["LOGIN_FIRST_DELAY_SECONDS"]),
        max_delay=timedelta(minutes=config["LOGIN_MAX_DELAY_MINUTES"]),
        address_failures=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
        account_alarm=config["LOGIN_ACCOUNT_ALARM"])


def log_in(username: str, password: str) -> User | None:
    """Check credentials under the login throttle. A refused attempt (429) counted nothing and
    is rolled back; an evaluated one is kept whatever the answer."""
    user = logins.log_in(get_session(), username, password, request.remote_addr or "",
                         runtime(current_app).clock(), login_policy())
    keep_on_error()
    return user
