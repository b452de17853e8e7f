"""Every check a definition passes before it may be deployed, each problem naming its element.

In order: hostile files are refused before parsing (xml_safety); each file is validated against
the BPMN 2.0 (with SpiffWorkflow's extensions) or DMN schema SpiffWorkflow ships; the outline is
checked against what the rest of butie knows (the `Contract`: lanes that map to roles, forms the
web layer renders, stages, the messages the services send, the service operators they handle,
decisions that exist); then the engine's own parser builds the spec and every expression is
compiled in the restricted script environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS as DMN_SCHEMAS
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser import VALIDATOR
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from workflow.domain.phrases import said
from workflow.engine.definitions import expression_problems
from workflow.engine.outline import BPMN, SPIFF, Element, outline
from workflow.engine.xml_safety import HostileFileError, safe_tree


@dataclass(frozen=True)
class Problem:
    file: str
    element: str  # the element's id; "" when the problem is the whole file
    message: str  # a Said: a page says it in the reader's language (web.pages.phrasing)

    def __str__(self) -> str:
        where = f"{self.file} {self.element}".strip()
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Contract:
    """What the services and the web layer know; a definition must stay inside it."""

    lanes: frozenset[str]
    forms: frozenset[str]
    stages: frozenset[str]
    messages: frozenset[str]  # the services send these: something must catch each
    operators: frozenset[str]


def validate(process_id: str, files: Mapping[str, str], contract: Contract) -> list[Problem]:
    """Every problem found, in file order; an empty list means the definition may be deployed."""
    problems: list[Problem] = []
    trees: dict[str, etree._Element] = {}
    for name in sorted(files):
        if not name.endswith((".bpmn", ".dmn")):
            problems.append(Problem(name, "", said(
                "only .bpmn and .dmn files belong to a process")))
            continue
        try:
            trees[name] = safe_tree(name, files[name])
        except HostileFileError as exc:
            problems.append(Problem(name, "", exc.refused))
    if problems:
        return problems  # nothing further is parsed from a hostile or foreign file
    for name, root in trees.items():
        problems += _schema_problems(name, root)
    elements = outline(files)
    problems += _contract_problems(process_id, elements, contract)
    if not problems:
        problems += _engine_problems(process_id, trees)
    return problems


def _schema_problems(name: str, root: etree._Element) -> list[Problem]:
    if name.endswith(".dmn"):
        namespace = etree.QName(root).namespace or ""
        if namespace not in DMN_SCHEMAS:
            return [Problem(name, "", said("unsupported DMN namespace %(ns)s",
                                            ns=repr(namespace)))]
        schema = _dmn_schema(namespace)
    else:
        VALIDATOR.preprocess(root)  # bpmn-js's correlation expressions, as the parser does
        schema = VALIDATOR.validator
    if schema.validate(root):
        return []
    return [Problem(name, _element_at(root, error.line), said(
        "schema: %(detail)s", detail=f"{_short(error.message)} (line {error.line})"))
        for error in schema.error_log][:20]


def _short(message: str) -> str:
    """Schema messages with prefixes instead of whole namespace URIs."""
    for prefix, uri in (("bpmn:", BPMN), ("spiffworkflow:", SPIFF)):
        message = message.replace("{" + uri + "}", prefix)
    return message


@lru_cache(maxsize=4)
def _dmn_schema(namespace: str) -> etree.XMLSchema:
    return BpmnValidator(DMN_SCHEMAS[namespace]).validator


def _element_at(root: etree._Element, line: int) -> str:
    """The id of the innermost element with an id that starts on or encloses `line`."""
    best = ""
    for node in root.iter():
        if node.sourceline is not None and node.sourceline > line:
            break
        if node.get("id"):
            best = node.get("id", "")
    return best


def _contract_problems(process_id: str, elements: Mapping[str, Element],
                       contract: Contract) -> list[Problem]:
    problems: list[Problem] = []
    decisions = {e.id for e in elements.values() if e.category == "decision"}
    caught = {e.get("message") for e in elements.values()
              if e.kind in {"intermediateCatchEvent", "boundaryEvent", "receiveTask"}}
    for e in elements.values():
        if e.category == "lane" and e.name not in contract.lanes:
            problems.append(Problem(e.file, e.id, said(
                "lane %(lane)s maps to no role; known lanes: %(known)s", lane=repr(e.name),
                known=", ".join(sorted(contract.lanes)))))
        if e.kind == "userTask":
            problems += _user_task_problems(e, contract)
        if e.kind == "businessRuleTask" and e.get("decision") not in decisions:
            problems.append(Problem(e.file, e.id, said(
                "calls decision %(decision)s, which no .dmn file defines",
                decision=repr(e.get("decision")))))
        if e.kind == "serviceTask" and e.get("operator") not in contract.operators:
            problems.append(Problem(e.file, e.id, said(
                "service operator %(operator)s is not handled by butie",
                operator=repr(e.get("operator")))))
    for message in sorted(contract.messages - caught):
        problems.append(Problem("", process_id, said(
            "nothing catches the message %(message)s, which butie sends", message=repr(message))))
    return problems


def _user_task_problems(e: Element, contract: Contract) -> list[Problem]:
    problems = []
    if e.get("form") not in contract.forms:
        problems.append(Problem(e.file, e.id, said(
            "user task %(task)s has form %(form)s; known forms: %(known)s", task=repr(e.name),
            form=repr(e.get("form")), known=", ".join(sorted(contract.forms)))))
    if e.get("stage") not in contract.stages:
        problems.append(Problem(e.file, e.id, said(
            "user task %(task)s has stage %(stage)s, which is not a claim stage",
            task=repr(e.name), stage=repr(e.get("stage")))))
    if not e.get("lane"):
        problems.append(Problem(e.file, e.id, said(
            "user task %(task)s is in no lane, so no role may complete it", task=repr(e.name))))
    return problems


def _engine_problems(process_id: str, trees: Mapping[str, etree._Element]) -> list[Problem]:
    """Build the spec with the engine's own parser, then compile every expression."""
    parser = SpiffBpmnParser()
    try:
        for name, root in trees.items():
            if name.endswith(".dmn"):
                parser.add_dmn_xml(root, filename=name)
            else:
                parser.add_bpmn_xml(root, filename=name)
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
    except SpiffWorkflowException as exc:
        return [Problem(getattr(exc, "file_name", "") or "", getattr(exc, "id", "") or "",
                        str(exc).strip())]
    except (KeyError, ValueError, AttributeError) as exc:
        return [Problem("", process_id, f"the engine cannot build the process: {exc}")]
    found: list[Any] = []
    for each in [spec, *subprocess_specs.values()]:
        found += [Problem(_file_of(each), element, message)
                  for element, message in expression_problems(each)]
    return found


def _file_of(spec: Any) -> str:
    return str(getattr(spec, "file", "") or "").rsplit("/", 1)[-1]
