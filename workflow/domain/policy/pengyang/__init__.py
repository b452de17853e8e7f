"""Pengyang County 2026–2028 (003_6bc740e2a48a5116.txt): the pack's catalogue (附件1) and its
versions, eligibility, pricing, cap, filing and form, in one package; this module assembles
them into the pack that services and pages ask (workflow.domain.policy.pack)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from workflow.domain.phrases import phrase
from workflow.domain.policy.model import Certificates, PolicyPack
from workflow.domain.policy.pengyang.catalogue_versions import (
    catalogue_of,
    in_force_names,
    names_ever,
)
from workflow.domain.policy.pengyang.eligibility import PLAN_END, PLAN_START
from workflow.domain.policy.pengyang.filing import FILING, problems, screen, workflow_data
from workflow.domain.policy.pengyang.rosters import ROSTERS
from workflow.domain.policy.pengyang.rules import (
    ENTRIES,
    MAX_PER_PERSON,
    SOURCE,
    TABLE,
    VERSION,
    entry_of,
    named,
    quote,
    settable,
)
from workflow.domain.versions import PackVersion


def revise(chain: Sequence[PackVersion]) -> PolicyPack:
    """The pack as in force in the last version of `chain` (versions 1..n in order): its
    quote, filing checks and routing read that version's catalogue."""
    catalogue = catalogue_of(chain)
    filing = replace(FILING, problems=partial(problems, catalogue=catalogue),
                     workflow_data=partial(workflow_data, catalogue=catalogue))
    return replace(PENGYANG, version=catalogue.version, quote=partial(quote, catalogue=catalogue),
                   entries=tuple(entry_of(e) for e in catalogue.entries.values()), filing=filing)


PENGYANG = PolicyPack("pengyang", VERSION, "彭阳县人力资源和社会保障局", SOURCE, PLAN_START,
                      PLAN_END, MAX_PER_PERSON, quote, FILING, screen, entries=ENTRIES,
                      settable=settable, revise=revise, table=TABLE, accepted_rule=named,
                      name=phrase("Pengyang County 2026–2028"), rosters=ROSTERS,
                      certificates=Certificates(in_force_names, names_ever))
PACK = PENGYANG

__all__ = ["MAX_PER_PERSON", "PACK", "PENGYANG", "SOURCE", "revise"]
