"""The policy's tables set by administrators: amounts the source lost, targets, budgets, and
the versions of a pack's table with their changes.

Kept beside `models` (which imports this module, so `Base.metadata` holds them) to keep that
module small.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.persistence.models import Base
from workflow.persistence.types import UTCDateTime


class PolicyAmount(Base):
    """An amount the source document lost, set by an administrator (never guessed by code).

    Keyed by pack, pack version and catalogue entry; a claim priced under an earlier setting
    keeps the amount it was accepted with.
    """

    __tablename__ = "policy_amounts"
    __table_args__ = (UniqueConstraint("pack_id", "pack_version", "entry_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(32))
    pack_version: Mapped[int] = mapped_column(Integer)
    entry_code: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TargetValue(Base):
    """A target value set by an administrator, over the one the source document gives (or
    lost). Keyed by pack, target code and the target's first year; audited when set."""

    __tablename__ = "target_values"
    __table_args__ = (UniqueConstraint("pack_id", "code", "first_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(64))
    first_year: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Budget(Base):
    """The subsidy budget of a pack for a year: not in the sources, "not configured" until an
    administrator sets it (audited)."""

    __tablename__ = "budgets"
    __table_args__ = (UniqueConstraint("pack_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PolicyVersion(Base):
    """A version of a policy pack after the first (version 1 is the code's table): a draft an
    administrator edits, then scheduled from a date and never changed again.

    At most one draft per pack (a partial unique index); a discarded draft is deleted, and the
    audit event keeps what it held.
    """

    __tablename__ = "policy_versions"
    __table_args__ = (
        UniqueConstraint("pack_id", "version"),
        Index("uq_policy_versions_draft", "pack_id", unique=True,
              sqlite_where=text("status = 'draft'"), postgresql_where=text("status = 'draft'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # draft, scheduled
    effective_from: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    scheduled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PolicyChange(Base):
    """One change of a version: a catalogue entry added (as the new document gives it) or
    retired, with the clause that makes the change."""

    __tablename__ = "policy_changes"
    __table_args__ = (UniqueConstraint("version_id", "entry_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # add, retire
    entry_code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128), default="")
    group_name: Mapped[str] = mapped_column(String(128), default="")
    amount_fen: Mapped[int | None] = mapped_column(Integer)
    department: Mapped[str] = mapped_column(String(32), default="")
    clause: Mapped[str] = mapped_column(String(256))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
