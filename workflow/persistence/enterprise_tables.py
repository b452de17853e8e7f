"""Enterprises and the rosters of workers they file claims for (issue 19 item 3).

Kept beside `models` (which imports this module, so `Base.metadata` holds them) to keep that
module small. The enterprise's bank account is sealed and hashed as an applicant's is on a
claim; a worker's ID number too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from workflow.persistence.crypto import EncryptedString, keyring_of
from workflow.persistence.models import SEALED, Base
from workflow.persistence.types import UTCDateTime


class Enterprise(Base):
    """An enterprise account's details: the user who logs in for it has the role
    `enterprise`; one enterprise per credit code."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)  # 统一社会信用代码
    # What the organisation is (workflow.domain.organisations): what it may file.
    org_type: Mapped[str] = mapped_column(String(24), default="enterprise",
                                          server_default="enterprise")
    township: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(20))
    bank_name: Mapped[str] = mapped_column(String(64))
    account_number: Mapped[str] = mapped_column(EncryptedString(SEALED))
    account_number_hash: Mapped[str] = mapped_column(String(32), index=True)
    account_holder: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RosterRow(Base):
    """One worker on an enterprise's claim. `slot` is the subsidy the row takes (the roster
    kind's: 以工代训 once, an apprenticeship once a year): unique with the worker, so two claims
    (of one enterprise or two, filed at the same moment) never both count a worker; a claim
    that is rejected or withdrawn gives its slots back (NULL, which the constraint ignores)."""

    __tablename__ = "roster_rows"
    __table_args__ = (UniqueConstraint("slot", "id_number_hash", name="uq_roster_rows_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)  # its row in the sheet sent
    full_name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(EncryptedString(SEALED))
    id_number_hash: Mapped[str] = mapped_column(String(32), index=True)
    slot: Mapped[str | None] = mapped_column(String(80))
    # The row's other facts as filed (dates as ISO text, certificate number, level).
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    # None until acceptance where the kind states no amount (RosterKind.entry prices it).
    amount_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A reviewer struck the worker out while approving the rest (workflow.domain.roster_strikes):
    # kept on record, paid nothing (amount_fen 0), its slot freed. `struck_by` is the user's id
    # (the audit event of the strike holds it too).
    struck_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    struck_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    struck_stage: Mapped[str | None] = mapped_column(String(32), nullable=True)
    struck_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class CertificateSlot(Base):
    """A certificate paid once whoever claims it (Huzhou 004 一 2 给予个人或培训机构): the
    person's claim or the institution's roster row takes its key; the unique key settles two
    claims filed at the same moment. A claim rejected or withdrawn gives it back (deleted)."""

    __tablename__ = "certificate_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot: Mapped[str] = mapped_column(String(80), unique=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)


class ProjectClaim(Base):
    """The project an organisation's claim is for (Huzhou 004 三 6, workflow.domain.projects):
    one per claim. The review's conclusion is the claim's attachment; the name is also the
    claim's certificate_name (lists and notices print it)."""

    __tablename__ = "project_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), unique=True)
    project_name: Mapped[str] = mapped_column(String(128))
    project_type: Mapped[str] = mapped_column(String(24))
    industry: Mapped[str] = mapped_column(String(32))
    reviewed_on: Mapped[date] = mapped_column(Date)  # the review's conclusion (评审结论)
    requested_fen: Mapped[int] = mapped_column(Integer)


@event.listens_for(Enterprise, "before_insert")
@event.listens_for(Enterprise, "before_update")
def _hash_account(_mapper: Mapper[Enterprise], connection: Connection,
                  row: Enterprise) -> None:
    if row.account_number_hash is None or inspect(row).attrs.account_number.history.has_changes():
        row.account_number_hash = keyring_of(connection.dialect).lookup_hash(row.account_number)


@event.listens_for(RosterRow, "before_insert")
def _hash_worker(_mapper: Mapper[RosterRow], connection: Connection, row: RosterRow) -> None:
    if row.id_number_hash is None:
        row.id_number_hash = keyring_of(connection.dialect).lookup_hash(row.id_number)
