"""The reviewers' workbench (issue 18 item 8): a decision with the reasons picked for it, then
the next claim of the same filtered queue claimed for the reviewer; the claim's diagram with
its labels in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor
from workflow.domain.canned_reasons import compose
from workflow.domain.claims import SEEDED_REV
from workflow.engine.labels import relabel
from workflow.persistence.models import Claim, HumanTask
from workflow.services import canned_reasons, decisions, diagrams, queries, task_claims
from workflow.services.errors import ConflictError
from workflow.services.runtime import Runtime


@dataclass(frozen=True)
class Decision:
    decision: str
    reasons: Sequence[int] = ()  # canned reasons of the task's stage, by id
    typed: str = ""  # the reviewer's own words, after the reasons
    version: int | None = None  # the claim's version the reviewer read
    started_on: date | None = None  # a later installment's condition (installment_condition)


@dataclass(frozen=True)
class Decided:
    claim: Claim
    next: queries.QueueItem | None  # claimed for the reviewer; None: nothing left to take


def decide(session: Session, runtime: Runtime, actor: Actor, claim_id: int, task_id: str,
           given: Decision, queue: queries.QueueFilter, hold_minutes: int) -> Decided:
    """Complete the task with the chosen reasons and the reviewer's words as its comment, then
    claim the first claim of `queue` that nobody else holds."""
    stage = session.scalar(select(HumanTask.stage).where(HumanTask.claim_id == claim_id,
                                                         HumanTask.task_id == task_id))
    if stage is None:
        raise ConflictError(task_claims.TASK_GONE)
    comment = canned_reasons.comment_with(session, stage, given.reasons, given.typed) \
        if given.reasons else compose((), given.typed)
    claim = decisions.complete_task(session, runtime, actor, claim_id, task_id, given.decision,
                                    comment, given.version, None, given.started_on)
    following = task_claims.claim_next(session, actor, queue, runtime.clock(), hold_minutes,
                                       skip=claim_id)
    return Decided(claim, following)


def diagram(session: Session, claim: Claim,
            translate: Callable[[str], str]) -> tuple[str, dict[str, str]]:
    """The diagram the claim runs on with its labels translated, and those labels by element
    id (workflow.engine.labels)."""
    name, xml = diagrams.claim_diagram(session, claim)
    return relabel(name, xml, translate)


@dataclass(frozen=True)
class Where:
    """Where a claim waits, said by the diagram's labels, and what to draw (element ids stay in
    the drawing's data, never in what a reader reads)."""

    here: tuple[str, ...]
    done: tuple[str, ...]
    current: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]


def waiting_at(session: Session, runtime: Runtime, claim: Claim,
               translate: Callable[[str], str]) -> Where | None:
    """Where the claim waits now, by its diagram's labels (an unnamed element is left out);
    None for seeded claims (no workflow)."""
    if claim.rev == SEEDED_REV:
        return None
    trail = diagrams.claim_trail(session, runtime, claim)
    _xml, names = diagram(session, claim, translate)
    here = tuple(names[element] for element in trail.current if names.get(element))
    return Where(here, trail.done, trail.current, trail.steps)
