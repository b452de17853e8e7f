"""The SMS outbox and password reset codes, and the rule that every message is also an SMS.

Kept beside `models` (which imports this module, so `Base.metadata` holds them) to keep that
module small.

Every `Notification` inserted through the ORM leaves, in the same flush and so the same
transaction, a row here for the applicant's mobile number (the claim's, else the account's):
whichever service writes a message (a milestone, a payment, the claim service's own
installment messages, an account warning), it goes out by SMS too once the transaction
commits, and never if it rolls back. `butie worker` sends the rows (`workflow.services.sms`).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    event,
    insert,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from workflow.domain import sms
from workflow.domain.milestones import sms_text
from workflow.persistence.models import Base, Claim, Notification, User
from workflow.persistence.types import UTCDateTime

STATUSES = ", ".join(f"'{s.value}'" for s in sms.Status)


class SmsMessage(Base):
    """One text to one mobile number, written in the transaction of what it tells and sent
    after it commits, at most once per worker round (see `workflow.domain.sms`)."""

    __tablename__ = "sms_outbox"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUSES})", name="ck_sms_outbox_status"),
        Index("ix_sms_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The site message it repeats (None: a password reset code, which is never on the site).
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"),
                                                        index=True)
    phone: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # Sent as `reference` on every try: the gateway recognises a repeat by it.
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    # A text that must not outlive its sending (a reset code): blanked once it is done.
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))  # which worker took it
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PasswordReset(Base):
    """A 6-digit code sent by SMS to reset an applicant's password: only its keyed hash is
    kept (HMAC under the data key, so a copy of the database alone cannot test codes), valid
    for 10 minutes and 5 wrong tries; one live code per account."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    nonce: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def new_reference() -> str:
    return "sms-" + secrets.token_hex(8)


_OUTBOX = cast(Table, SmsMessage.__table__)
_INSERT = insert(_OUTBOX)


def _recipient(connection: Connection, note: Notification) -> tuple[str | None, str | None]:
    """The mobile number a message goes to (the claim's, else the account's) and the claim
    number it is about."""
    phone, reference = None, None
    if note.claim_id is not None:
        row = connection.execute(select(Claim.phone, Claim.reference)
                                 .where(Claim.id == note.claim_id)).one_or_none()
        if row is not None:
            phone, reference = row.phone, row.reference
    if not sms.is_mobile(phone):
        phone = connection.scalar(select(User.phone).where(User.id == note.user_id))
    return phone, reference


@event.listens_for(Notification, "after_insert")
def _queue_sms(_mapper: Mapper[Any], connection: Connection, note: Notification) -> None:
    """Every message also goes out by SMS where a mobile number is known."""
    phone, reference = _recipient(connection, note)
    if not sms.is_mobile(phone):
        return
    connection.execute(_INSERT, {
        "user_id": note.user_id, "notification_id": note.id, "phone": phone,
        "text": sms_text(reference, note.message), "reference": new_reference(),
        "secret": False, "status": sms.Status.PENDING, "attempts": 0,
        "next_attempt_at": note.created_at, "expires_at": note.created_at + sms.MESSAGE_LIFETIME,
        "created_at": note.created_at})
