"""The value axes of the dashboard's charts, computed here so a bar's length says what it means.

Chart.js fits an axis to the data: a target 2.3% done drew on an axis ending at 3%, so its bar
looked 80% done; and the budget, drawn beside what was accepted and paid, dwarfed them. So:
- a share of a whole (a target, the budget) runs from 0 to the whole, 100%, or past it to the
  next `step` when a share is over (a target exceeded stays visible, the 100% line in place);
- amounts in yuan share one axis from 0, the budget not among them (it is the 100% of the
  budget chart instead).
Pure functions, no Flask: tests/unit/test_chart_scales.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

WHOLE = 100  # percent: the target, or the budget


def share_axis(shares: Iterable[float | None], step: int = 10) -> tuple[int, int]:
    """(min, max) of a percent axis: 0 to 100, or to the next multiple of `step` above the
    largest share past 100. Missing shares (None) are not drawn and do not count."""
    if step <= 0:
        raise ValueError("step must be positive")
    top = max((s for s in shares if s is not None), default=0.0)
    return 0, max(WHOLE, math.ceil(top / step) * step)


def amount_axis(amounts: Iterable[int | None]) -> tuple[int, int]:
    """(min, max) of an axis of amounts (whole yuan) from 0: the largest rounded up to a
    "nice" number (1, 2 or 5 times a power of ten), so the longest bar ends near the edge and
    no bar is scaled against a figure not drawn. An empty or all-zero chart runs 0 to 1."""
    top = max((a for a in amounts if a is not None), default=0)
    if top <= 0:
        return 0, 1
    power = 10 ** math.floor(math.log10(top))
    nice = next(m * power for m in (1, 2, 5, 10) if m * power >= top)
    return 0, int(nice)
