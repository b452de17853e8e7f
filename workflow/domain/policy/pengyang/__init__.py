"""Pengyang County 2026–2028 (003_6bc740e2a48a5116.txt): the pack's catalogue (附件1), its
versions, eligibility, pricing, cap and filing, in one package."""

from __future__ import annotations

from workflow.domain.policy.pengyang.rules import MAX_PER_PERSON, PENGYANG, SOURCE

PACK = PENGYANG

__all__ = ["MAX_PER_PERSON", "PACK", "PENGYANG", "SOURCE"]
