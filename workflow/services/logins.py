"""Logging in under the throttle of workflow.domain.login_throttle.

Counts are rows in the database (`login_counters`), so the limits hold across every web
process. Each attempt is counted as a failure before the password is checked, by one upsert
per row that also checks the row allows an attempt now (INSERT ... ON CONFLICT DO UPDATE ...
WHERE ... RETURNING, on SQLite and PostgreSQL alike); a success gives the attempt back. The
rows stay locked until the request commits (PostgreSQL; SQLite writes one transaction at a
time anyway), so concurrent attempts of one account from one address are evaluated one after
another, and a burst evaluates no more passwords than the throttle allows. A refused attempt
changes nothing: the caller rolls its transaction back.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from workflow.domain.login_throttle import LoginPolicy
from workflow.persistence.models import LoginCounter, User
from workflow.persistence.types import UTCDateTime
from workflow.services import users
from workflow.services.errors import InvalidInputError, RateLimitedError

ANY_ACCOUNT = ""  # the username of an address's row counting every account
PAIR_DELAYED = "too many failed logins for this account from your address; wait and try again"
ADDRESS_LOCKED = "too many failed logins from this address; try again later"
_COUNTER = cast(Table, LoginCounter.__table__)
_SWEEP = 100  # stale rows deleted by one attempt at most


def log_in(session: Session, username: str, password: str, address: str, now: datetime,
           policy: LoginPolicy) -> User | None:
    """The user with these credentials, or None; RateLimitedError (nothing counted) while the
    account waits at this address or the address is stopped.

    The caller commits a wrong password's count even when answering an error."""
    username, address = username[:64], (address or "unknown")[:64]
    if not username:
        raise InvalidInputError({"username": "Missing data for required field."})
    under_attack = _under_attack(session, username, now, policy)
    _count_for_address(session, address, now, policy)
    failures = _count_for_pair(session, username, address, now, policy)
    user = users.authenticate(session, username, password)
    if user is None:
        wait = policy.delay(failures, under_attack)
        if wait:
            session.execute(update(LoginCounter).where(*_pair(username, address))
                            .values(not_before=now + wait)
                            .execution_options(synchronize_session=False))
    else:
        _give_back(session, username, address)
    _sweep(session, now - policy.keep)
    return user


def _pair(username: str, address: str) -> tuple[ColumnElement[bool], ...]:
    return LoginCounter.username == username, LoginCounter.address == address


def _upsert(session: Session, values: dict[str, Any], set_: dict[str, Any],
            where: ColumnElement[bool]) -> int | None:
    """Insert the row, or update it where `where` holds; the row's failures, None if refused."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(_COUNTER).values(**values).on_conflict_do_update(
        index_elements=["username", "address"], set_=set_, where=where,
    ).returning(_COUNTER.c.failures)
    return session.execute(statement).scalar()  # type: ignore[no-any-return]


def _count_for_address(session: Session, address: str, now: datetime,
                       policy: LoginPolicy) -> None:
    """Count one failure from the address (any account), unless it is stopped."""
    at = literal(now, UTCDateTime())
    expired = _COUNTER.c.window_start <= now - policy.window
    counted = _upsert(
        session,
        {"username": ANY_ACCOUNT, "address": address, "failures": 1, "window_start": now,
         "last_counted_at": now},
        {"failures": case((expired, 1), else_=_COUNTER.c.failures + 1),
         "window_start": case((expired, at), else_=_COUNTER.c.window_start),
         "last_counted_at": at},
        or_(expired, _COUNTER.c.failures < policy.address_failures))
    if counted is None:
        start = session.scalar(select(LoginCounter.window_start)
                               .where(*_pair(ANY_ACCOUNT, address)))
        raise RateLimitedError(ADDRESS_LOCKED, _seconds(start + policy.window - now
                                                        if start else policy.window))


def _count_for_pair(session: Session, username: str, address: str, now: datetime,
                    policy: LoginPolicy) -> int:
    """Count one failure of the account from the address, unless it must wait; the count."""
    at = literal(now, UTCDateTime())
    forgotten = _COUNTER.c.last_counted_at <= now - policy.keep
    counted = _upsert(
        session,
        {"username": username, "address": address, "failures": 1, "window_start": now,
         "last_counted_at": now},
        {"failures": case((forgotten, 1), else_=_COUNTER.c.failures + 1),
         "window_start": case((forgotten, at), else_=_COUNTER.c.window_start),
         "last_counted_at": at},
        or_(_COUNTER.c.not_before.is_(None), _COUNTER.c.not_before <= now))
    if counted is None:
        until = session.scalar(select(LoginCounter.not_before).where(*_pair(username, address)))
        raise RateLimitedError(PAIR_DELAYED, _seconds(until - now if until else timedelta(0)))
    return counted


def _under_attack(session: Session, username: str, now: datetime,
                  policy: LoginPolicy) -> bool:
    """Whether the account failed `account_alarm` times within the window, from anywhere.

    Read without a lock: it only takes free failures away, so a count a moment old will do."""
    total = session.scalar(select(func.coalesce(func.sum(LoginCounter.failures), 0)).where(
        LoginCounter.username == username, LoginCounter.last_counted_at > now - policy.window))
    return bool(total and total >= policy.account_alarm)


def _give_back(session: Session, username: str, address: str) -> None:
    """A success: the pair starts over, and the address's count loses this attempt."""
    session.execute(delete(LoginCounter).where(*_pair(username, address))
                    .execution_options(synchronize_session=False))
    session.execute(update(LoginCounter).where(*_pair(ANY_ACCOUNT, address))
                    .values(failures=case((LoginCounter.failures > 0, LoginCounter.failures - 1),
                                          else_=0))
                    .execution_options(synchronize_session=False))


def _sweep(session: Session, before: datetime) -> None:
    """Delete a few rows nothing counts any more; rows another attempt holds are skipped (not
    waited for: SKIP LOCKED, PostgreSQL)."""
    stale = (select(LoginCounter.id).where(LoginCounter.last_counted_at < before)
             .limit(_SWEEP).with_for_update(skip_locked=True))
    session.execute(delete(LoginCounter).where(LoginCounter.id.in_(stale))
                    .execution_options(synchronize_session=False))


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))
