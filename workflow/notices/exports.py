"""A published notice as CSV and as xlsx, from the same frozen rows as its PDF.

Plain data in, bytes out. The masked ID number is the only form the number ever takes here
(one masking policy everywhere, so fragments cannot be stitched together).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from workflow.domain.numerals import plain_yuan, yuan_in_capitals
from workflow.notices.document import NoticeDocument, chinese_date

HEADINGS = ("序号", "姓名", "身份证号", "乡镇", "证书/职业", "金额（元）")


def notice_csv(doc: NoticeDocument) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows shows the names right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([doc.title])
    writer.writerow([doc.batch_number, doc.authority,
                     f"{chinese_date(doc.starts_on)}至{chinese_date(doc.ends_on)}"])
    writer.writerow(HEADINGS)
    for row in doc.rows:
        writer.writerow([row.number, row.name, row.masked_id, row.township, row.certificate,
                         plain_yuan(row.amount_fen)])
    writer.writerow(["合计", f"{len(doc.rows)}人", "", "", yuan_in_capitals(doc.total_fen),
                     plain_yuan(doc.total_fen)])
    writer.writerow(["异议受理", doc.contact_office, doc.contact_phone, doc.contact_address])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def notice_xlsx(doc: NoticeDocument) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "公示名单"
    sheet.append([doc.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([doc.batch_number, doc.authority,
                  f"公示期：{chinese_date(doc.starts_on)}至{chinese_date(doc.ends_on)}"])
    sheet.append(list(HEADINGS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in doc.rows:
        sheet.append([row.number, row.name, row.masked_id, row.township, row.certificate,
                      _number(row.amount_fen)])
        sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0.00"
    sheet.append(["合计", f"{len(doc.rows)}人", None, None, yuan_in_capitals(doc.total_fen),
                  _number(doc.total_fen)])
    sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0.00"
    sheet.append(["异议受理", doc.contact_office, doc.contact_phone, doc.contact_address])
    for column, width in zip("ABCDEF", (8, 14, 22, 12, 30, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"
    for cells in sheet.iter_rows(min_row=4, max_col=6):
        cells[5].alignment = Alignment(horizontal="right")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(fen: int) -> int | float:
    """Spreadsheets keep numbers as doubles, so officials can sum the column: whole yuan stay
    integers, otherwise the nearest double to the two-decimal value (money stays integer fen
    everywhere inside butie; this is the file's boundary)."""
    return fen // 100 if fen % 100 == 0 else round(fen / 100, 2)
