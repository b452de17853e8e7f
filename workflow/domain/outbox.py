"""What became of a side effect recorded in the outbox (a payment request, a bank result)."""

from __future__ import annotations

from enum import StrEnum


class OutboxResult(StrEnum):
    """The result codes an outbox entry may end with; the database holds them to this list."""

    PAID = "paid"  # the payment (request or bank result) ended paid
    FAILED = "failed"  # the bank, or the officer, said the payment failed
    NO_OPEN_TASK = "no_open_task"  # nothing to move: the claim had no payment task open
    NOT_APPLIED = "not_applied"  # applying it raised every time it was tried; see `error`


# A bank result whose application raises is tried again by the next rounds of the worker, at
# most this many times in all, then given up (`NOT_APPLIED`) so it never holds up later ones.
MAX_ATTEMPTS = 3
