"""Lanzhou New Area's occupation tables as in force in one version of the pack.

Version 1 is 附件2 (occupations by category A/B/C/D) and 附件3 (the shortage list) of
000_52f3d35499bfb498.txt, as `lanzhou.catalogue` transcribes them. 附件2 names occupations
without codes, so each entry gets one: its category and place as printed ("B-107" is the 107th
occupation of category B), and 附件3 rows their row number ("S-1"). An entry a later version
adds gets the next number of its list; a retired code is never reused. To move an occupation to
another category, retire it and add it under the new one.

Claims and quotes name the occupation (附件2 has only names); 附件3 rows of version 1 are also
found by their national occupation code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from workflow.domain.policy.lanzhou.catalogue import (
    CATEGORY_A,
    CATEGORY_B,
    CATEGORY_C,
    CATEGORY_D,
    SHORTAGE_LIST,
)
from workflow.domain.policy.tables import (
    Added,
    Chain,
    Draft,
    Row,
    TableRules,
    applied,
    text_problems,
)
from workflow.domain.versions import ADD, EntryChange

SOURCE = "000_52f3d35499bfb498.txt"
CATEGORIES = {"A": CATEGORY_A, "B": CATEGORY_B, "C": CATEGORY_C, "D": CATEGORY_D}
SHORTAGE = "S"  # the code prefix of 附件3 rows
SHORTAGE_GROUP = "附件3"
_MARK = re.compile(r"\s+[SL]$|[（(].*[)）]$")  # the classification's S/L marks, a bracketed note


def plain_name(name: str) -> str:
    """An occupation's name without the national classification's marks or a bracketed list."""
    return _MARK.sub("", name.strip()).strip()


@dataclass(frozen=True)
class ShortageRow:
    row: str  # 附件3 序号, or the code of a row a later version added
    code: str  # national occupation code ("" for a row a later version added)
    name: str
    category: str
    clause: str


@dataclass(frozen=True)
class Occupations:
    """Lookups of one version: the category of an occupation, its 附件2 code and its 附件3
    row."""

    version: int
    category_of: Mapping[str, str]  # plain name -> A..D
    code_of: Mapping[str, str]  # plain name -> its 附件2 entry (B-109), the first listed
    shortage_by_name: Mapping[str, ShortageRow]
    shortage_by_code: Mapping[str, ShortageRow]


def _first_rows() -> dict[str, Row]:
    rows = {f"{category}-{n}": Row(f"{category}-{n}", name, category,
                                   f"{SOURCE} 附件2 {category}类")
            for category, names in CATEGORIES.items() for n, name in enumerate(names, 1)}
    rows.update({f"{SHORTAGE}-{r[0]}": Row(f"{SHORTAGE}-{r[0]}", r[2], f"{SHORTAGE_GROUP} {r[3]}",
                                           f"{SOURCE} 附件3 第{r[0]}行 {r[4]}")
                 for r in SHORTAGE_LIST})
    return rows


FIRST_ROWS = _first_rows()
_NATIONAL = {f"{SHORTAGE}-{r[0]}": r[1] for r in SHORTAGE_LIST}


def _added(change: EntryChange) -> Row:
    group = (f"{SHORTAGE_GROUP} {change.group}" if change.code.startswith(f"{SHORTAGE}-")
             else change.group)
    return Row(change.code, change.name, group, change.clause)


def rows_of(chain: Chain) -> dict[str, Row]:
    return applied(FIRST_ROWS, chain, _added)[0]


def retired_of(chain: Chain) -> dict[str, Row]:
    return applied(FIRST_ROWS, chain, _added)[1]


def occupations_of(chain: Chain) -> Occupations:
    """The lookups of the last version of `chain` (versions 1..n in order)."""
    category_of: dict[str, str] = {}
    code_of: dict[str, str] = {}
    by_name: dict[str, ShortageRow] = {}
    by_code: dict[str, ShortageRow] = {}
    for code, row in rows_of(chain).items():
        if not code.startswith(f"{SHORTAGE}-"):
            category_of[plain_name(row.name)] = row.group
            code_of.setdefault(plain_name(row.name), code)
            continue
        number = code.split("-", 1)[1]
        national = _NATIONAL.get(code, "")
        shortage = ShortageRow(number if national else code, national, row.name,
                               row.group.removeprefix(f"{SHORTAGE_GROUP} "), row.clause)
        by_name.setdefault(plain_name(row.name), shortage)
        if national:
            by_code.setdefault(national, shortage)
    return Occupations(chain[-1].number if chain else 1, category_of, code_of, by_name,
                       by_code)


def _next_code(prefix: str, chain: Chain, draft: Draft) -> str:
    used = [*FIRST_ROWS, *(c.code for v in chain[1:] for c in v.changes),
            *(c.code for c in draft)]
    numbers = [int(code.split("-", 1)[1]) for code in used if code.startswith(f"{prefix}-")]
    return f"{prefix}-{max(numbers, default=0) + 1}"


def prepare(chain: Chain, draft: Draft, change: EntryChange) -> tuple[EntryChange, dict[str, str]]:
    """An addition to 附件2 (code asked: the category letter) or to 附件3 (code asked: "S",
    group: the row's category), numbered next in its list."""
    found = text_problems(change, ("name", "clause"))
    prefix = change.code.strip().upper()
    category = change.group.strip().upper() if prefix == SHORTAGE else prefix
    if prefix not in (*CATEGORIES, SHORTAGE):
        found["code"] = "choose 附件2 (a category) or 附件3 (the shortage list)"
    if category not in CATEGORIES:
        found["group"] = "choose the category A, B, C or D"
    if change.amount_fen is not None:
        found["amount"] = "Lanzhou's amounts are set per category, not per occupation"
    name = plain_name(change.name)
    retiring = {c.code for c in draft if c.kind != ADD}
    in_list = [row for code, row in rows_of(chain).items() if code not in retiring
               and code.startswith(f"{SHORTAGE}-") == (prefix == SHORTAGE)]
    drafted = [c for c in draft if c.kind == ADD
               and c.code.startswith(f"{SHORTAGE}-") == (prefix == SHORTAGE)]
    if name and "name" not in found and (any(plain_name(r.name) == name for r in in_list)
                                         or any(plain_name(c.name) == name for c in drafted)):
        found["name"] = ("this occupation is on the shortage list already" if prefix == SHORTAGE
                         else "this occupation has a category already; retire it first to "
                              "move it")
    code = _next_code(prefix, chain, draft) if not found else prefix
    return EntryChange(ADD, code, change.clause.strip(), change.name.strip(), category), found


def groups(chain: Chain) -> list[str]:
    return [*CATEGORIES]


def addition(values: Mapping[str, object]) -> EntryChange:
    """The code asked is the list (附件2 under its category, or 附件3): `prepare` numbers the
    entry in it."""
    code = "S" if values["list"] == "shortage" else str(values["group"])
    return EntryChange(ADD, code, str(values["clause"]), str(values["name"]),
                       str(values["group"]))


RULES = TableRules(rows_of, retired_of, prepare, groups, "packs/lanzhou/table_addition.html",
                   adds=(Added("list", choices=("category", "shortage")),
                         Added("group", choices=tuple(CATEGORIES)), Added("name", 128),
                         Added("clause", 256)), addition=addition)
