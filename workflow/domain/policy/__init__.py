"""Policy packs: the rule set of one issuing authority for a period, and quotes against it.

A quote says, for one claim as filed: eligible or not, the amount in fen (or "not configured"),
the reviewing department, and every reason with the clause it comes from. The bureau's
acceptance uses the same quote, so what an applicant is told is what the bureau applies.

Each pack is a package (`pengyang`, `lanzhou`, `huzhou`) that owns its tables, eligibility,
pricing, caps, filing and claim form; services and pages ask `pack(pack_id)` and never branch
on which pack it is. To add one, see CONTRIBUTING.md.
"""

from __future__ import annotations

from workflow.domain.policy import huzhou, lanzhou, pengyang
from workflow.domain.policy.model import (
    EarlierSubsidy,
    FiledFacts,
    Filing,
    Finding,
    Installment,
    PolicyPack,
    Quote,
    QuoteRequest,
    Reason,
    SettableEntry,
)

PACKS: dict[str, PolicyPack] = {p.PACK.pack_id: p.PACK for p in (pengyang, lanzhou, huzhou)}
# The pack of a claim filed before claims recorded theirs (migration 0005), and the default of
# a quote that names none.
DEFAULT_PACK = pengyang.PACK.pack_id
# Every kind of subsidy some pack quotes; a pack refuses the kinds it does not have.
QUOTE_KINDS = tuple(dict.fromkeys(("certificate", "directed_training",
                                   *(k for p in PACKS.values() for k in p.filing.kinds))))
# Every course some pack names (as its form prints it).
COURSES = {code: label for p in PACKS.values() for code, label in p.filing.courses.items()}
# The claim columns some pack's kinds fill, and the industries some pack lists (code -> name).
PACK_COLUMNS = tuple(dict.fromkeys(c for p in PACKS.values() for c in p.filing.columns))
INDUSTRIES = {code: name for p in PACKS.values() for code, name in p.filing.industries.items()}
# Every roster kind some pack pays an enterprise for, by the claim's subsidy_kind.
ROSTER_KINDS = {k.kind: k for p in PACKS.values() for k in p.rosters}
# Every project kind some pack pays an organisation for, by the claim's subsidy_kind.
PROJECT_KINDS = {k.kind: k for p in PACKS.values() for k in p.projects}

__all__ = ["COURSES", "DEFAULT_PACK", "INDUSTRIES", "PACK_COLUMNS", "PACKS", "PROJECT_KINDS",
           "QUOTE_KINDS", "ROSTER_KINDS", "EarlierSubsidy", "FiledFacts", "Filing", "Finding",
           "Installment", "PolicyPack", "Quote", "QuoteRequest", "Reason", "SettableEntry",
           "UnknownPackError", "pack", "quote"]


class UnknownPackError(KeyError):
    """No pack has this id."""


def pack(pack_id: str | None) -> PolicyPack:
    """The pack (version 1; `services.pack_versions.pack_on` gives it as in force on a day).
    None is a claim's pack when the claim was filed before claims recorded it: Pengyang's."""
    found = PACKS.get(pack_id or DEFAULT_PACK)
    if found is None:
        raise UnknownPackError(pack_id)
    return found


def quote(request: QuoteRequest, pack_id: str = DEFAULT_PACK) -> Quote:
    """Evaluate a claim under a pack (the default: Pengyang 2026–2028)."""
    return pack(pack_id).quote(request)
