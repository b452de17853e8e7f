"""Policy packs: the rule set of one issuing authority for a period, and quotes against it.

A quote says, for one claim as filed: eligible or not, the amount in fen (or "not configured"),
the reviewing department, and every reason with the clause it comes from. The bureau's
acceptance uses the same quote, so what an applicant is told is what the bureau applies.
"""

from __future__ import annotations

from workflow.domain.policy.huzhou import HUZHOU
from workflow.domain.policy.lanzhou import KINDS as LANZHOU_KINDS
from workflow.domain.policy.lanzhou import LANZHOU
from workflow.domain.policy.model import (
    EarlierSubsidy,
    Installment,
    PolicyPack,
    Quote,
    QuoteRequest,
    Reason,
    SettableEntry,
)
from workflow.domain.policy.pengyang import PENGYANG

PACKS: dict[str, PolicyPack] = {pack.pack_id: pack for pack in (PENGYANG, LANZHOU, HUZHOU)}
DEFAULT_PACK = PENGYANG.pack_id
# Every kind of subsidy some pack quotes; a pack refuses the kinds it does not have.
QUOTE_KINDS = tuple(dict.fromkeys(("certificate", "directed_training", *LANZHOU_KINDS)))

__all__ = ["DEFAULT_PACK", "PACKS", "QUOTE_KINDS", "EarlierSubsidy", "Installment",
           "PolicyPack", "Quote", "QuoteRequest", "Reason", "SettableEntry", "quote"]


def quote(request: QuoteRequest, pack_id: str = DEFAULT_PACK) -> Quote:
    """Evaluate a claim under a pack (the default: Pengyang 2026–2028)."""
    return PACKS[pack_id].quote(request)
