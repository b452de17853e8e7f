"""Versions of a policy pack, and which one is in force on a day.

Version 1 of a pack is its table as the code holds it (the source document). A later version is
a set of changes an administrator drafted from a new document (entries added, entries retired)
and scheduled from a date; once scheduled it never changes. The version in force on a day is
the latest whose date has come.

Which day decides: a quote is priced by the version in force on the day it is asked, and a
claim by the version in force on the day it was filed (county time), through every review and
at acceptance. So the bureau applies what the applicant was quoted when filing, a claim filed
before an entry was retired is still accepted under the version it was filed under, and an
entry added from a date can only be claimed from that date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from workflow.domain.phrases import Said, phrase

ADD, RETIRE = "add", "retire"
T = TypeVar("T")


@dataclass(frozen=True)
class EntryChange:
    """One change of a version: an entry added (with everything the new document says of it)
    or an entry retired; `clause` is the new document's clause that makes the change."""

    kind: str  # ADD or RETIRE
    code: str
    clause: str
    name: str = ""
    group: str = ""
    amount_fen: int | None = None
    department: str = ""


@dataclass(frozen=True)
class PackVersion:
    number: int
    effective_from: date  # version 1: the pack's own start
    changes: tuple[EntryChange, ...] = ()
    note: str = ""  # the document the version follows, as the administrator wrote it


def in_force(versions: Sequence[PackVersion], day: date) -> PackVersion:
    """The version in force on `day`: the latest whose date has come. Before the first
    version's date the first one answers (its own validity rules then refuse the claim)."""
    ordered = sorted(versions, key=lambda v: v.number)
    current = ordered[0]
    for version in ordered[1:]:
        if version.effective_from <= day:
            current = version
    return current


def chain_to(versions: Sequence[PackVersion], number: int) -> tuple[PackVersion, ...]:
    """Versions 1..number in order: a version's table is version 1 with every change since."""
    return tuple(sorted((v for v in versions if v.number <= number), key=lambda v: v.number))


def carried_forward(rows: Iterable[tuple[str, int, T]], number: int) -> dict[str, T]:
    """Per entry, the value set for version `number` or the latest before it.

    Used for amounts the source lost, which an administrator sets: such an amount is a fact of
    the source document, not a policy change, so it carries forward to later versions. An
    amount first set while a later version is in force also fills the gap for claims filed
    under an earlier one (the earliest setting answers), which would otherwise never be priced.
    """
    best: dict[str, tuple[int, T]] = {}
    for code, version, value in rows:
        held = best.get(code)
        if held is None:
            best[code] = (version, value)
            continue
        held_fits, fits = held[0] <= number, version <= number
        if (fits and (not held_fits or version > held[0])) or (
                not fits and not held_fits and version < held[0]):
            best[code] = (version, value)
    return {code: value for code, (_, value) in best.items()}


def schedule_problems(day: date, today: date, previous_from: date, note: str,
                      changes: int, valid_to: date | None = None) -> dict[str, str]:
    """Why a draft cannot be scheduled from `day` (empty when it can).

    `today` is the county's date: a version starts tomorrow or later, so no claim already
    filed or quote already given changes under anyone's feet, and after the version before it.
    """
    found: dict[str, str] = {}
    if day <= today:
        found["effective_from"] = "a new version starts tomorrow or later (county time)"
    elif day <= previous_from:
        found["effective_from"] = Said(phrase(
            "a new version starts after the version before it (%(day)s)",
            day=previous_from.isoformat()))
    elif valid_to is not None and day > valid_to:  # the pack's own end (Huzhou 五)
        found["effective_from"] = Said(phrase(
            "the pack is in force until %(day)s: a new version starts by then",
            day=valid_to.isoformat()))
    if not note.strip():
        found["note"] = "say which document the new version follows"
    if changes == 0:
        found["_form"] = "the draft has no changes yet"
    return found
