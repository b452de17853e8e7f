"""Who works a claim's task now, so two reviewers never work one claim (issue 18 item 8).

A reviewer holds a task by claiming it (the workbench claims the next claim of the queue for
them after each decision). The hold ends when its holder decides or releases the task, or when
it expires: a reviewer who walks away does not lock the claim for the day. While it lasts
nobody else decides the task; another reviewer of the same scope may take it over, explicitly,
and the claim's timeline records that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from workflow.domain.phrases import said
from workflow.domain.workdays import COUNTY_TIME

DEFAULT_MINUTES = 30  # an office setting (TASK_HOLD_MINUTES), not a policy number
MAX_MINUTES = 8 * 60  # a working day: a hold never outlives the shift that took it


@dataclass(frozen=True)
class Hold:
    task_id: str
    claim_id: int
    holder_id: int
    holder_name: str
    held_at: datetime
    expires_at: datetime
    version: int = 1  # changed on every claim or take-over: a compare-and-set key

    def live(self, now: datetime) -> bool:
        return now < self.expires_at

    def blocks(self, user_id: int | None, now: datetime) -> bool:
        """Whether this hold keeps `user_id` from deciding the task now."""
        return self.live(now) and self.holder_id != user_id


def expiry(now: datetime, minutes: int) -> datetime:
    """When a hold taken `now` ends by itself."""
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValueError(f"a hold lasts 1 to {MAX_MINUTES} minutes, not {minutes}")
    return now + timedelta(minutes=minutes)


def until_text(moment: datetime) -> str:
    """The end of a hold as the county reads it (messages name it)."""
    return moment.astimezone(COUNTY_TIME).strftime("%Y-%m-%d %H:%M")


def held_message(hold: Hold) -> str:
    """Why a decision or a claim on a held task is refused: who holds it, until when."""
    return said("this task is held by %(holder)s until %(until)s; take it over to work on it",
                holder=hold.holder_name, until=until_text(hold.expires_at))
