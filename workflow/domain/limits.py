"""Rate limits: at most `count` requests in any `window` (a sliding log, not a fixed window,
so a burst at a window's edge cannot double the budget).

OWASP Authentication Cheat Sheet, "Protect against automated attacks", and the issue's own
case: a quote answered for any ID number unmasked a notice row in 1,791 requests, so the few
requests that read a person's history are counted and refused past the budget.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Limit:
    count: int  # requests allowed within `window`
    window: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class Verdict:
    admitted: bool
    hits: tuple[float, ...]  # the hits to keep (times in seconds), this one added if admitted
    retry_after: int = 0  # whole seconds until one more is admitted, when refused


def admit(hits: Sequence[float], now: float, limit: Limit) -> Verdict:
    """One more request at `now` (seconds) given the earlier `hits`: admitted while fewer
    than `limit.count` of them fall within the window before it."""
    window = limit.window.total_seconds()
    recent = tuple(sorted(t for t in hits if now - window < t <= now))
    if len(recent) < limit.count:
        return Verdict(True, (*recent, now))
    # The oldest hit that must leave the window before one more fits.
    leaves = recent[len(recent) - limit.count] + window
    return Verdict(False, recent, max(1, math.ceil(leaves - now)))
