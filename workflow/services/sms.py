"""Sending the SMS outbox through the gateway, after the transactions that wrote it committed.

A round (`send_due`, run by `butie worker`, `butie tick` and the development ticker):
1. one short transaction gives up texts past their time and takes up to `limit` due ones:
   PostgreSQL `FOR UPDATE SKIP LOCKED` (two workers never take one text), SQLite one writer
   at a time; each taken row is marked `sending` with this round's token and one more attempt;
2. each text is posted outside any transaction (a slow gateway holds no lock: on SQLite a
   transaction open during the post would hold up every request);
3. its outcome is recorded at once in a short transaction of its own, only if the row is still
   this round's (its token): sent; tried again later with a growing delay; or failed.
A worker that dies between 1 and 3 leaves `sending` rows; after `sms.LEASE` another takes them
again, with the same reference, which the gateway recognises.

No gateway configured: SMS is off; a round marks the due texts `off` (never sent later in a
burst once a gateway appears) and the site messages are all there is.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from workflow.domain import sms
from workflow.domain.sms import Delivery, Outcome, Status
from workflow.persistence.message_tables import SmsMessage, new_reference

log = logging.getLogger(__name__)
REDACTED = "（已发送的验证码不保留）"


class Gateway(Protocol):
    def send(self, phone: str, text: str, reference: str) -> Delivery: ...


@dataclass(frozen=True)
class Taken:
    id: int
    phone: str
    text: str
    reference: str
    attempts: int
    expires_at: datetime
    token: str


@dataclass
class Round:
    sent: list[str] = field(default_factory=list)  # references
    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    expired: int = 0
    off: int = 0

    def __bool__(self) -> bool:
        return bool(self.sent or self.retried or self.failed or self.expired or self.off)


def queue(session: Session, user_id: int, phone: str, text: str, now: datetime,
          lifetime: timedelta, secret: bool = False) -> SmsMessage:
    """A text that is no site message (a password reset code), in the caller's transaction."""
    row = SmsMessage(user_id=user_id, notification_id=None, phone=phone, text=text,
                     reference=new_reference(), secret=secret, status=Status.PENDING,
                     attempts=0, next_attempt_at=now, expires_at=now + lifetime, created_at=now)
    session.add(row)
    return row


def send_due(factory: sessionmaker[Session], gateway: Gateway | None,
             clock: Callable[[], datetime], limit: int = 20) -> Round:
    """One round: take the due texts, post each, record each outcome (see the module)."""
    done = Round()
    with factory.begin() as session:
        now = clock()
        done.expired = _expire(session, now)
        if gateway is None:
            done.off = _switch_off(session, now)
            return done
        taken = _take(session, now, limit)
    for text in taken:
        try:
            delivery = gateway.send(text.phone, text.text, text.reference)
        except Exception as exc:  # noqa: BLE001 - a broken gateway client is a failed try
            delivery = Delivery(Outcome.RETRY, type(exc).__name__)
        with factory.begin() as session:
            _record(session, text, delivery, clock(), done)
    return done


def _due(now: datetime) -> ColumnElement[bool]:
    """Pending and due, or taken by a worker that never said what became of it."""
    return or_(and_(SmsMessage.status == Status.PENDING, SmsMessage.next_attempt_at <= now),
               and_(SmsMessage.status == Status.SENDING, SmsMessage.claimed_at < now - sms.LEASE))


def _take(session: Session, now: datetime, limit: int) -> list[Taken]:
    ids = list(session.scalars(select(SmsMessage.id).where(_due(now))
                               .order_by(SmsMessage.id).limit(limit)
                               .with_for_update(skip_locked=True)))
    if not ids:
        return []
    token = secrets.token_hex(8)
    session.execute(update(SmsMessage).where(SmsMessage.id.in_(ids)).values(
        status=Status.SENDING, claimed_at=now, claim_token=token,
        attempts=SmsMessage.attempts + 1).execution_options(synchronize_session=False))
    rows = session.execute(select(SmsMessage.id, SmsMessage.phone, SmsMessage.text,
                                  SmsMessage.reference, SmsMessage.attempts,
                                  SmsMessage.expires_at)
                           .where(SmsMessage.id.in_(ids)).order_by(SmsMessage.id))
    return [Taken(*row, token=token) for row in rows]


def _record(session: Session, text: Taken, delivery: Delivery, now: datetime,
            done: Round) -> None:
    values: dict[str, object] = {"claim_token": None}
    if delivery.outcome == Outcome.SENT:
        values.update(status=Status.SENT, sent_at=now)  # earlier tries' error stays on record
        done.sent.append(text.reference)
    else:
        again = (sms.next_try(text.attempts, now, text.expires_at)
                 if delivery.outcome == Outcome.RETRY else None)
        error = f"attempt {text.attempts}: {delivery.detail or delivery.outcome}"[:500]
        values.update(error=error, status=Status.PENDING if again else Status.FAILED)
        if again:
            values["next_attempt_at"] = again
        (done.retried if again else done.failed).append(text.reference)
        log.warning("SMS %s not sent (%s)%s", text.reference, error,
                    "; tried again later" if again else "; given up")
    session.execute(update(SmsMessage).where(
        SmsMessage.id == text.id, SmsMessage.claim_token == text.token,
        SmsMessage.status == Status.SENDING).values(**values)
        .execution_options(synchronize_session=False))
    _redact(session, [text.id])


def _expire(session: Session, now: datetime) -> int:
    """Texts not sent in time are not sent late (a code that no longer works, a step past)."""
    stale = list(session.scalars(select(SmsMessage.id).where(
        SmsMessage.status.in_((Status.PENDING, Status.SENDING)), SmsMessage.expires_at <= now)
        .with_for_update(skip_locked=True)))
    if stale:
        session.execute(update(SmsMessage).where(SmsMessage.id.in_(stale)).values(
            status=Status.EXPIRED, claim_token=None, error="not sent in time")
            .execution_options(synchronize_session=False))
        _redact(session, stale)
    return len(stale)


def _switch_off(session: Session, now: datetime) -> int:
    due = list(session.scalars(select(SmsMessage.id).where(
        SmsMessage.status == Status.PENDING, SmsMessage.next_attempt_at <= now)
        .with_for_update(skip_locked=True)))
    if due:
        session.execute(update(SmsMessage).where(SmsMessage.id.in_(due)).values(
            status=Status.OFF, error="no SMS gateway is configured (BUTIE_SMS_URL)")
            .execution_options(synchronize_session=False))
        _redact(session, due)
    return len(due)


def _redact(session: Session, ids: list[int]) -> None:
    """A secret text (a reset code) is kept only until it is done with."""
    session.execute(update(SmsMessage).where(
        SmsMessage.id.in_(ids), SmsMessage.secret.is_(True),
        SmsMessage.status.in_(tuple(sms.DONE))).values(text=REDACTED)
        .execution_options(synchronize_session=False))
