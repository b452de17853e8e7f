"""Huzhou 2025 (004_7b2ca6ac373157b2.txt, 十条措施): the pack's shortage list, kinds of subsidy,
installments and filing window, in one package."""

from __future__ import annotations

from workflow.domain.policy.huzhou.rules import (
    HUZHOU,
    RULES,
    SHORTAGE,
    SIX_GROUPS,
    VALID_FROM,
    VALID_TO,
    quote,
    uplift_30,
)

PACK = HUZHOU

__all__ = ["HUZHOU", "PACK", "RULES", "SHORTAGE", "SIX_GROUPS", "VALID_FROM", "VALID_TO",
           "quote", "uplift_30"]
