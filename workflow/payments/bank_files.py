"""The bank's disbursement file (xlsx or CSV) and the bank's result file, read back.

Every bank, and the 惠民惠农 "一卡通" platform, wants its own column layout, so the layout is a
template: a list of (heading, field). Amounts are integer fen inside butie and appear in the file
as yuan with two decimals, as text built from the integer (never a float). The names and the
bank name are typed by applicants: workflow.spreadsheets writes them so none becomes a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workflow.domain.numerals import parse_yuan, plain_yuan
from workflow.spreadsheets import Xlsx, csv_bytes, read_rows

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


@dataclass(frozen=True)
class Payment:
    row_number: int
    payee_name: str
    account_number: str
    bank_name: str
    amount_fen: int
    reference: str


def _cells(payment: Payment, template: Sequence[tuple[str, str]]) -> list[str | int]:
    values: dict[str, str | int] = {
        "row_number": payment.row_number, "payee_name": payment.payee_name,
        "account_number": payment.account_number, "bank_name": payment.bank_name,
        "amount_yuan": plain_yuan(payment.amount_fen), "purpose": PURPOSE,
        "reference": payment.reference}
    return [values[field] for _, field in template]


def check_template(template: Sequence[tuple[str, str]]) -> None:
    unknown = [field for _, field in template if field not in FIELDS]
    if unknown or not any(f == "reference" for _, f in template):
        raise ValueError(f"a template needs a reference column and known fields: {unknown}")


def _rows(payments: Sequence[Payment], template: Sequence[tuple[str, str]],
          batch_number: str) -> list[list[str | int]]:
    check_template(template)
    total = sum(p.amount_fen for p in payments)
    return [[heading for heading, _ in template],
            *(_cells(payment, template) for payment in payments),
            ["合计", f"{len(payments)}笔", plain_yuan(total), batch_number]]


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


def parse_results(data: bytes, filename: str) -> list[Result]:
    """Rows of a result file (xlsx or CSV): reference, success or failure, reason code."""
    rows = read_rows(data, filename)
    if not rows:
        raise ValueError("the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    where = {key: next((i for i, h in enumerate(header) if h in names), None)
             for key, names in HEADINGS.items()}
    if where["reference"] is None or where["status"] is None:
        raise ValueError("the file needs a reference column and a status column")
    results = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
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
