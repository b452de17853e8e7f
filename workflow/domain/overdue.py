"""When a task is overdue: it has waited longer than the office allows for its stage.

The days per stage are an office setting (BUTIE_OVERDUE_DAYS), not a policy number; the queue
marks overdue tasks and the dashboard counts them with this one rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta


def is_overdue(stage: str, waiting_since: datetime, now: datetime,
               limits: Mapping[str, int]) -> bool:
    """True when a task of `stage` waiting since `waiting_since` is past its stage's days."""
    return stage in limits and now - waiting_since > timedelta(days=limits[stage])


def parse_limits(setting: str) -> dict[str, int]:
    """"stage=days,stage=days" to a mapping; a malformed entry raises ValueError."""
    days: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in setting.split(","))):
        stage, _, value = part.partition("=")
        days[stage.strip()] = int(value)
    return days


def cutoffs(limits: Mapping[str, int], now: datetime) -> dict[str, datetime]:
    """Per stage, the moment before which a waiting task is overdue (for a query)."""
    return {stage: now - timedelta(days=days) for stage, days in limits.items()}
