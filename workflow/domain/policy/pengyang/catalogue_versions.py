"""Pengyang's certificate catalogue as in force in one version of the pack.

Version 1 is 附件1 of 003_6bc740e2a48a5116.txt (`catalogue.CATALOGUE`). A later version adds
entries from a new document (code, name, group, amount, reviewing department, clause) and
retires entries; a retired code is never reused, so a claim's code means one certificate
forever. Certificates outside the catalogue (二(三), 1000 yuan) are a rule, not an entry: they
are neither added nor retired.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from workflow.domain.departments import DEPARTMENTS
from workflow.domain.phrases import Phrase, phrase, said
from workflow.domain.policy.pengyang.catalogue import (
    CATALOGUE,
    OUTSIDE_CATALOGUE,
    OUTSIDE_NAME,
    CatalogueEntry,
)
from workflow.domain.versions import ADD, RETIRE, EntryChange, PackVersion

HR_BUREAU = "hr_bureau"  # 附件2 row 1: the HR bureau reviews certificates outside the catalogue
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")  # fits claims.certificate_code (16)
MAX_AMOUNT_FEN = 100_000_00  # a sanity bound: no training subsidy comes near 100,000 yuan


@dataclass(frozen=True)
class Retirement:
    entry: CatalogueEntry
    version: int
    effective_from: date
    clause: str


@dataclass(frozen=True)
class Catalogue:
    version: int
    effective_from: date
    entries: Mapping[str, CatalogueEntry]
    retired: Mapping[str, Retirement]

    def department_of(self, code: str) -> str | None:
        """附件1 实施管理部门 of an entry in force; outside the catalogue: the HR bureau."""
        if code == OUTSIDE_CATALOGUE:
            return HR_BUREAU
        entry = self.entries.get(code)
        return entry.department if entry else None

    def knows(self, code: str) -> bool:
        """Ever in the catalogue up to this version (in force or retired)."""
        return code in self.entries or code in self.retired

    def retirement_notice(self, code: str) -> str | None:
        """Why a retired code is refused, naming the version and its date; None if not retired."""
        said = self.retirement(code)
        return None if said is None else str(said)

    def retirement(self, code: str) -> Phrase | None:
        """The retirement notice as a catalogue message and its values, for pages."""
        gone = self.retired.get(code)
        if gone is None:
            return None
        return phrase("%(code)s (%(name)s) is retired from the catalogue by version %(version)s, "
                      "in force from %(day)s", code=code, name=gone.entry.name,
                      version=gone.version, day=gone.effective_from.isoformat())


def first_catalogue(valid_from: date) -> Catalogue:
    return Catalogue(1, valid_from, dict(CATALOGUE), {})


def catalogue_of(chain: Sequence[PackVersion]) -> Catalogue:
    """The catalogue of the last version of `chain` (versions 1..n in order)."""
    entries, retired = dict(CATALOGUE), {}
    for version in chain[1:]:
        for change in version.changes:
            if change.kind == ADD:
                entries[change.code] = CatalogueEntry(
                    change.code, None, change.group, change.name, change.amount_fen,
                    change.department, clause=change.clause, version=version.number)
            elif change.kind == RETIRE and change.code in entries:
                retired[change.code] = Retirement(entries.pop(change.code), version.number,
                                                  version.effective_from, change.clause)
    return Catalogue(chain[-1].number, chain[-1].effective_from, entries, retired)


def addition_problems(base: Catalogue, draft: Sequence[EntryChange],
                      change: EntryChange) -> dict[str, str]:
    """Why `change` cannot be added to a draft built on `base` (empty when it can)."""
    found: dict[str, str] = {}
    if not CODE.match(change.code):
        found["code"] = "2 to 16 capital letters, digits or '-', e.g. PY-34"
    elif change.code == OUTSIDE_CATALOGUE.upper() or base.knows(change.code) or any(
            c.code == change.code for c in draft):
        found["code"] = "this code is or was in the catalogue; a new entry needs a new code"
    for name, limit in (("name", 128), ("group", 128), ("clause", 256)):
        text = getattr(change, name)
        if not text.strip():
            found[name] = "Missing data for required field."
        elif len(text) > limit:
            found[name] = said("at most %(count)s characters", count=limit)
    if change.amount_fen is None or not 0 < change.amount_fen <= MAX_AMOUNT_FEN:
        found["amount"] = "between 0.01 and 100000.00 yuan"
    if change.department not in DEPARTMENTS:
        found["department"] = "choose the reviewing department"
    return found


def retirement_problems(base: Catalogue, draft: Sequence[EntryChange],
                        change: EntryChange) -> dict[str, str]:
    """Why `change` cannot retire an entry in a draft built on `base` (empty when it can)."""
    found: dict[str, str] = {}
    if change.code not in base.entries:
        found["code"] = ("this entry is already retired" if change.code in base.retired
                         else "no such entry in force in the catalogue")
    elif any(c.code == change.code for c in draft):
        found["code"] = "the draft already changes this entry"
    if not change.clause.strip():
        found["clause"] = "Missing data for required field."
    elif len(change.clause) > 256:
        found["clause"] = said("at most %(count)s characters", count=256)
    return found


def in_force_names(chain: Sequence[PackVersion]) -> dict[str, str]:
    """What a claim filed under the last version of `chain` may name: its catalogue's entries,
    then the choice of a certificate outside the catalogue (二(三))."""
    entries = catalogue_of(chain).entries
    return {**{code: entry.name for code, entry in entries.items()},
            OUTSIDE_CATALOGUE: OUTSIDE_NAME}


def names_ever(chain: Sequence[PackVersion]) -> dict[str, str]:
    """Every code listed up to the last version of `chain` (in force or retired) with its name,
    then the choice outside the catalogue: what pages name a claim's certificate by."""
    catalogue = catalogue_of(chain)
    names = {code: gone.entry.name for code, gone in catalogue.retired.items()}
    names.update({code: entry.name for code, entry in catalogue.entries.items()})
    return {**names, OUTSIDE_CATALOGUE: OUTSIDE_NAME}
