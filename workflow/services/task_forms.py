"""The task forms: one registry of what each user task's form posts, what deciding it does and
the part of a page that renders it.

A user task of the process names its form (`spiffworkflow:properties` `form`); services, pages
and the API look the form up here instead of branching on its name. A form's decisions are the
domain's (`workflow.domain.claims.FORM_DECISIONS`, `HOLDING_DECISIONS`: the process contract
checks a deployed definition against them); the registry adds the rest. Adding a form is one
entry here, its decisions there and its partial in `templates/task_forms/`
(CONTRIBUTING.md, "a task form or stage").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain.access import Actor
from workflow.domain.claims import (
    FORM_DECISIONS,
    HOLDING_DECISIONS,
    NEEDS_REASON,
    identity_changes,
)
from workflow.domain.phrases import said
from workflow.domain.roster_strikes import STRIKES, Strike
from workflow.persistence.models import Claim, HumanTask
from workflow.services import (
    acceptance,
    claims,
    installments,
    notices,
    payment_results,
    roster_revisions,
    roster_strikes,
)
from workflow.services.errors import InvalidInputError, ProcessError
from workflow.services.roster_rows import ENTERPRISE
from workflow.services.runtime import Runtime

Changes = dict[str, Any]  # what a decision changed on the claim, for its audit event


@dataclass
class Decided:
    """One decision on a task, as its form's effect receives it. `data` is what the process
    will be handed (`decisions.decision_data` and the claim's records); an effect may add to
    it."""

    session: Session
    runtime: Runtime
    claim: Claim
    task: HumanTask
    decision: str
    comment: str
    now: datetime
    changes: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    started_on: date | None = None
    payment_line: int | None = None
    actor: Actor | None = None
    # Workers a reviewer strikes out of an enterprise's roster (forms that `strikes`).
    strikes: tuple[Strike, ...] = ()


Effect = Callable[[Decided], Changes]


@dataclass(frozen=True)
class TaskForm:
    """One form. `decisions` move the process; `holding` ones are recorded by `hold` and leave
    the task open. `changes` are the claim's fields a correction may change (none: the form
    changes none); `started_on`: it posts the day a condition started; `refiles`: it edits
    the claim as filed (the pack's typed fields, scans sent with it, resubmitted to whoever
    returned it); `strikes`: approving it may strike workers out of an enterprise's roster
    (workflow.domain.roster_strikes; its partial shows the roster's rows to strike).
    `needs` names what its partial shows beside the form ("pricing", "objections"), which the
    pages load only for it."""

    name: str
    effect: Effect
    partial: str
    hold: Effect | None = None
    changes: tuple[str, ...] = ()
    started_on: bool = False
    refiles: bool = False
    strikes: bool = False
    needs: frozenset[str] = frozenset()

    @property
    def decisions(self) -> tuple[str, ...]:
        return FORM_DECISIONS.get(self.name, ())

    @property
    def holding(self) -> tuple[str, ...]:
        return HOLDING_DECISIONS.get(self.name, ())

    @property
    def offered(self) -> tuple[str, ...]:
        """Every decision a task of this form offers: those that move the process first."""
        return self.decisions + self.holding

    @property
    def posts(self) -> tuple[str, ...]:
        """The fields a decision on this form posts (pages and the API's DecisionSchema)."""
        return ("decision", "comment", "version") + (("changes",) if self.changes else ()) \
            + (("started_on",) if self.started_on else ()) \
            + ((STRIKES,) if self.strikes else ())

    def check(self, decision: str, comment: str, strikes: tuple[Strike, ...] = ()) -> None:
        """Refuse a decision this form does not offer, one given without its reason, or
        strikes on a form that strikes no workers."""
        if strikes and not self.strikes:
            raise InvalidInputError({STRIKES: said("this task does not strike out workers")})
        if decision not in self.offered:
            raise InvalidInputError({"decision": said("must be one of %(choices)s",
                                                      choices=", ".join(self.offered))})
        if decision in NEEDS_REASON and not comment.strip():
            raise InvalidInputError({"comment": "a reason is required for this decision"})


def _nothing(decided: Decided) -> Changes:
    return {}


def _strike(d: Decided) -> None:
    """Strike the workers named out of the roster (before anything else the decision does:
    acceptance then sums the rest)."""
    if d.strikes:
        assert d.actor is not None  # decisions.complete_task hands it over
        roster_strikes.strike(d.session, d.claim, d.actor, d.task.stage, d.strikes,
                              d.decision, d.now)


def _review(d: Decided) -> Changes:
    _strike(d)
    return {}


def _accept(d: Decided) -> Changes:
    _strike(d)
    if d.decision == "approve":
        acceptance.fix_amount(d.session, d.claim, d.now)
    return {}


def _pay(d: Decided) -> Changes:
    payment_results.record_result(d.session, d.claim, d.decision, d.comment, d.now,
                                  d.payment_line)
    d.data["installments_left"] = split.waiting(d.claim.installments)
    return {}


def _decide_objection(d: Decided) -> Changes:
    notices.decide_objection(d.session, d.claim, d.decision, d.now)
    if d.decision == "uphold" and d.claim.installments:  # this installment and later ones
        lapsed = split.lapse(d.claim.installments, d.now.isoformat(), d.comment)
        if d.data["paid_before"]:  # ends paid: its amount is what was paid
            installments.set_installments(d.claim, lapsed)
        else:  # rejected, its amount kept as accepted, like a claim paid in one go
            d.claim.installments = lapsed
    return {}


def _confirm_installment(d: Decided) -> Changes:
    return installments.decide(d.session, d.claim, d.decision, d.comment, d.started_on, d.now)


def _schedule_installment(d: Decided) -> Changes:
    return installments.schedule(d.session, d.claim, d.started_on, d.now)


def _correct_claim(d: Decided) -> Changes:
    changed = claims.correct(d.session, d.runtime, d.claim, d.changes, d.data,
                             claims.CLAIM_FIELDS)
    d.data["identity_changed"] = bool(identity_changes(changed))
    return changed


def _correct_roster(d: Decided) -> Changes:
    # Back to whoever returned it; through identity review first when a later stage returned
    # it and the roster names a worker the township has not verified (as _correct_claim).
    changed, data = roster_revisions.revise(d.session, d.claim, d.changes.get("roster"),
                                           d.changes.get("numbers"))
    d.data.update(data)
    return changed


def _correct_account(d: Decided) -> Changes:
    return claims.correct(d.session, d.runtime, d.claim, d.changes, d.data,
                          claims.ACCOUNT_FIELDS)


PLAIN = "task_forms/plain.html"  # nothing beside the decisions

FORMS: Mapping[str, TaskForm] = MappingProxyType({form.name: form for form in (
    TaskForm("review", _review, "task_forms/review.html", strikes=True),
    TaskForm("acceptance", _accept, "task_forms/acceptance.html", strikes=True,
             needs=frozenset({"pricing"})),
    TaskForm("objection_review", _decide_objection, "task_forms/objection_review.html",
             needs=frozenset({"objections"})),
    TaskForm("payment_result", _pay, PLAIN),
    TaskForm("claim_correction", _correct_claim, "task_forms/correction.html",
             changes=claims.CLAIM_FIELDS, refiles=True),
    TaskForm("account_correction", _correct_account, "task_forms/correction.html",
             changes=claims.ACCOUNT_FIELDS),
    TaskForm("installment_condition", _confirm_installment,
             "task_forms/installment_condition.html", hold=_schedule_installment,
             started_on=True),
)})

# A form that a kind of payee's claim answers otherwise, by (form, Claim.payee_kind): an
# enterprise's returned claim is corrected by its roster, not by a person's fields (issue 19
# item 3; workflow.services.roster_revisions). Its `changes` is the roster's rows.
PAYEE_FORMS: Mapping[tuple[str, str], TaskForm] = MappingProxyType({
    ("claim_correction", ENTERPRISE): TaskForm(
        "claim_correction", _correct_roster, "task_forms/roster_correction.html",
        changes=("roster",), refiles=True),
})

UNKNOWN_FORM = ("this task's form is not one this service knows; an administrator must "
                "correct the process")


def form_of(name: str | None, payee_kind: str | None = None) -> TaskForm:
    """The registered form called `name` (for a claim paying `payee_kind`, its own where it has
    one); a task naming any other is refused (ProcessError: the deployed definition, not the
    user, is at fault)."""
    form = PAYEE_FORMS.get((name or "", payee_kind or "")) or FORMS.get(name or "")
    if form is None:
        raise ProcessError(UNKNOWN_FORM)
    return form


# What a page renders for a task whose form is not registered: the task, nothing to decide.
_UNREGISTERED = TaskForm("", _nothing, PLAIN)


def shown(name: str | None, payee_kind: str | None = None) -> TaskForm:
    """The form the pages render for a task of form `name` on a claim paying `payee_kind`
    (templates' `task_form`)."""
    return PAYEE_FORMS.get((name or "", payee_kind or "")) or FORMS.get(name or "") \
        or _UNREGISTERED


def offered(name: str | None) -> tuple[str, ...]:
    """The decisions a task of form `name` offers; none for a form not registered (shown
    as a task nobody can decide, and refused if decided)."""
    form = FORMS.get(name or "")
    return form.offered if form is not None else ()


def needs(names: Iterable[str | None]) -> frozenset[str]:
    """What the partials of the forms called `names` show beside them ("pricing", ...);
    a form not registered shows nothing (and is refused when decided)."""
    return frozenset(need for name in names if (form := FORMS.get(name or "")) is not None
                     for need in form.needs)


def refiles(name: str | None) -> bool:
    """Whether the form called `name` edits the claim as filed (see TaskForm)."""
    form = FORMS.get(name or "")
    return form is not None and form.refiles


# The fields each correction form may change, by form.
CORRECTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {form.name: form.changes for form in FORMS.values() if form.changes})
