"""Who is asking: a bearer token (API clients) or the session cookie (browsers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, request, session

from web.db import get_session, keep_on_error, runtime
from workflow.domain.access import Actor, Role
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
        user = get_session().get(User, session["user_id"])
        if user is None or not user.active:
            session.clear()
    g.actor = users.actor_of(user) if user is not None else ANONYMOUS
    return g.actor  # type: ignore[no-any-return]


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


def log_in(username: str, password: str) -> User | None:
    """Check credentials under the login throttle; the attempt is kept whatever the answer."""
    config = current_app.config
    lockout = timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
    policy = logins.LoginPolicy(config["LOGIN_MAX_FAILURES"],
                                config["LOGIN_MAX_FAILURES_PER_ADDRESS"], lockout, lockout)
    keep_on_error()
    return logins.log_in(get_session(), username, password, request.remote_addr or "",
                         runtime(current_app).clock(), policy)
