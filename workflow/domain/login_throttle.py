"""How long a login must wait after failures (OWASP Authentication Cheat Sheet, "Protect
against automated attacks": throttle per account and address, not a lockout anyone can cause).

Failures are counted per (account, address): an attacker slows only their own attempts and
never locks the owner out from another address. A few failures in a row are answered at once
(typing mistakes); after that each attempt waits twice as long as the one before, up to a cap.
An address failing on many accounts (password spraying) is stopped for a window. A distributed
attack on one account, many addresses each with a few guesses, is answered by taking the free
failures away from every address of that account while it lasts: the owner's first attempt from
anywhere is still evaluated at once, so the attack adds delay but never a lockout. What bounds
it beyond that is the password's strength (workflow.domain.passwords: staff passwords need
zxcvbn score 3, about 10^10 guesses, against some hundred guesses an address a day here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# A pair's failures with no new one for this long are forgotten.
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class LoginPolicy:
    free_failures: int = 3  # failures in a row of one account from one address without delay
    first_delay: timedelta = timedelta(seconds=2)  # then this, doubled by each failure ...
    max_delay: timedelta = timedelta(minutes=15)  # ... up to this
    address_failures: int = 20  # failures of any account from one address within `window`
    window: timedelta = timedelta(minutes=15)
    # Failures of one account from all addresses within `window` that mean it is under attack:
    # its addresses then get one free failure instead of `free_failures`.
    account_alarm: int = 100

    def free(self, under_attack: bool) -> int:
        return min(1, self.free_failures) if under_attack else self.free_failures

    def delay(self, failures: int, under_attack: bool = False) -> timedelta:
        """The wait before the next attempt of a pair after `failures` failures in a row."""
        free = self.free(under_attack)
        if failures < max(free, 1):
            return timedelta(0)
        doublings = min(failures - max(free, 1), 40)  # 2**40 seconds is past any cap
        return min(self.first_delay * 2 ** doublings, self.max_delay)

    @property
    def keep(self) -> timedelta:
        """How long a counter row matters: no delay or window outlives it."""
        return max(FORGET_AFTER, self.max_delay, self.window)
