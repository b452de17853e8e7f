"""A process diagram with its labels in the reader's language, for drawing only.

The diagram's names are what a reader sees on it: an administrator may write them in Chinese,
the shipped diagram has them in English (its catalogue translates them). Element ids
(`Task_township_review`) are the engine's, never a reader's. Only the names of what the viewer
draws change (tasks, events, gateways, flows, lanes, pools): message and property names are
the engine's too, and stay as they are; the engine never reads this copy.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from workflow.engine.outline import BPMN
from workflow.engine.xml_safety import safe_tree

DRAWN = frozenset({"lane", "participant", "sequenceFlow", "task", "callActivity", "subProcess",
                   "transaction"})


def _drawn(node: etree._Element) -> bool:
    if not isinstance(node.tag, str) or not node.tag.startswith("{" + BPMN + "}"):
        return False  # comments, processing instructions, extension elements
    kind = etree.QName(node.tag).localname
    return kind in DRAWN or kind.endswith(("Task", "Event", "Gateway"))


def relabel(name: str, xml: str, translate: Callable[[str], str]) -> tuple[str, dict[str, str]]:
    """(the diagram with each drawn element's name translated, those names by element id).
    Screened like every definition file (raises HostileFileError)."""
    root = safe_tree(name, xml)
    names: dict[str, str] = {}
    for node in root.iter():
        if not _drawn(node) or not node.get("name"):
            continue
        said = translate(node.get("name", ""))
        node.set("name", said)
        if node.get("id"):
            names[node.get("id", "")] = said
    text = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text, names
