"""The bank's disbursement file (xlsx or CSV) and the bank's result file, read back.

Every bank, and the 惠民惠农 "一卡通" platform, wants its own column layout, so the layout is a
template: a list of (heading, field). Amounts are integer fen inside butie and appear in the file
as yuan with two decimals: in xlsx a numeric cell with a number format, in CSV its figures, both
from a Decimal built from the integer (never a float), so the bank's software and a clerk's SUM
read a number. The last row is the total (合计): its amount sits under the amount column of
whatever template is in use. The names and the bank name are typed by applicants:
workflow.spreadsheets writes them so none becomes a formula.

A bank's result file often echoes that total row, and leaves blank rows: both are recognised
and skipped on import, never refused as a line with an unknown reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workflow.domain.numerals import parse_yuan, yuan_decimal
from workflow.spreadsheets import Styled, Xlsx, csv_bytes, read_rows

PURPOSE = "职业培训补贴"
FIELDS = ("row_number", "payee_name", "account_number", "bank_name", "amount_yuan", "purpose",
          "reference")
DEFAULT_TEMPLATE: tuple[tuple[str, str], ...] = (
    ("序号", "row_number"), ("收款人姓名", "payee_name"), ("收款账号", "account_number"),
    ("开户银行", "bank_name"), ("金额（元）", "amount_yuan"), ("用途", "purpose"),
    ("业务参考号", "reference"))
# The 一卡通 platform's import sheet starts with the account and names the project.
YIKATONG_TEMPLATE: tuple[tuple[str, str], ...] = (
    ("账号", "account_number"), ("户名", "payee_name"), ("金额", "amount_yuan"),
    ("补贴项目", "purpose"), ("备注", "reference"))
TEMPLATES = {"default": DEFAULT_TEMPLATE, "yikatong": YIKATONG_TEMPLATE}
AMOUNT_FORMAT = "0.00"  # two decimals, no separators: what bank import software reads
TOTAL = "合计"
# How a total row names itself, in our files and in the banks' (spaces and colons aside).
TOTAL_LABELS = {"合计", "总计", "共计", "total", "sum"}
# A claim's reference (workflow.services.claims): a line that carries one is a payment line.
CLAIM_REFERENCE = re.compile(r"^BT\d{4}-[0-9A-F]{8}$")


@dataclass(frozen=True)
class Payment:
    row_number: int
    payee_name: str
    account_number: str
    bank_name: str
    amount_fen: int
    reference: str


Cell = str | int | Styled


def _money(amount_fen: int) -> Styled:
    """Yuan as a number: exact (Decimal from the fen), shown with two decimals."""
    return Styled(yuan_decimal(amount_fen), number_format=AMOUNT_FORMAT)


def _cells(payment: Payment, template: Sequence[tuple[str, str]]) -> list[Cell]:
    values: dict[str, Cell] = {
        "row_number": payment.row_number, "payee_name": payment.payee_name,
        "account_number": payment.account_number, "bank_name": payment.bank_name,
        "amount_yuan": _money(payment.amount_fen), "purpose": PURPOSE,
        "reference": payment.reference}
    return [values[field] for _, field in template]


def check_template(template: Sequence[tuple[str, str]]) -> None:
    fields = [field for _, field in template]
    unknown = [field for field in fields if field not in FIELDS]
    if unknown or fields.count("reference") != 1 or fields.count("amount_yuan") != 1:
        raise ValueError("a template needs known fields and exactly one reference column and "
                         f"one amount column: {[f for _, f in template]}")


def _total_row(payments: Sequence[Payment], template: Sequence[tuple[str, str]],
               batch_number: str) -> list[Cell]:
    """合计 in the first column that is not the amount, the count in the next free one, the
    total under the amount column and the batch number under the reference column."""
    fields = [field for _, field in template]
    row: list[Cell] = [""] * len(fields)
    row[fields.index("amount_yuan")] = _money(sum(p.amount_fen for p in payments))
    row[fields.index("reference")] = batch_number
    free = [i for i, field in enumerate(fields) if field not in ("amount_yuan", "reference")]
    label, count = TOTAL, f"{len(payments)}笔"
    if not free:  # only the amount and the reference: the label carries the count
        row[fields.index("reference")] = f"{TOTAL}（{count}）{batch_number}"
        return row
    row[free[0]] = label
    if len(free) > 1:
        row[free[1]] = count
    else:
        row[free[0]] = f"{label}（{count}）"
    return row


def _rows(payments: Sequence[Payment], template: Sequence[tuple[str, str]],
          batch_number: str) -> list[list[Cell]]:
    check_template(template)
    return [[heading for heading, _ in template],
            *(_cells(payment, template) for payment in payments),
            _total_row(payments, template, batch_number)]


def disbursement_csv(payments: Sequence[Payment], template: Sequence[tuple[str, str]],
                     batch_number: str) -> bytes:
    return csv_bytes(_rows(payments, template, batch_number))


def disbursement_xlsx(payments: Sequence[Payment], template: Sequence[tuple[str, str]],
                      batch_number: str) -> bytes:
    sheet = Xlsx("代发明细")  # streams rows: 10,000 lines stay small and fast
    for row in _rows(payments, template, batch_number):
        sheet.append(row)
    return sheet.to_bytes()


@dataclass(frozen=True)
class Result:
    line: int  # line in the file, for the report
    reference: str
    success: bool | None  # None: the status could not be read
    reason: str
    amount_fen: int | None  # when the file carries the amount


SUCCESS = {"success", "成功", "s", "ok", "1", "paid", "已支付", "支付成功"}
FAILURE = {"failure", "failed", "失败", "f", "0", "fail", "支付失败", "退回"}
HEADINGS = {"reference": {"reference", "业务参考号", "参考号", "备注"},
            "status": {"status", "result", "状态", "结果", "处理结果"},
            "reason": {"reason", "reason code", "失败原因", "原因", "原因代码"},
            "amount": {"amount", "金额", "金额（元）", "金额(元)"}}


def _amount(text: str) -> int | None:
    return parse_yuan(text) if text.strip() else None


def _names_total(cell: str) -> bool:
    label = "".join(cell.split()).rstrip(":：").lower()
    return label in TOTAL_LABELS or label.startswith(("合计", "总计", "共计"))


def is_total_row(row: Sequence[str], reference: int) -> bool:
    """A total row: a cell names it so (合计, 合计（2笔）, 总计, Total: the echo of our own last
    row, or the bank's) and its reference cell holds no claim's reference, so a real line is
    never taken for one (its payee could be called anything)."""
    named = row[reference].strip().upper() if reference < len(row) else ""
    return CLAIM_REFERENCE.match(named) is None and any(_names_total(cell) for cell in row)


def parse_results(data: bytes, filename: str) -> list[Result]:
    """Rows of a result file (xlsx or CSV): reference, success or failure, reason code. Blank
    rows and a total row are skipped."""
    rows = read_rows(data, filename)
    if not rows:
        raise ValueError("the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    where = {key: next((i for i, h in enumerate(header) if h in names), None)
             for key, names in HEADINGS.items()}
    reference = where["reference"]
    if reference is None or where["status"] is None:
        raise ValueError("the file needs a reference column and a status column")
    results = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row) or is_total_row(row, reference):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            index = where[key]
            return row[index].strip() if index is not None and index < len(row) else ""

        status = cell("status").lower()
        amount = None
        try:
            amount = _amount(cell("amount"))
        except ValueError:
            status = "?"
        success = True if status in SUCCESS else False if status in FAILURE else None
        results.append(Result(number, cell("reference").upper(), success, cell("reason"),
                              amount))
    return results
