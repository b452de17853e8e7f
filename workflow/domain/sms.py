"""Sending a text through the SMS gateway: what an answer means, when to try again, how long
a text is worth sending at all.

The gateway is an HTTP endpoint (README "SMS gateway"); butie POSTs {phone, text, reference}.
A 2xx answer means sent. An answer that says the gateway could not take it now (429, 5xx) or
that butie's own setting is wrong (3xx, 401, 403, 404: fixed by the operator, after which the
text should still go), and no answer at all (refused connection, timeout), are tried again
with growing delays; any other 4xx refuses this one text for good (a malformed number). The
reference is the same on every try, so a gateway that got a request whose answer was lost
(timeout) recognises the repeat and does not send it twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"  # waiting for its (next) try
    SENDING = "sending"  # taken by a worker, which is posting it now
    SENT = "sent"  # the gateway took it (2xx)
    FAILED = "failed"  # refused for good, or every try failed
    EXPIRED = "expired"  # not sent in time: a late text would mislead (a code, a step past)
    OFF = "off"  # no gateway is configured: site messages only


DONE = frozenset({Status.SENT, Status.FAILED, Status.EXPIRED, Status.OFF})


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    REFUSED = "refused"


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    detail: str = ""  # recorded on failure: a status code or an exception's name, no data


# Delays after the 1st, 2nd, ... failed try; after the last the text is given up.
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=8),
           timedelta(minutes=30))
MAX_ATTEMPTS = len(BACKOFF) + 1
# A worker that took a text and died before saying what became of it: after this long the
# text is taken again (same reference). Far longer than a batch of posts can take.
LEASE = timedelta(minutes=10)
# A milestone's text is worth sending for a few days (the site keeps it anyway); a password
# reset code only while it is valid.
MESSAGE_LIFETIME = timedelta(days=3)
CODE_LIFETIME = timedelta(minutes=10)

_RETRY_CODES = frozenset({401, 403, 404, 408, 429})
_MOBILE = re.compile(r"^1\d{10}$")


def classify(status: int) -> Outcome:
    """What an HTTP status from the gateway means for this text."""
    if 200 <= status < 300:
        return Outcome.SENT
    if status >= 500 or status in _RETRY_CODES or 300 <= status < 400:
        return Outcome.RETRY
    return Outcome.REFUSED


def next_try(attempts: int, now: datetime, expires_at: datetime) -> datetime | None:
    """When to try again after `attempts` failed tries, or None: give it up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    at = now + BACKOFF[max(0, attempts - 1)]
    return at if at < expires_at else None


def is_mobile(phone: str | None) -> bool:
    """An 11-digit mainland mobile number, the only kind an SMS reaches."""
    return bool(phone) and bool(_MOBILE.match(phone or ""))


def mask_phone(phone: str) -> str:
    """138****0000: enough to recognise one's own number."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"
