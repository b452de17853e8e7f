"""Logging in with a throttle: repeated failures lock the account, and then the address,
for a while (OWASP Authentication Cheat Sheet, "Protect against automated attacks").

Attempts are rows in the database, so the limits hold across every web process. A locked
account is refused before its password is checked, so guessing goes no further; a correct
password clears the account's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from workflow.persistence.models import LoginAttempt, User
from workflow.services import users
from workflow.services.errors import RateLimitedError

KEEP = timedelta(days=1)
ACCOUNT_LOCKED = "too many failed logins for this account; try again later"
ADDRESS_LOCKED = "too many failed logins from this address; try again later"


@dataclass(frozen=True)
class LoginPolicy:
    account_failures: int = 5  # failures in a row within `window` that lock the account
    address_failures: int = 20  # failures from one address within `window`
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)


def log_in(session: Session, username: str, password: str, address: str, now: datetime,
           policy: LoginPolicy) -> User | None:
    """The user with these credentials, or None; RateLimitedError while locked out.

    The attempt is recorded either way: the caller commits it even when answering an error.
    """
    username, address = username[:64], (address or "unknown")[:64]
    _refuse_if_locked(session, username, address, now, policy)
    user = users.authenticate(session, username, password)
    session.add(LoginAttempt(username=username, address=address, at=now,
                             succeeded=user is not None))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP))
    return user


def _refuse_if_locked(session: Session, username: str, address: str, now: datetime,
                      policy: LoginPolicy) -> None:
    since = now - policy.window
    last_success = session.scalar(select(func.max(LoginAttempt.at)).where(
        LoginAttempt.username == username, LoginAttempt.succeeded))
    if last_success is not None and last_success > since:
        since = last_success
    failures = list(session.scalars(
        select(LoginAttempt.at).where(LoginAttempt.username == username,
                                      LoginAttempt.at > since, ~LoginAttempt.succeeded)
        .order_by(LoginAttempt.at.desc()).limit(policy.account_failures)))
    if len(failures) >= policy.account_failures and now < failures[0] + policy.lockout:
        raise RateLimitedError(ACCOUNT_LOCKED, _seconds(failures[0] + policy.lockout - now))
    from_address = list(session.scalars(
        select(LoginAttempt.at).where(LoginAttempt.address == address,
                                      LoginAttempt.at > now - policy.window,
                                      ~LoginAttempt.succeeded)
        .order_by(LoginAttempt.at.desc()).limit(policy.address_failures)))
    if len(from_address) >= policy.address_failures:
        raise RateLimitedError(ADDRESS_LOCKED,
                               _seconds(from_address[-1] + policy.window - now))


def _seconds(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))
