"""Validation before deploy: each rule and each hostile file, every problem naming its element."""

from __future__ import annotations

import pytest

from tests.conftest import BPMN_DIR
from workflow.engine import validation
from workflow.engine.validation import Problem
from workflow.services.definitions import check, read_directory

FILES = read_directory(BPMN_DIR)
BPMN = "subsidy_claim.bpmn"
DMN = "department_routing.dmn"


def _with(name: str, old: str, new: str, count: int = 1) -> dict[str, str]:
    changed = FILES[name].replace(old, new, count)
    assert changed != FILES[name], f"{old!r} is not in {name}"
    return {**FILES, name: changed}


def _only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_the_shipped_definition_passes_every_check():
    assert check("subsidy_claim", FILES) == []


# --- hostile files: refused before any parser that resolves anything sees them ---------------

HOSTILE = {
    "external entity (XXE)": ('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "DTD"),
    "external DTD": ('<!DOCTYPE d SYSTEM "http://127.0.0.1:9/evil.dtd">', "DTD"),
    "parameter entity": ('<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;]>',
                         "DTD"),
    "billion laughs": ('<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
                       '<!ENTITY c "&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;">]>',
                       "DTD"),
}


@pytest.mark.parametrize("prologue,expected", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("name", [BPMN, DMN])
def test_hostile_prologues_are_refused_before_parsing(monkeypatch, name, prologue, expected):
    class Tripwire:
        def __init__(self, *args, **kwargs):
            raise AssertionError("the engine's parser saw a hostile file")

    monkeypatch.setattr(validation, "SpiffBpmnParser", Tripwire)
    root = "<bpmn:definitions" if name == BPMN else "<definitions"
    problem = _only(check("subsidy_claim", _with(name, root, prologue + root)))
    assert (problem.file, problem.element) == (name, "")
    assert expected in problem.message


def test_an_entity_reference_inside_the_document_is_refused():
    files = _with(BPMN, 'name="Bureau acceptance"', 'name="&x;"')
    assert "well-formed" in _only(check("subsidy_claim", files)).message


def test_xinclude_is_never_expanded():
    include = ('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
               'href="file:///etc/passwd" parse="text"/>')
    files = _with(BPMN, "<spiffworkflow:parameters/>", "<spiffworkflow:parameters/>" + include)
    problems = check("subsidy_claim", files)
    assert not any("root:" in p.message for p in problems)


def test_oversized_malformed_and_foreign_files_are_refused():
    huge = {**FILES, BPMN: FILES[BPMN] + " " * (2 * 1024 * 1024)}
    assert "larger than" in _only(check("subsidy_claim", huge)).message
    broken = {**FILES, BPMN: FILES[BPMN][:500]}
    assert "not well-formed" in _only(check("subsidy_claim", broken)).message
    script = {**FILES, "evil.js": "alert(1)"}
    assert _only(check("subsidy_claim", script)).file == "evil.js"


# --- schema -------------------------------------------------------------------------------

def test_schema_errors_name_the_enclosing_element():
    files = _with(BPMN, "<bpmn:incoming>Flow_identity_township</bpmn:incoming>", "<bpmn:bogus/>")
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Task_township_review"
    assert "schema" in problem.message and "bpmn:bogus" in problem.message


def test_dmn_schema_is_checked_too():
    files = _with(DMN, '<rule id="Rule_police">', '<rule id="Rule_police"><oops/>')
    problem = _only(check("subsidy_claim", files))
    assert (problem.file, problem.element) == (DMN, "Rule_police")


def test_an_unknown_dmn_version_is_named():
    files = _with(DMN, "https://www.omg.org/spec/DMN/20191111/MODEL/",
                  "https://www.omg.org/spec/DMN/20230324/MODEL/")
    assert "unsupported DMN namespace" in _only(check("subsidy_claim", files)).message


# --- what the rest of butie relies on -----------------------------------------------------

def test_every_lane_maps_to_a_role():
    problem = _only(check("subsidy_claim", _with(BPMN, 'name="Finance"', 'name="Treasury"')))
    assert problem.element == "Lane_finance" and "Treasury" in problem.message


def test_every_user_task_has_a_form_the_web_layer_knows():
    files = _with(BPMN, 'value="payment_result"', 'value="payment_slip"')
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Task_record_payment" and "payment_slip" in problem.message


def test_every_user_task_has_a_claim_stage():
    files = _with(BPMN, '<spiffworkflow:property name="stage" value="payment"/>', "")
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Task_record_payment" and "stage" in problem.message


def test_every_user_task_sits_in_a_lane():
    files = _with(BPMN, "<bpmn:flowNodeRef>Task_objection_review</bpmn:flowNodeRef>", "")
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Task_objection_review" and "no lane" in problem.message


def test_every_called_decision_exists():
    files = _with(BPMN, ">department_routing<", ">routing_v2<")
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Task_route_department" and "routing_v2" in problem.message
    without_dmn = {BPMN: FILES[BPMN]}
    assert _only(check("subsidy_claim", without_dmn)).element == "Task_route_department"


def test_service_operators_must_be_handled():
    files = _with(BPMN, 'id="payment.request"', 'id="payment.wire"')
    assert _only(check("subsidy_claim", files)).element == "Task_request_payment"


def test_messages_the_services_send_must_be_caught():
    files = _with(BPMN, 'name="notice_published"', 'name="published"')
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "subsidy_claim" and "notice_published" in problem.message


def test_the_engine_parser_must_find_the_process():
    files = _with(BPMN, 'id="subsidy_claim"', 'id="subsidy_claim_v2"')
    files = {**files, BPMN: files[BPMN].replace('processRef="subsidy_claim"',
                                                'processRef="subsidy_claim_v2"')}
    assert "subsidy_claim" in _only(check("subsidy_claim", files)).message


# --- expressions in the restricted environment ---------------------------------------------

def test_a_condition_that_escapes_is_named():
    files = _with(BPMN, 'decision == "reject"', "().__class__.__base__")
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Gateway_township" and "condition" in problem.message


def test_a_script_that_imports_is_named():
    # Task_compute_amount is an empty placeholder since the pack prices claims (issue 19).
    files = _with(BPMN, "<bpmn:script>pass</bpmn:script>", "<bpmn:script>import os</bpmn:script>")
    assert _only(check("subsidy_claim", files)).element == "Task_compute_amount"


def test_a_timer_that_does_not_compile_is_named():
    files = _with(BPMN, "<bpmn:timeDate>notice_ends_at</bpmn:timeDate>",
                  "<bpmn:timeDate>notice_ends_at +</bpmn:timeDate>")
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Gateway_notice"  # an event gateway holds its events' timers
    assert "timer Notice period over" in problem.message


def test_a_decision_rule_that_escapes_is_named():
    files = _with(DMN, '"police"', "().__class__.__subclasses__()")
    problem = _only(check("subsidy_claim", files))
    assert problem.element == "Task_route_department" and "DMN rule 5" in problem.message


def test_every_problem_is_reported_at_once():
    files = _with(BPMN, 'name="Finance"', 'name="Treasury"')
    files = {**files, BPMN: files[BPMN].replace('value="payment_result"', 'value="slip"')}
    elements = {p.element for p in check("subsidy_claim", files)}
    assert elements == {"Lane_finance", "Task_record_payment"}
