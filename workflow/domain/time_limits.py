"""Each stage's time limit and the expected date of the next step, as the applicant sees them.

The seed documents set no time limit for any stage. Pengyang 003_6bc740e2a48a5116.txt
三、组织保障 (三) names the steps (the individual applies; the township and units verify
identity; the industry department verifies the certificate; the county HR bureau accepts;
after a public notice without objection the money goes to the individual) and no days for any
of them; 000, 001, 002 and 004 set none either. So a stage's limit is an office setting
(BUTIE_STAGE_WORKING_DAYS, working days per stage), empty by default: a stage without one is
"not configured", and no date is reckoned from it, never a guessed one. The public notice's
length is the window its batch was published with (`notices.window`), and before publication
the configured default window (BUTIE_NOTICE_WORKING_DAYS).

Working days are those of the statutory calendar an administrator keeps
(`workflow.domain.workdays`). A stage entered on day D with a limit of N working days is due by
the end of the N-th working day after D: the day it began is not counted (民法典 第二百零一条
"开始的当日不计入", as "自受理之日起 N 个工作日内" is read). A later stage starts the day after
the one before it is due, so its date is reckoned only while every limit before it is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from workflow.domain.claims import Stage, Status
from workflow.domain.workdays import CalendarNotCoveredError, StatutoryCalendar, add_working_days

# The stages a claim passes through, in order, each with a limit of its own.
LIMITED_STAGES: tuple[str, ...] = (
    Stage.TOWNSHIP_REVIEW, Stage.DEPARTMENT_REVIEW, Stage.BUREAU_ACCEPTANCE,
    Stage.AWAITING_NOTICE, Stage.NOTICE, Stage.PAYMENT)
# The stages that stand in one of those places and run to no limit of the office's: the
# applicant's own correction, an objection under review, a later installment's condition.
IN_PLACE_OF: dict[str, str] = {
    Stage.CORRECTION: Stage.TOWNSHIP_REVIEW, Stage.OBJECTION_REVIEW: Stage.NOTICE,
    Stage.ACCOUNT_CORRECTION: Stage.PAYMENT, Stage.INSTALLMENT_CONDITION: Stage.PAYMENT}
# Why a current or later stage has no expected date.
NOT_CONFIGURED = "not_configured"   # this stage's limit, or an earlier one's, is not set
CALENDAR = "calendar"               # the statutory calendar of a year it reaches is not entered
YOUR_TURN = "your_turn"             # the applicant corrects the claim: no office clock runs
HELD = "held"                       # an objection is checked, or a later installment awaits
WAITING: dict[str, str] = {
    Stage.CORRECTION: YOUR_TURN, Stage.ACCOUNT_CORRECTION: YOUR_TURN,
    Stage.OBJECTION_REVIEW: HELD, Stage.INSTALLMENT_CONDITION: HELD}


@dataclass(frozen=True)
class NoticeWindow:
    """A published notice's window: its first and last day, and its length."""

    starts_on: date
    ends_on: date
    working_days: int


@dataclass(frozen=True)
class StageLimit:
    """One stage of the plan: its limit (None: not configured), where the claim stands
    ('done', 'current', 'stopped', 'todo'), the day it is expected to be done by, and why
    there is none for a current or later stage."""

    stage: str
    working_days: int | None
    state: str
    due_on: date | None = None
    unknown: str | None = None


def parse_limits(setting: str) -> dict[str, int]:
    """"stage=days,stage=days" (working days) to a mapping. An unknown stage, or a number of
    days that is not 1 to 365, raises ValueError: a mistyped setting must not read as none."""
    limits: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in setting.split(","))):
        stage, _, value = (s.strip() for s in part.partition("="))
        if stage not in LIMITED_STAGES or stage == Stage.NOTICE:
            raise ValueError(f"STAGE_WORKING_DAYS: no stage {stage!r} (known: "
                             f"{', '.join(s for s in LIMITED_STAGES if s != Stage.NOTICE)}; "
                             "the notice's length is NOTICE_WORKING_DAYS)")
        if not value.isdigit() or not 1 <= int(value) <= 365:
            raise ValueError(f"STAGE_WORKING_DAYS: {stage} needs 1 to 365 working days")
        limits[stage] = int(value)
    return limits


def due_after(calendar: StatutoryCalendar, entered_on: date, working_days: int) -> date:
    """The last day of `working_days` working days counted from the day after `entered_on`.
    Raises CalendarNotCoveredError when it reaches a year the calendar has no table for."""
    return add_working_days(calendar, entered_on + timedelta(days=1), working_days)


def _position(stage: str, status: str, closed_stage: str | None) -> tuple[int, str]:
    """Index in LIMITED_STAGES of where the claim stands, and the state there."""
    if status == Status.PAID:
        return len(LIMITED_STAGES), "done"
    stopped = status in (Status.REJECTED, Status.WITHDRAWN)
    at = (closed_stage or stage) if stopped else stage
    at = IN_PLACE_OF.get(at, at)
    index = LIMITED_STAGES.index(at) if at in LIMITED_STAGES else 0
    return index, "stopped" if stopped else "current"


def plan(stage: str, status: str, closed_stage: str | None, entered_on: date | None,
         limits: Mapping[str, int], notice_days: int | None, notice: NoticeWindow | None,
         calendar: StatutoryCalendar) -> list[StageLimit]:
    """Every stage of LIMITED_STAGES with its limit, and for the current stage and the ones
    after it the day each is expected to be done by (see the module's docstring).

    `entered_on`: the day the current stage began; `notice_days`: the default window before
    the claim's notice is published; `notice`: its published window, if any."""
    index, state = _position(stage, status, closed_stage)
    waiting = WAITING.get(stage)
    plan_: list[StageLimit] = []
    previous: date | None = entered_on
    why: str | None = None if entered_on else NOT_CONFIGURED
    for i, name in enumerate(LIMITED_STAGES):
        days = (notice.working_days if notice else notice_days) if name == Stage.NOTICE \
            else limits.get(name)
        if i < index or state == "stopped":
            mark = "done" if i < index else "stopped" if i == index else "todo"
            plan_.append(StageLimit(name, days, mark))
            continue
        due: date | None = None
        if i == index and waiting:
            why = waiting
        elif name == Stage.NOTICE and notice is not None:
            due, why = notice.ends_on, None  # the published window, whatever came before
        elif why is None and days is None:
            why = NOT_CONFIGURED
        elif why is None and previous is not None and days is not None:
            try:
                due = due_after(calendar, previous, days)
            except CalendarNotCoveredError:
                why = CALENDAR
        plan_.append(StageLimit(name, days, state if i == index else "todo", due,
                                None if due else why))
        previous = due
    return plan_


def next_step(stages: list[StageLimit]) -> StageLimit | None:
    """The current stage: its expected date is that of the claim's next step."""
    return next((s for s in stages if s.state == "current"), None)
