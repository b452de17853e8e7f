"""Every path of the diagram on the bare engine, restoring from JSON between every step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import BPMN_DIR
from workflow.engine.definitions import parse
from workflow.engine.runner import Engine, Instance, NotWaitingError, TaskNotReadyError
from workflow.services import decisions
from workflow.services.definitions import read_directory
from workflow.services.runtime import build_runtime

SPEC = parse("subsidy_claim", read_directory(BPMN_DIR))
ENDS = datetime(2026, 11, 9, tzinfo=UTC)


class Driver:
    """Starts a claim and restores it from its JSON before every step, like a restart."""

    def __init__(self, code: str = "PY-22") -> None:
        self.engine: Engine = build_runtime().engine
        self.instance: Instance = self.engine.start(
            SPEC, {"township": "baiyang", "certificate_code": code, "certificate_level": ""})
        self.effects: list[str] = []

    def restart(self) -> None:
        self.effects += [e.operation for e in self.instance.effects]
        self.instance = self.engine.restore(SPEC, self.engine.dump(self.instance))

    def task(self) -> str:
        tasks = self.engine.state(self.instance).ready_tasks
        assert len(tasks) == 1, tasks
        return tasks[0].name

    def do(self, decision: str, **data: object) -> str | None:
        self.restart()
        task = self.engine.state(self.instance).ready_tasks[0]
        self.engine.complete(self.instance, task.id,
                             {**decisions.decision_data(task.stage or "", decision), **data})
        state = self.engine.state(self.instance)
        return state.end_event if state.completed else self.task() if state.ready_tasks \
            else "waiting"

    def to_notice(self) -> None:
        assert self.do("approve") == "Task_department_review"
        assert self.do("approve") == "Task_bureau_acceptance"
        assert self.do("approve") == "waiting"
        self.restart()
        # Accepted claims wait for a notice batch; no objection is possible before it.
        assert self.engine.state(self.instance).waiting_messages == {"notice_published"}
        assert self.engine.state(self.instance).next_timer_at is None
        self.engine.send_message(self.instance, "notice_published", ENDS.isoformat())
        assert self.engine.state(self.instance).next_timer_at == ENDS

    def fire(self, now: datetime) -> bool:
        self.restart()
        return self.engine.fire_timers(self.instance, now)


def test_straight_to_paid():
    d = Driver()
    d.to_notice()
    assert not d.fire(ENDS - timedelta(seconds=1))
    assert d.fire(ENDS + timedelta(seconds=1))
    assert d.task() == "Task_record_payment"
    assert d.do("paid") == "End_paid"
    d.restart()
    assert d.effects == ["payment.request"]


def test_a_later_installment_is_confirmed_published_and_paid_again():
    d = Driver()
    d.to_notice()
    assert d.fire(ENDS + timedelta(seconds=1))
    assert d.do("paid", installments_left=1) == "Task_confirm_installment"
    assert d.do("confirm") == "waiting"  # for its own notice batch
    assert d.engine.state(d.instance).waiting_messages == {"notice_published"}
    later = ENDS + timedelta(days=200)
    d.engine.send_message(d.instance, "notice_published", later.isoformat())
    d.restart()
    d.engine.send_message(d.instance, "objection", {"reason": "left the job"})
    assert d.do("dismiss") == "waiting"
    assert d.fire(later + timedelta(seconds=1))
    assert d.do("paid") == "End_paid"
    d.restart()
    assert d.effects == ["payment.request", "payment.request"]


def test_a_lapsed_installment_and_an_upheld_objection_after_a_payment_end_paid():
    lapsed = Driver()
    lapsed.to_notice()
    lapsed.fire(ENDS + timedelta(seconds=1))
    assert lapsed.do("paid", installments_left=1) == "Task_confirm_installment"
    assert lapsed.do("lapse") == "End_paid"
    objected = Driver()
    objected.to_notice()
    objected.fire(ENDS + timedelta(seconds=1))
    objected.do("paid", installments_left=1)
    objected.do("confirm")
    objected.engine.send_message(objected.instance, "notice_published", ENDS.isoformat())
    objected.engine.send_message(objected.instance, "objection", {"reason": "x"})
    assert objected.do("uphold", paid_before=True) == "End_paid"


@pytest.mark.parametrize("stage", ["township", "department"])
def test_return_and_resubmit(stage):
    d = Driver()
    if stage == "department":
        assert d.do("approve") == "Task_department_review"
    assert d.do("return") == "Task_correct_claim"
    expected = "Task_township_review" if stage == "township" else "Task_department_review"
    assert d.do("resubmit", certificate_code="PY-27") == expected
    if stage == "department":  # a corrected certificate is routed again
        assert d.engine.state(d.instance).data["department"] == "transport"


@pytest.mark.parametrize(("stage", "identity_changed", "expected"), [
    ("township", False, "Task_township_review"),
    ("township", True, "Task_township_review"),
    ("department", False, "Task_department_review"),
    ("department", True, "Task_township_review"),  # 003 三(三): identity is the township's
])
def test_a_correction_goes_back_by_what_it_changes(stage, identity_changed, expected):
    d = Driver()
    if stage == "department":
        assert d.do("approve") == "Task_department_review"
    assert d.do("return") == "Task_correct_claim"
    assert d.do("resubmit", identity_changed=identity_changed) == expected
    if stage == "department" and identity_changed:  # then the certificate again
        assert d.do("approve") == "Task_department_review"
        assert d.engine.state(d.instance).data["department"] == "market"


@pytest.mark.parametrize("identity_changed", [False, True])
def test_a_claim_without_a_township_goes_to_the_reviewer_the_service_names(identity_changed):
    # Lanzhou and Huzhou claims name no township (their documents have no township step): the
    # HR bureau's reviewers check identity and certificate together, so every correction goes
    # back to them.
    d = Driver()
    d.instance = d.engine.start(SPEC, {"township": "", "certificate_code": "B-109",
                                       "certificate_level": "", "catalogue_department":
                                       "hr_bureau"})
    assert d.task() == "Task_department_review"
    assert d.engine.state(d.instance).data["department"] == "hr_bureau"
    assert d.do("return") == "Task_correct_claim"
    assert d.do("resubmit", identity_changed=identity_changed) == "Task_department_review"
    assert d.engine.state(d.instance).data["department"] == "hr_bureau"
    assert d.do("approve") == "Task_bureau_acceptance"


@pytest.mark.parametrize("code", ["PY-2", "Y-24", "PY-3", "5", ""])
def test_a_code_inside_a_single_code_rule_is_not_routed_by_it(code):
    # `? in ("PY-24")` tested a substring of "PY-24"; a later catalogue version may add any
    # code, and it must reach the department its entry names (the DMN's last rule).
    engine = build_runtime().engine
    instance = engine.start(SPEC, {"township": "baiyang", "certificate_code": code,
                                   "certificate_level": "", "catalogue_department": "housing"})
    engine.complete(instance, engine.state(instance).ready_tasks[0].id, {"decision": "approve"})
    assert engine.state(instance).data["department"] == "housing"


@pytest.mark.parametrize("approvals", [0, 1, 2])
def test_reject_at_each_review(approvals):
    d = Driver()
    for _ in range(approvals):
        d.do("approve")
    assert d.do("reject") == "End_rejected"


def test_objection_upheld_and_dismissed():
    d = Driver()
    d.to_notice()
    d.restart()
    d.engine.send_message(d.instance, "objection", {"reason": "x"})
    assert d.task() == "Task_objection_review"
    assert d.do("dismiss") == "waiting"
    assert d.engine.state(d.instance).next_timer_at == ENDS
    d.restart()
    d.engine.send_message(d.instance, "objection", {"reason": "y"})
    assert d.do("uphold") == "End_rejected"


@pytest.mark.parametrize("steps", [[], ["approve"], ["return"]])
def test_withdraw_before_acceptance(steps):
    d = Driver()
    for step in steps:
        d.do(step)
    d.restart()
    d.engine.send_message(d.instance, "withdraw", {})
    assert d.engine.state(d.instance).end_event == "End_withdrawn"


def test_withdraw_refused_after_acceptance():
    d = Driver()
    d.do("approve")
    d.do("approve")
    with pytest.raises(NotWaitingError):
        d.engine.send_message(d.instance, "withdraw", {})
    d.do("approve")
    with pytest.raises(NotWaitingError):
        d.engine.send_message(d.instance, "withdraw", {})
    with pytest.raises(NotWaitingError):  # not on notice yet: nothing to object to
        d.engine.send_message(d.instance, "objection", {})


def test_payment_failed_account_fixed_paid():
    d = Driver()
    d.to_notice()
    d.fire(ENDS + timedelta(days=1))
    assert d.do("failed") == "Task_correct_account"
    assert d.do("resubmit") == "Task_record_payment"
    assert d.do("paid") == "End_paid"
    d.restart()
    assert d.effects == ["payment.request", "payment.request"]


def test_completing_a_completed_task_is_refused():
    d = Driver()
    first = d.engine.state(d.instance).ready_tasks[0].id
    d.engine.complete(d.instance, first, {"decision": "approve"})
    with pytest.raises(TaskNotReadyError):
        d.engine.complete(d.instance, first, {"decision": "approve"})
    with pytest.raises(TaskNotReadyError):
        d.engine.complete(d.instance, "not-a-uuid", {})
