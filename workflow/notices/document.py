"""The plain data a public notice (公示) is printed from.

Pengyang, 组织保障 (三): subsidies are paid directly to the person only "经公示无异议".
Lanzhou 四(四): the public list shows names, ID numbers with some digits hidden
("含隐藏部分位数的身份证号码"), the subsidy standard and the amount. The renderer never masks:
callers pass `masked_id` already produced by `workflow.domain.identity.mask_id_number` (first 6
and last 4 characters shown), so the full number never reaches the document layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class NoticeRow:
    """One person on the notice; `amount_fen` is integer fen, never a float."""

    number: int
    name: str
    masked_id: str
    township: str
    certificate: str
    amount_fen: int


@dataclass(frozen=True)
class NoticeDocument:
    """A whole notice: heading, window (inclusive dates), objection contact and the rows."""

    title: str
    authority: str
    batch_number: str
    starts_on: date
    ends_on: date
    contact_office: str
    contact_phone: str
    contact_address: str
    rows: tuple[NoticeRow, ...]

    @property
    def total_fen(self) -> int:
        return sum(row.amount_fen for row in self.rows)


def chinese_date(day: date) -> str:
    """2026-11-23 -> "2026年11月23日", the form used on government notices."""
    return f"{day.year}年{day.month}月{day.day}日"
