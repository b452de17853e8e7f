"""The audit trail as a hash chain: each event carries the hash of the one before it.

An event's hash is SHA-256 over a canonical serialization of its fields, its place in the
chain and the previous event's hash, so editing, deleting or reordering any stored event breaks
the chain at that event (or at the one after it). Pure functions: the database side appends
and reads the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
# The stored fields an event's hash covers, in the order they are written out. A new audit
# column must be added here too (with a new FORMAT), or it is not protected.
FIELDS = ("id", "seq", "claim_id", "at", "actor_id", "actor_role", "action", "stage",
          "task_name", "decision", "comment", "changes", "prev_hash")
FORMAT = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("audit times are aware UTC datetimes")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical(event: Mapping[str, Any]) -> bytes:
    """The bytes an event's hash is taken over: JSON, sorted keys, no spaces, UTF-8."""
    body = {name: _plain(event.get(name)) for name in FIELDS}
    body["format"] = FORMAT
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode()


def event_hash(event: Mapping[str, Any]) -> str:
    """The hex SHA-256 of the event's canonical form (its `prev_hash` included)."""
    return hashlib.sha256(canonical(event)).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where the chain stops holding: the first event that fails, and why."""

    event_id: int | None
    seq: int | None
    reason: str


@dataclass(frozen=True)
class Verdict:
    events: int
    last_hash: str
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify(events: Iterable[Mapping[str, Any]], head_seq: int = 0,
           head_hash: str = GENESIS) -> Verdict:
    """Check events given in chain order (seq 1, 2, …) against each other and the head.

    The head is the chain's last position and hash as recorded apart from the events, so a
    deleted last event is noticed too.
    """
    expected_seq, previous, count = 1, GENESIS, 0
    for event in events:
        broken = _check(event, expected_seq, previous)
        if broken is not None:
            return Verdict(count, previous, broken)
        previous, expected_seq, count = event["hash"], expected_seq + 1, count + 1
    if count != head_seq:
        return Verdict(count, previous, Break(None, min(count, head_seq) + 1, (
            f"the chain ends at position {count} but its head records position {head_seq}: "
            "events were removed from the end, or the head was changed")))
    if previous != head_hash:
        return Verdict(count, previous, Break(None, count, (
            "the last event's hash differs from the one its head records: it was replaced")))
    return Verdict(count, previous, None)


def _check(event: Mapping[str, Any], expected_seq: int, previous: str) -> Break | None:
    seq, event_id = event["seq"], event["id"]
    if seq != expected_seq:
        return Break(event_id, seq, f"position {expected_seq} is missing: the next event "
                                    f"holds position {seq}")
    if event["prev_hash"] != previous:
        return Break(event_id, seq, "it does not follow the event before it (previous hash "
                                    "differs): that one was changed, or one was removed or "
                                    "moved")
    if event_hash(event) != event["hash"]:
        return Break(event_id, seq, "its content does not match its hash: it was changed")
    return None


def link(events: Iterable[dict[str, Any]], seq: int, previous: str) -> tuple[int, str]:
    """Give each event (in order) its position, previous hash and hash, after `seq`/`previous`.

    Returns the new head (last position and hash).
    """
    for event in events:
        seq += 1
        event["seq"], event["prev_hash"] = seq, previous
        event["hash"] = previous = event_hash(event)
    return seq, previous
