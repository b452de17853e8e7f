"""The reconciliation report as xlsx: plain rows in, bytes out."""

from __future__ import annotations

from collections.abc import Sequence

from workflow.domain.numerals import plain_yuan
from workflow.spreadsheets import Xlsx

HEADINGS = ["批次", "应付笔数", "应付金额（元）", "已付笔数", "已付金额（元）", "失败笔数",
            "失败金额（元）", "待回盘笔数", "待回盘金额（元）"]
COLUMNS = ("expected", "paid", "failed", "pending")


def reconciliation_xlsx(batches: Sequence[tuple[str, dict[str, tuple[int, int]]]]) -> bytes:
    """One row a batch: expected, paid, failed and pending, each as count and yuan."""
    sheet = Xlsx("对账")
    sheet.append(HEADINGS)
    for number, summary in batches:
        sheet.append([number, *[value for key in COLUMNS
                                for value in (summary[key][0], plain_yuan(summary[key][1]))]])
    return sheet.to_bytes()
