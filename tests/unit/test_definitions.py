"""Every definition parses; hostile diagrams and files are refused with the element named."""

from __future__ import annotations

import pytest

from tests.conftest import BPMN_DIR
from workflow.domain.policy.pengyang.catalogue import CATALOGUE
from workflow.engine.definitions import DefinitionError, parse
from workflow.services.definitions import read_directory
from workflow.services.runtime import build_runtime

FILES = read_directory(BPMN_DIR)


def test_every_file_in_bpmn_parses():
    assert {"subsidy_claim.bpmn", "department_routing.dmn"} <= set(FILES)
    parsed = parse("subsidy_claim", FILES)
    assert "Task_township_review" in parsed.spec.task_specs


@pytest.mark.parametrize("code", [*CATALOGUE, "other"])
def test_dmn_routes_every_certificate_to_its_department(code):
    runtime = build_runtime()
    engine = runtime.engine
    instance = engine.start(parse("subsidy_claim", FILES),
                            {"township": "baiyang", "certificate_code": code,
                             "certificate_level": ""})
    engine.complete(instance, engine.state(instance).ready_tasks[0].id, {"decision": "approve"})
    expected = CATALOGUE[code].department if code in CATALOGUE else "hr_bureau"
    assert engine.state(instance).data["department"] == expected


@pytest.mark.parametrize(("code", "listed", "expected"), [
    ("PY-34", "transport", "transport"),  # added by a later pack version: the catalogue's
    ("PY-01", "market", "emergency"),  # a 附件1 code follows its row
])
def test_dmn_routes_a_code_added_later_to_the_department_its_catalogue_names(code, listed,
                                                                             expected):
    engine = build_runtime().engine
    instance = engine.start(parse("subsidy_claim", FILES),
                            {"township": "baiyang", "certificate_code": code,
                             "certificate_level": "", "catalogue_department": listed})
    engine.complete(instance, engine.state(instance).ready_tasks[0].id, {"decision": "approve"})
    assert engine.state(instance).data["department"] == expected


ESCAPES = [
    "__import__('os').system('true')",
    "().__class__.__base__.__subclasses__()",
    "decision.__globals__",
    "decision.format.__self__",
]


def test_getattr_is_not_available_to_diagrams():
    from workflow.engine.scripting import RestrictedEnvironment

    with pytest.raises(NameError):
        RestrictedEnvironment({}).evaluate("getattr(decision, '__class__')", {"decision": "x"})


@pytest.mark.parametrize("attack", ESCAPES)
def test_escape_in_a_condition_is_refused_naming_the_element(attack):
    bpmn = FILES["subsidy_claim.bpmn"].replace(
        '<bpmn:conditionExpression>decision == "reject"</bpmn:conditionExpression>',
        f"<bpmn:conditionExpression>{attack}</bpmn:conditionExpression>", 1)
    assert bpmn != FILES["subsidy_claim.bpmn"]
    with pytest.raises(DefinitionError, match="Gateway_township"):
        parse("subsidy_claim", {**FILES, "subsidy_claim.bpmn": bpmn})


def test_escape_in_a_script_is_refused_naming_the_element():
    # Task_compute_amount is an empty placeholder since the pack prices claims (issue 19).
    bpmn = FILES["subsidy_claim.bpmn"].replace(
        "<bpmn:script>pass</bpmn:script>",
        "<bpmn:script>pricing = [c for c in ().__class__.__base__.__subclasses__()]</bpmn:script>")
    assert bpmn != FILES["subsidy_claim.bpmn"]
    with pytest.raises(DefinitionError, match="Task_compute_amount"):
        parse("subsidy_claim", {**FILES, "subsidy_claim.bpmn": bpmn})


@pytest.mark.parametrize("prologue", [
    '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
])
def test_dtds_and_entities_are_refused(prologue):
    bpmn = FILES["subsidy_claim.bpmn"].replace("<bpmn:definitions", prologue + "<bpmn:definitions",
                                               1)
    with pytest.raises(DefinitionError, match="DTD"):
        parse("subsidy_claim", {**FILES, "subsidy_claim.bpmn": bpmn})


def test_oversized_and_malformed_files_are_refused():
    with pytest.raises(DefinitionError, match="larger"):
        parse("subsidy_claim", {**FILES, "subsidy_claim.bpmn": " " * (3 * 1024 * 1024)})
    with pytest.raises(DefinitionError, match="well-formed"):
        parse("subsidy_claim", {**FILES, "subsidy_claim.bpmn": "<bpmn:definitions"})
