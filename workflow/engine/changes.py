"""A readable difference between two versions: elements added, removed or changed, by kind.

Elements are matched by id (what SpiffWorkflow's own SpecDiff aligns on first); a changed
element lists each attribute with its old and new value. Layout is not compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workflow.engine.outline import CATEGORIES, Element, outline


@dataclass(frozen=True)
class Change:
    id: str
    category: str
    kind: str
    name: str
    what: str  # added, removed, changed
    attributes: tuple[tuple[str, str, str], ...] = ()  # (attribute, old, new) when changed


@dataclass(frozen=True)
class Difference:
    changes: tuple[Change, ...]

    def by_category(self) -> list[tuple[str, list[Change]]]:
        """Changes grouped in the order tasks, events, gateways, flows, lanes, decisions, rules."""
        return [(c, [x for x in self.changes if x.category == c]) for c in CATEGORIES
                if any(x.category == c for x in self.changes)]

    def count(self, what: str) -> int:
        return sum(1 for c in self.changes if c.what == what)


def compare(old: Mapping[str, Element], new: Mapping[str, Element]) -> Difference:
    """The changes that turn `old` into `new`."""
    changes: list[Change] = []
    for key, element in new.items():
        before = old.get(key)
        if before is None:
            changes.append(Change(key, element.category, element.kind, element.name, "added"))
        elif before.details != element.details or before.kind != element.kind:
            changes.append(Change(key, element.category, element.kind, element.name, "changed",
                                  _attributes(before, element)))
    changes += [Change(key, e.category, e.kind, e.name, "removed")
                for key, e in old.items() if key not in new]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    changes.sort(key=lambda c: (order[c.category], c.what, c.id))
    return Difference(tuple(changes))


def compare_files(old: Mapping[str, str], new: Mapping[str, str]) -> Difference:
    """`compare` on the outlines of two sets of files (each screened as it is read)."""
    return compare(outline(old), outline(new))


def _attributes(before: Element, after: Element) -> tuple[tuple[str, str, str], ...]:
    keys = list(dict.fromkeys([k for k, _ in before.details] + [k for k, _ in after.details]))
    found = [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
    if before.kind != after.kind:
        found.insert(0, ("type", before.kind, after.kind))
    return tuple(found)
