"""A published notice as CSV and as xlsx, from the same frozen rows as its PDF.

Plain data in, bytes out. The masked ID number is the only form the number ever takes here
(one masking policy everywhere, so fragments cannot be stitched together). Names and the
objection contact are typed by people: workflow.spreadsheets keeps them from becoming formulas.
"""

from __future__ import annotations

from workflow.domain.numerals import plain_yuan, yuan_in_capitals
from workflow.notices.document import NoticeDocument, chinese_date
from workflow.spreadsheets import Styled, Xlsx, csv_bytes

HEADINGS = ("序号", "姓名", "身份证号", "乡镇", "证书/职业", "金额（元）")


def notice_csv(doc: NoticeDocument) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows shows the names right."""
    rows: list[list[str | int]] = [
        [doc.title],
        [doc.batch_number, doc.authority,
         f"{chinese_date(doc.starts_on)}至{chinese_date(doc.ends_on)}"],
        list(HEADINGS)]
    rows += [[row.number, row.name, row.masked_id, row.township, row.certificate,
              plain_yuan(row.amount_fen)] for row in doc.rows]
    rows.append(["合计", f"{len(doc.rows)}人", "", "", yuan_in_capitals(doc.total_fen),
                 plain_yuan(doc.total_fen)])
    rows.append(["异议受理", doc.contact_office, doc.contact_phone, doc.contact_address])
    return csv_bytes(rows)


MONEY = "#,##0.00"


def notice_xlsx(doc: NoticeDocument) -> bytes:
    sheet = Xlsx("公示名单", (8, 14, 22, 12, 30, 14), freeze="A4")
    sheet.append([Styled(doc.title, bold=True, size=14)])
    sheet.append([doc.batch_number, doc.authority,
                  f"公示期：{chinese_date(doc.starts_on)}至{chinese_date(doc.ends_on)}"])
    sheet.append([Styled(h, bold=True) for h in HEADINGS])
    for row in doc.rows:
        sheet.append([row.number, row.name, row.masked_id, row.township, row.certificate,
                      Styled(_number(row.amount_fen), number_format=MONEY, right=True)])
    sheet.append(["合计", f"{len(doc.rows)}人", None, None, yuan_in_capitals(doc.total_fen),
                  Styled(_number(doc.total_fen), number_format=MONEY, right=True)])
    sheet.append(["异议受理", doc.contact_office, doc.contact_phone, doc.contact_address])
    return sheet.to_bytes()


def _number(fen: int) -> int | float:
    """Spreadsheets keep numbers as doubles, so officials can sum the column: whole yuan stay
    integers, otherwise the nearest double to the two-decimal value (money stays integer fen
    everywhere inside butie; this is the file's boundary)."""
    return fen // 100 if fen % 100 == 0 else round(fen / 100, 2)
