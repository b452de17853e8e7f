"""Huzhou 2025 (004_7b2ca6ac373157b2.txt, 十条措施): the pack's shortage list, kinds of subsidy,
installments, filing window and form, in one package; this module assembles them into the pack
that services and pages ask (workflow.domain.policy.pack)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from workflow.domain.phrases import phrase
from workflow.domain.policy.filing import screen_facts
from workflow.domain.policy.huzhou import kinds, projects, rosters
from workflow.domain.policy.huzhou.filing import FILING
from workflow.domain.policy.huzhou.institution import certificate_slot
from workflow.domain.policy.huzhou.rules import (
    ENTRIES,
    RULES,
    SHORTAGE,
    SIX_GROUPS,
    SOURCE,
    VALID_FROM,
    VALID_TO,
    VERSION,
    entry_of,
    quote,
    settable,
    shortage_of,
    uplift_30,
)
from workflow.domain.policy.model import PolicyPack, SettableEntry
from workflow.domain.versions import PackVersion


def priced_by(kind: str | None, code: str, name: str) -> str | None:
    """A certificate claim is priced by its national occupation code's base (004 1); the kinds
    whose standards 004 leaves to other rules by their own entries (kinds.py)."""
    return code if kind == "certificate" else kinds.entry_of_kind(kind, code)


def settable_entry(code: str) -> SettableEntry | None:
    """The shortage list's and kinds' entries, and the roster kinds' (rosters.py)."""
    return next((e for e in (*rosters.ENTRIES, *projects.ENTRIES) if e.code == code),
                None) or settable(code)


def revise(chain: Sequence[PackVersion]) -> PolicyPack:
    """The pack as in force in the last version of `chain` (versions 1..n in order)."""
    shortage = shortage_of(chain)
    entries = (*(entry_of(code, row, name) for code, (row, name) in shortage.items()),
               *kinds.ENTRIES, *rosters.ENTRIES, *projects.ENTRIES)
    return replace(HUZHOU, version=chain[-1].number, entries=entries,
                   quote=partial(quote, shortage=shortage, version=chain[-1].number))


HUZHOU = PolicyPack("huzhou", VERSION, "湖州市人力资源和社会保障局等七部门", SOURCE, VALID_FROM,
                    VALID_TO, None, quote, FILING, screen_facts,
                    entries=(*ENTRIES, *rosters.ENTRIES, *projects.ENTRIES),
                    settable=settable_entry,
                    open_codes=True, revise=revise, table=RULES, priced_by=priced_by,
                    name=phrase("Huzhou, 2025-04-01 to 2026-08-01"),
                    rosters=rosters.ROSTERS, certificate_slot=certificate_slot,
                    projects=projects.PROJECTS)
PACK = HUZHOU

__all__ = ["HUZHOU", "PACK", "RULES", "SHORTAGE", "SIX_GROUPS", "VALID_FROM", "VALID_TO",
           "quote", "revise", "uplift_30"]
