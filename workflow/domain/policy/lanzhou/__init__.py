"""Lanzhou New Area 2026 (000_52f3d35499bfb498.txt, with 001 七's technician rewards): the
pack's occupation tables (附件2, 附件3), certificate numbers (附件4), kinds of subsidy, caps and
filing, in one package."""

from __future__ import annotations

from workflow.domain.policy.lanzhou.rules import (
    CATEGORY_OF,
    COURSES,
    FIVE_GROUPS,
    KINDS,
    LANZHOU,
    SHORTAGE_BY_NAME,
    certificate_centre,
    year_cap,
)

PACK = LANZHOU

__all__ = ["CATEGORY_OF", "COURSES", "FIVE_GROUPS", "KINDS", "LANZHOU", "PACK",
           "SHORTAGE_BY_NAME", "certificate_centre", "year_cap"]
