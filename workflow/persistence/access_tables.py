"""Sign-in and abuse tables: bearer tokens, failed-login counters, rate limits and usernames held
back by refused registrations.

Kept beside `models` (which imports this module, so `Base.metadata` holds them) to keep that
module small.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.persistence.models import Base
from workflow.persistence.types import UTCDateTime


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The user's session epoch when issued: a token from before a revocation stays dead.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LoginCounter(Base):
    """Failed logins in a row of one account (the name as typed, so a name that does not
    exist counts like one that does) from one address, or with username "" failed logins of
    any account from the address. Updated by one atomic upsert per attempt
    (workflow.services.logins), so concurrent attempts are counted one after another."""

    __tablename__ = "login_counters"
    __table_args__ = (
        UniqueConstraint("username", "address"),
        Index("ix_login_counters_username", "username", "last_counted_at"),
        Index("ix_login_counters_last_counted_at", "last_counted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)  # the count started here
    # The last attempt counted: each counts as a failure until its password proves right.
    last_counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)  # no attempt before


class RateLimit(Base):
    """The recent requests of one key (an address, a user) against one limit: its row is locked
    while a request is counted, so every web process counts each request once
    (`workflow.services.limits`)."""

    __tablename__ = "rate_limits"
    __table_args__ = (UniqueConstraint("bucket", "key", name="uq_rate_limits_bucket_key"),
                      Index("ix_rate_limits_updated_at", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32))  # objection, registration, history_quote
    key: Mapped[str] = mapped_column(String(128))
    hits: Mapped[list[float]] = mapped_column(JSON)  # POSIX seconds within the window
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReservedUsername(Base):
    """A username asked for by a registration refused because its ID number already has an
    account: refused to the next registration as taken, as if the account had been made, so
    a second registration cannot tell the two apart."""

    __tablename__ = "reserved_usernames"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    reserved_at: Mapped[datetime] = mapped_column(UTCDateTime)
