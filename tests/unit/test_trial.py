"""Test runs of a definition: every path of the shipped process, and drafts that fail one."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import BPMN_DIR
from workflow.domain.claims import FORM_DECISIONS
from workflow.engine import trial
from workflow.engine.definitions import parse
from workflow.services.definitions import read_directory
from workflow.services.process_trials import test_run as run_draft
from workflow.services.runtime import build_runtime

FILES = read_directory(BPMN_DIR)
BPMN = "subsidy_claim.bpmn"
NOW = datetime(2026, 11, 2, tzinfo=UTC)


def _run(files=FILES):
    return run_draft(build_runtime(), "subsidy_claim", files, NOW)


def test_every_path_of_the_shipped_process_ends():
    result = _run()
    assert result.ok and result.unreached == ()
    # Two more ways to End_paid than before installments: a later installment confirmed (and
    # paid after its own notice), and one lapsed; one more since identity changes after a
    # department's return go back to the township.
    assert result.ends() == {"End_paid": 8, "End_rejected": 4, "End_withdrawn": 3}
    # The usual choice is explored first, depth first: the identity change is first met after
    # the department's return, the one it changes.
    assert any(p.steps[1:4] == ("Task_department_review: return",
                                "Task_correct_claim: resubmit, identity changed",
                                "Task_township_review: approve") for p in result.paths)
    taken = {step for path in result.paths for step in path.steps}
    for task, form in [("Task_township_review", "review"), ("Task_department_review", "review"),
                       ("Task_bureau_acceptance", "acceptance"),
                       ("Task_objection_review", "objection_review"),
                       ("Task_record_payment", "payment_result"),
                       ("Task_confirm_installment", "installment_condition")]:
        assert {f"{task}: {d}" for d in FORM_DECISIONS[form]} <= taken
    assert "Gateway_notice: message objection" in taken
    # A confirmed installment goes through its own public notice and payment.
    assert any(p.steps[-5:] == ("Task_record_payment: paid, another installment follows",
                                "Task_confirm_installment: confirm",
                                "Event_notice_published: message notice_published",
                                "Gateway_notice: timer 2026-11-09T00:00:00+00:00",
                                "Task_record_payment: paid") for p in result.paths)
    assert "Task_township_review: message withdraw" in taken
    # A failed payment goes to the applicant and is then paid.
    assert any(p.steps[-3:] == ("Task_record_payment: failed", "Task_correct_account: resubmit",
                                "Task_record_payment: paid") for p in result.paths)


def test_a_gateway_without_a_way_out_fails_its_path_naming_it():
    files = {**FILES, BPMN: FILES[BPMN].replace('decision == "reject"', 'decision == "refuse"', 1)}
    result = _run(files)
    assert not result.ok
    (failed,) = result.failed
    assert failed.steps == ("Task_township_review: reject",)
    assert "Gateway_township" in (failed.error or "")


def test_an_endless_loop_is_cut_and_reported():
    looping = FILES[BPMN].replace(
        'sourceRef="Gateway_payment" targetRef="Gateway_installments"',
        'sourceRef="Gateway_payment" targetRef="Task_request_payment"')
    looping = looping.replace("<bpmn:incoming>Flow_account_corrected</bpmn:incoming>",
                              "<bpmn:incoming>Flow_account_corrected</bpmn:incoming>"
                              "<bpmn:incoming>Flow_payment_paid</bpmn:incoming>", 1)
    result = _run({**FILES, BPMN: looping})
    assert any(p.error == "more than 30 steps: a loop?" for p in result.failed)
    assert "End_paid" not in result.ends()


def test_a_wait_nobody_ends_is_reported_as_stuck():
    definition = parse("subsidy_claim", FILES)
    scenario = trial.Scenario(
        start_data={"township": "baiyang", "certificate_code": "PY-22", "certificate_level": ""},
        decisions={"review": ("approve",), "acceptance": ("approve",)},
        task_data=lambda task, decision: {"decision": decision}, messages={}, now=NOW)
    result = trial.run(build_runtime().engine, definition, scenario)
    (path,) = result.paths
    assert path.error == "stuck: Event_notice_published"
    assert "End_paid" in result.unreached
