"""A pack's revisable table: the entries in force after versions 1..n, and why an
administrator's addition or retirement is refused.

Every pack keeps its own table (Pengyang 附件1, Lanzhou 附件2 categories and 附件3, Huzhou's
shortage list) but an administrator drafts changes to each the same way (`versions`). A code
names one entry forever: a retired code is never reused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from workflow.domain.phrases import said
from workflow.domain.versions import ADD, RETIRE, EntryChange, PackVersion

Chain = Sequence[PackVersion]
Draft = Sequence[EntryChange]


@dataclass(frozen=True)
class Row:
    """An entry of a table as an administrator sees it."""

    code: str
    name: str
    group: str  # Pengyang: the catalogue group; Lanzhou: A–D or 附件3; Huzhou: its category
    clause: str


@dataclass(frozen=True)
class Added:
    """A field an administrator fills to add an entry to a pack's table (the form's
    `add_<name>`, always required): a text of at most `max_length` characters, one of `choices`,
    or an amount in yuan (`yuan`, given to `TableRules.addition` in fen)."""

    name: str
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    yuan: bool = False


def coded(values: Mapping[str, object]) -> EntryChange:
    """The addition of an entry the administrator gives its code, name, group and clause."""
    return EntryChange(ADD, str(values["code"]), str(values["clause"]), str(values["name"]),
                       str(values["group"]))


# The fields of an entry with its own code (Huzhou's national occupation codes).
CODED = (Added("code", 16), Added("name", 128), Added("group", 128), Added("clause", 256))


@dataclass(frozen=True)
class TableRules:
    """How one pack's table is read and revised.

    `prepare` turns an administrator's addition into the change to store (a pack may assign the
    code) with the problems found; `form` is the addition form's part that asks the fields of
    `adds` (web/pages loads it as packs/<pack>/<file>, as Filing.template)."""

    rows: Callable[[Chain], Mapping[str, Row]]  # in force after the chain, by code
    retired: Callable[[Chain], Mapping[str, Row]]  # retired by the chain, by code
    prepare: Callable[[Chain, Draft, EntryChange], tuple[EntryChange, dict[str, str]]]
    groups: Callable[[Chain], list[str]]
    form: str
    # What an administrator gives to add an entry, and the change it makes (`prepare` then
    # checks it): the page builds its form's schema from `adds` (web.pages.policy_admin).
    adds: tuple[Added, ...] = CODED
    addition: Callable[[Mapping[str, object]], EntryChange] = coded


def text_problems(change: EntryChange, names: Sequence[str]) -> dict[str, str]:
    """Required texts of a change and their column widths (policy_changes)."""
    limits = {"name": 128, "group": 128, "clause": 256}
    found: dict[str, str] = {}
    for name in names:
        text = getattr(change, name)
        if not text.strip():
            found[name] = "Missing data for required field."
        elif len(text) > limits[name]:
            found[name] = said("at most %(count)s characters", count=limits[name])
    return found


def retirement(rules: TableRules, chain: Chain, draft: Draft,
               change: EntryChange) -> tuple[EntryChange, dict[str, str]]:
    """The retirement to store (named as the table names the entry) and why it is refused."""
    rows = rules.rows(chain)
    found: dict[str, str] = {}
    if change.code not in rows:
        found["code"] = ("this entry is already retired" if change.code in rules.retired(chain)
                         else "no such entry in force in the catalogue")
    elif any(c.code == change.code for c in draft):
        found["code"] = "the draft already changes this entry"
    found.update(text_problems(change, ("clause",)))
    row = rows.get(change.code)
    if row is None:
        return change, found
    return EntryChange(RETIRE, change.code, change.clause, row.name, row.group), found


def applied(first: Mapping[str, Row], chain: Chain,
            added: Callable[[EntryChange], Row]) -> tuple[dict[str, Row], dict[str, Row]]:
    """(in force, retired) after every change of versions 2..n applied to version 1's rows."""
    rows, retired = dict(first), {}
    for version in chain[1:]:
        for change in version.changes:
            if change.kind == ADD:
                rows[change.code] = added(change)
            elif change.kind == RETIRE and change.code in rows:
                retired[change.code] = rows.pop(change.code)
    return rows, retired
