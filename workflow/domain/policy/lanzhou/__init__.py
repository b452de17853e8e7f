"""Lanzhou New Area 2026 (000_52f3d35499bfb498.txt, with 001 七's technician rewards): the
pack's occupation tables (附件2, 附件3), certificate numbers (附件4), kinds of subsidy, caps,
filing and form, in one package; this module assembles them into the pack that services and
pages ask (workflow.domain.policy.pack)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from workflow.domain.phrases import phrase
from workflow.domain.policy.filing import screen_facts
from workflow.domain.policy.lanzhou import rosters
from workflow.domain.policy.lanzhou.filing import FILING, recorded
from workflow.domain.policy.lanzhou.rules import (
    CATEGORY_OF,
    COURSES,
    ENTRIES,
    FIVE_GROUPS,
    KINDS,
    MAX_PER_PERSON,
    SHORTAGE_BY_NAME,
    SOURCE,
    VALID_FROM,
    VALID_TO,
    VERSION,
    certificate_centre,
    priced_by,
    quote,
    settable,
    year_cap,
)
from workflow.domain.policy.lanzhou.tables import RULES, occupations_of
from workflow.domain.policy.model import PolicyPack, SettableEntry
from workflow.domain.versions import PackVersion


def settable_entry(code: str) -> SettableEntry | None:
    """The pack's entries, and its roster kind's (rosters.py: the winner's unit, 001 四)."""
    return next((e for e in rosters.ENTRIES if e.code == code), None) or settable(code)


def revise(chain: Sequence[PackVersion]) -> PolicyPack:
    """The pack as in force in the last version of `chain` (versions 1..n in order): its
    quote and the codes its claims record read that version's occupation tables."""
    tables = occupations_of(chain)
    return replace(LANZHOU, version=chain[-1].number, quote=partial(quote, tables=tables),
                   filing=replace(FILING, recorded=partial(recorded, tables=tables)),
                   priced_by=partial(priced_by, tables=tables))


LANZHOU = PolicyPack("lanzhou", VERSION, "兰州新区民政司法和社会保障局", SOURCE, VALID_FROM,
                     VALID_TO, MAX_PER_PERSON, quote, FILING, screen_facts,
                     entries=(*ENTRIES, *rosters.ENTRIES), settable=settable_entry,
                     revise=revise, table=RULES, confirmation=year_cap,
                     priced_by=priced_by, name=phrase("Lanzhou New Area 2026"),
                     rosters=rosters.ROSTERS)
PACK = LANZHOU

__all__ = ["CATEGORY_OF", "COURSES", "FIVE_GROUPS", "KINDS", "LANZHOU", "PACK",
           "SHORTAGE_BY_NAME", "certificate_centre", "revise", "year_cap"]
