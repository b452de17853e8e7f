"""What a definition contains, element by element, read from its XML (screened first).

The outline is what people compare and check: tasks, events, gateways, flows, lanes, decisions
and decision rules, each with the attributes the engine acts on (lane, form, stage, condition,
timer, message, decision, script, rule entries). Diagram layout is left out: moving a box is not
a change to the process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from workflow.engine.xml_safety import safe_tree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN, "spiffworkflow": SPIFF}

CATEGORIES = ("task", "event", "gateway", "flow", "lane", "decision", "rule")


@dataclass(frozen=True)
class Element:
    id: str
    category: str  # one of CATEGORIES
    kind: str  # the XML tag: userTask, exclusiveGateway, sequenceFlow, rule, ...
    file: str
    details: tuple[tuple[str, str], ...]  # (attribute, value) in a fixed order

    def get(self, key: str, default: str = "") -> str:
        return next((v for k, v in self.details if k == key), default)

    @property
    def name(self) -> str:
        return self.get("name")


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _category(kind: str) -> str | None:
    if kind.endswith("Gateway"):
        return "gateway"
    if kind.endswith("Event"):
        return "event"
    if kind.endswith("Task") or kind in {"task", "callActivity", "subProcess", "transaction"}:
        return "task"
    if kind == "sequenceFlow":
        return "flow"
    return None


def _text(node: etree._Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def _bpmn(file: str, root: etree._Element) -> list[Element]:
    messages = {m.get("id"): m.get("name") or m.get("id")
                for m in root.iterfind(".//bpmn:message", NS)}
    lane_of = {_text(ref): lane.get("name") or lane.get("id", "")
               for lane in root.iterfind(".//bpmn:lane", NS)
               for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
    found = [Element(lane.get("id", ""), "lane", "lane", file,
                     (("name", lane.get("name", "")),))
             for lane in root.iterfind(".//bpmn:lane", NS)]
    for process in root.iterfind(".//bpmn:process", NS):
        for node in process.iter():
            if not isinstance(node.tag, str) or not node.tag.startswith("{" + BPMN):
                continue  # comments, processing instructions, extension elements
            kind = _local(node.tag)
            category = _category(kind)
            if category is None or not node.get("id"):
                continue
            details = [("name", node.get("name", ""))]
            if category == "flow":
                details += [("from", node.get("sourceRef", "")), ("to", node.get("targetRef", "")),
                            ("condition", _text(node.find("bpmn:conditionExpression", NS)))]
            else:
                details.append(("lane", lane_of.get(node.get("id", ""), "")))
                details += _node_details(node, messages)
            found.append(Element(node.get("id", ""), category, kind, file,
                                 tuple((k, v) for k, v in details if v or k == "name")))
    return found


def _node_details(node: etree._Element, messages: Mapping[str, str]) -> list[tuple[str, str]]:
    details: list[tuple[str, str]] = []
    for prop in node.iterfind("bpmn:extensionElements/spiffworkflow:properties/"
                              "spiffworkflow:property", NS):
        details.append((prop.get("name", ""), prop.get("value", "")))
    details.append(("decision", _text(node.find(
        "bpmn:extensionElements/spiffworkflow:calledDecisionId", NS))))
    operator = node.find("bpmn:extensionElements/spiffworkflow:serviceTaskOperator", NS)
    details.append(("operator", operator.get("id", "") if operator is not None else ""))
    details.append(("script", _text(node.find("bpmn:script", NS))))
    for tag in ("preScript", "postScript"):
        details.append((tag, _text(node.find(f"bpmn:extensionElements/spiffworkflow:{tag}",
                                              NS))))
    if node.get("attachedToRef"):
        details.append(("attached to", node.get("attachedToRef", "")))
        details.append(("interrupting", node.get("cancelActivity", "true")))
    for timer in node.iterfind("bpmn:timerEventDefinition", NS):
        for child in timer:
            details.append((f"timer {_local(child.tag)}", _text(child)))
    for message in node.iterfind("bpmn:messageEventDefinition", NS):
        details.append(("message", messages.get(message.get("messageRef"), "")))
        details.append(("message variable", _text(message.find(
            "bpmn:extensionElements/spiffworkflow:messageVariable", NS))))
    return details


def _dmn(file: str, root: etree._Element) -> list[Element]:
    found: list[Element] = []
    for decision in root.iter("{*}decision"):
        table = decision.find("{*}decisionTable")
        columns = [] if table is None else [
            _text(i.find("{*}inputExpression/{*}text")) for i in table.iterfind("{*}input")]
        outputs = [] if table is None else [o.get("name") or o.get("label", "")
                                            for o in table.iterfind("{*}output")]
        found.append(Element(decision.get("id", ""), "decision", "decision", file, (
            ("name", decision.get("name", "")),
            ("hit policy", table.get("hitPolicy", "UNIQUE") if table is not None else ""),
            ("inputs", ", ".join(columns)), ("outputs", ", ".join(outputs)))))
        for number, rule in enumerate([] if table is None else table.iterfind("{*}rule"), 1):
            when = [_text(e.find("{*}text")) for e in rule.iterfind("{*}inputEntry")]
            then = [_text(e.find("{*}text")) for e in rule.iterfind("{*}outputEntry")]
            found.append(Element(rule.get("id", ""), "rule", "rule", file, (
                ("name", _text(rule.find("{*}description"))),
                ("decision", decision.get("id", "")), ("row", str(number)),
                ("when", " | ".join(f"{c} {w}" for c, w in zip(columns, when, strict=False))),
                ("then", " | ".join(f"{o} = {t}"
                                    for o, t in zip(outputs, then, strict=False))))))
    return found


def outline(files: Mapping[str, str]) -> dict[str, Element]:
    """Every element of every file, by id (screened: raises HostileFileError)."""
    found: dict[str, Element] = {}
    for name in sorted(files):
        root = safe_tree(name, files[name])
        for element in (_dmn if name.endswith(".dmn") else _bpmn)(name, root):
            found.setdefault(element.id, element)
    return found
