"""Test runs of a draft before deploy: synthetic claims through every path, in memory."""

from __future__ import annotations

from datetime import datetime, timedelta

from workflow.domain.claims import FORM_DECISIONS
from workflow.engine import trial
from workflow.engine.definitions import DefinitionError, parse
from workflow.engine.runner import ReadyTask
from workflow.engine.validation import Problem
from workflow.persistence.models import ProcessDraft
from workflow.services import decisions, definitions
from workflow.services.runtime import Runtime

# A synthetic claim for test runs: 叉车司机 (附件1 row 22, reviewed by market supervision).
TRIAL_CLAIM = {"township": "baiyang", "certificate_code": "PY-22", "certificate_level": ""}
# A payment after which another installment waits (what the service hands the process for a
# claim paid in installments): the trial takes that way too, once.
NEXT_INSTALLMENT = "paid, another installment follows"
# A correction that changes an identity detail (what the service hands the process when the
# applicant changes a name, an ID number, a township or the account): the trial takes that way
# after every kind of return too.
IDENTITY_CHANGED = "resubmit, identity changed"
DECISIONS = {**FORM_DECISIONS,
             "payment_result": (*FORM_DECISIONS["payment_result"], NEXT_INSTALLMENT),
             "claim_correction": (*FORM_DECISIONS["claim_correction"], IDENTITY_CHANGED)}


def _task_data(task: ReadyTask, decision: str) -> dict[str, object]:
    if decision == NEXT_INSTALLMENT:
        return {**decisions.decision_data(task.stage or "", "paid"), "installments_left": 1,
                "comment": "test run"}
    if decision == IDENTITY_CHANGED:
        return {**decisions.decision_data(task.stage or "", "resubmit"), "identity_changed": True,
                "comment": "test run"}
    return {**decisions.decision_data(task.stage or "", decision), "comment": "test run"}


def test_run(runtime: Runtime, process_id: str, files: dict[str, str],
             now: datetime) -> trial.TrialResult:
    """Drive synthetic claims through every path of `files` in memory (nothing is stored).

    Every decision of every form, a withdrawal wherever one is possible, an objection upheld
    and dismissed during the notice, its window closing, a payment failing and then paid, a
    payment followed by another installment, a correction changing an identity detail.
    """
    definition = parse(process_id, files)
    scenario = trial.Scenario(
        start_data=TRIAL_CLAIM, decisions=DECISIONS, task_data=_task_data,
        messages={"notice_published": (now + timedelta(days=7)).isoformat(),
                  "objection": {"reason": "test run"}, "withdraw": {"reason": "test run"}},
        now=now)
    return trial.run(runtime.engine, definition, scenario)


def check_and_try(runtime: Runtime, row: ProcessDraft,
                  now: datetime) -> tuple[list[Problem], trial.TrialResult | None]:
    """The checks, then (only if they pass) the test run."""
    found = definitions.check(row.process_id, dict(row.files))
    if found:
        return found, None
    try:
        return [], test_run(runtime, row.process_id, dict(row.files), now)
    except DefinitionError as exc:
        return [Problem("", row.process_id, str(exc))], None
