"""The reconciliation report as xlsx: plain rows in, bytes out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workflow.domain.numerals import plain_yuan
from workflow.spreadsheets import Xlsx

HEADINGS = ["批次", "应付笔数", "应付金额（元）", "已付笔数", "已付金额（元）", "失败笔数",
            "失败金额（元）", "待回盘笔数", "待回盘金额（元）",
            # An enterprise is one payee paid once for its roster (issue 19 item 3).
            "其中付企业笔数", "其中付企业金额（元）", "服务人数（企业按名单职工计）"]
COLUMNS = ("expected", "paid", "failed", "pending")


def reconciliation_xlsx(batches: Sequence[tuple[str, dict[str, tuple[int, int]]]],
                        payees: Mapping[str, tuple[int, int, int]] | None = None) -> bytes:
    """One row a batch: expected, paid, failed and pending, each as count and yuan; then the
    lines paying an enterprise (count, yuan) and the persons the batch serves (`payees`)."""
    sheet = Xlsx("对账")
    sheet.append(HEADINGS)
    for number, summary in batches:
        firms, fen, persons = (payees or {}).get(number, (0, 0, 0))
        sheet.append([number, *[value for key in COLUMNS
                                for value in (summary[key][0], plain_yuan(summary[key][1]))],
                      firms, plain_yuan(fen), persons])
    return sheet.to_bytes()
