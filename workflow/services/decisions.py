"""Deciding a claim's human tasks: completing one, its form's effect, then the process moves
on (acceptance prices the claim: `acceptance`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain.access import Actor, may_complete
from workflow.domain.claims import Stage
from workflow.domain.roster_strikes import Strike
from workflow.engine.runner import TaskNotReadyError
from workflow.persistence.models import Claim, HumanTask
from workflow.services import claims, corrections, instances, task_claims, task_forms
from workflow.services.errors import ConflictError, ForbiddenError
from workflow.services.runtime import Runtime

# Built once: deciding a task is the hot path, and building the query costs ~0.2 ms.
_OPEN_TASK = select(HumanTask).where(HumanTask.claim_id == bindparam("claim_id"),
                                     HumanTask.task_id == bindparam("task_id"))


def complete_task(session: Session, runtime: Runtime, actor: Actor, claim_id: int, task_id: str,
                  decision: str, comment: str = "", expected_version: int | None = None,
                  changes: dict[str, Any] | None = None,
                  started_on: date | None = None, payment_line: int | None = None,
                  strikes: tuple[Strike, ...] = ()) -> Claim:
    """Complete one human task of a claim; the decision moves the process on. `started_on`
    confirms a later installment's condition (the day employment or apprenticeship began);
    `payment_line` is the batch line whose bank result this applies (payments.apply_results),
    without it a payment result is one recorded by hand. `strikes`: the workers approving
    strikes out of an enterprise's roster (workflow.domain.roster_strikes)."""
    task_claims.before_decision(session, actor, claim_id, task_id, runtime.clock())
    claim = claims.visible_claim(session, actor, claim_id)
    task = session.scalar(_OPEN_TASK, {"claim_id": claim.id, "task_id": task_id})
    if task is None:
        raise ConflictError("this task is no longer open; reload the claim")
    if not may_complete(actor, task.lane, task.scope):
        raise ForbiddenError("this task belongs to another role or scope")
    if expected_version is not None and expected_version != claim.version:
        raise ConflictError("the claim was changed by someone else; reload it")
    form = task_forms.form_of(task.form, claim.payee_kind)
    form.check(decision, comment, strikes)
    now = runtime.clock()
    decided = task_forms.Decided(session, runtime, claim, task, decision, comment, now,
                                 changes or {}, {"decision": decision}, started_on, payment_line,
                                 actor, strikes)
    if decision in form.holding:  # recorded; the task stays open
        assert form.hold is not None  # a form with holding decisions has a hold (test_task_forms)
        changed = form.hold(decided)
        claim.updated_at = now  # the version moves too: a form still open elsewhere is stale
        instances.audit(session, claim, actor, "decided", now, stage=task.stage,
                        task_name=task.name, decision=decision, comment=comment or None,
                        changes=changed)
        return claim
    instance = instances.load(session, runtime, claim)
    changed = _apply_form(form, decided)
    data = decided.data
    try:
        returned_by = runtime.engine.task_data(instance, task_id).get("returned_by") \
            if form.refiles else None
        with instances.advancing(claim.reference):
            runtime.engine.complete(instance, task_id, data)
    except TaskNotReadyError as exc:
        raise ConflictError("this task is no longer open; reload the claim") from exc
    instances.save(session, runtime, claim, instance, now)
    instances.audit(session, claim, actor, "decided", now, stage=task.stage, task_name=task.name,
                    decision=decision, comment=comment or None, changes=changed or None)
    note = corrections.route_note(claim, returned_by, bool(data.get("identity_changed")))
    if note is not None:  # the timeline says why the correction went where it went
        instances.audit(session, claim, actor, "routed", now, stage=claim.stage, comment=note)
    return claim


def decision_data(stage: str, decision: str) -> dict[str, Any]:
    """What a decision hands the process: the decision, who returned a returned claim (the
    diagram sends the correction back to that stage), whether a correction changed an identity
    detail (none, unless the correction says so: then it goes back to the township after any
    return), for the installment gateways whether an installment was paid before (none, unless
    the claim's records say so) and, at payment, how many wait (none, unless they say so).
    Every decision hands them over, so a claim that started on an older version reads them too
    once it moves to this one."""
    data: dict[str, Any] = {"decision": decision, "paid_before": False}
    if decision == "return":
        data["returned_by"] = stage
    if stage == Stage.CORRECTION:  # the claim service says when it is so (claims.correct)
        data["identity_changed"] = False
    if stage == Stage.PAYMENT:
        data["installments_left"] = 0
    return data


def _apply_form(form: task_forms.TaskForm, decided: task_forms.Decided) -> dict[str, Any]:
    """What every decision does (the data handed to the process, a rejection's closing
    stage), then its form's effect on the claim and that data."""
    claim, task, data = decided.claim, decided.task, decided.data
    data.update(decision_data(task.stage, decided.decision))
    data["paid_before"] = split.any_paid(claim.installments)
    if decided.decision in {"reject", "uphold"} and not data["paid_before"]:
        claim.closed_stage, claim.closed_reason = task.stage, decided.comment
    return form.effect(decided)
