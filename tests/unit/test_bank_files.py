"""The bank's disbursement file and its result file (issue 18 item 10): the total row sits under
the amount column of any template, amounts in xlsx are numeric cells of exact yuan with a number
format, and a bank's echo of the total row (and blank rows) is skipped on import."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from workflow.domain.numerals import yuan_decimal
from workflow.payments.bank_files import (
    AMOUNT_FORMAT,
    DEFAULT_TEMPLATE,
    YIKATONG_TEMPLATE,
    Payment,
    check_template,
    disbursement_csv,
    disbursement_xlsx,
    parse_results,
)
from workflow.spreadsheets import csv_bytes

# Amounts a float would get wrong somewhere (0.07 yuan, 0.1 + 0.2, a ten-figure total).
PAYMENTS = [Payment(1, "张三", "6228480000000000000", "中国农业银行彭阳支行", 140000,
                    "BT2026-00000001"),
            Payment(2, "李四", "6228480000000000001", "中国银行", 7, "BT2026-00000002"),
            Payment(3, "王五", "6228480000000000002", "中国银行", 123456789012,
                    "BT2026-00000003")]
TOTAL_FEN = 140000 + 7 + 123456789012
# The amount first, the reference in the middle: whatever the order, the total follows.
ODD = (("金额", "amount_yuan"), ("户名", "payee_name"), ("流水号", "reference"),
       ("开户行", "bank_name"))


def _sheet(template):
    book = load_workbook(io.BytesIO(disbursement_xlsx(PAYMENTS, template, "ZF2026-00001")))
    return list(book.active.iter_rows())


@pytest.mark.parametrize("template", [DEFAULT_TEMPLATE, YIKATONG_TEMPLATE, ODD])
def test_the_total_row_sits_under_the_amount_column(template):
    rows = _sheet(template)
    column = [field for _, field in template].index("amount_yuan")
    reference = [field for _, field in template].index("reference")
    total = rows[-1]
    assert len(total) == len(template)
    assert Decimal(str(total[column].value)) == yuan_decimal(TOTAL_FEN)
    assert total[reference].value == "ZF2026-00001"
    words = [c.value for i, c in enumerate(total) if i not in (column, reference) and c.value]
    assert words == ["合计", "3笔"]
    text = [row.split(",") for row in disbursement_csv(PAYMENTS, template, "ZF2026-00001")
            .decode("utf-8-sig").splitlines()]
    assert text[-1][column] == "1234569290.19" and text[-1].count("合计") == 1


@pytest.mark.parametrize("template", [DEFAULT_TEMPLATE, YIKATONG_TEMPLATE, ODD])
def test_amounts_are_numeric_cells_of_exact_yuan_with_two_decimals(template):
    rows = _sheet(template)
    column = [field for _, field in template].index("amount_yuan")
    cells = [row[column] for row in rows[1:]]
    assert all(c.data_type == "n" and c.number_format == AMOUNT_FORMAT for c in cells)
    # Exact to the fen: the number written is the Decimal of the integer, never a float sum.
    assert [Decimal(str(c.value)) for c in cells] == [Decimal("1400.00"), Decimal("0.07"),
                                                      Decimal("1234567890.12"),
                                                      Decimal("1234569290.19")]


def test_yuan_decimal_is_exact_and_refuses_what_is_not_fen():
    assert str(yuan_decimal(7)) == "0.07" and str(yuan_decimal(0)) == "0.00"
    assert str(yuan_decimal(10**17 + 1)) == "1000000000000000.01"
    with pytest.raises(TypeError):
        yuan_decimal(14.0)  # type: ignore[arg-type]


def test_a_template_needs_one_reference_and_one_amount_column():
    with pytest.raises(ValueError):
        check_template((("户名", "payee_name"), ("备注", "reference")))
    with pytest.raises(ValueError):
        check_template((*DEFAULT_TEMPLATE, ("金额2", "amount_yuan")))
    check_template(ODD)


def _echo(rows):
    return csv_bytes(rows)


def test_the_banks_echo_of_the_total_row_and_blank_rows_are_skipped():
    """The bank sends our file back with its status columns: the 合计 row and blank rows are
    no lines; every real line is read, none refused for them."""
    result = _echo([["序号", "收款人姓名", "金额（元）", "业务参考号", "状态", "失败原因"],
                    ["1", "张三", "1400.00", "BT2026-00000001", "成功", ""],
                    ["", "", "", "", "", ""],
                    ["2", "李四", "0.07", "BT2026-00000002", "失败", "E12"],
                    [],
                    ["合计", "2笔", "1400.07", "ZF2026-00001", "", ""],
                    [" 合 计：", "", "1400.07", "", "成功", ""]])
    found = parse_results(result, "回盘.csv")
    assert [(r.reference, r.success, r.amount_fen) for r in found] == [
        ("BT2026-00000001", True, 140000), ("BT2026-00000002", False, 7)]


def test_a_total_named_in_the_reference_column_is_skipped_in_xlsx_too():
    data = disbursement_xlsx(PAYMENTS[:1], (("业务参考号", "reference"),
                                            ("金额", "amount_yuan")), "ZF2026-00009")
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[-1] == ("合计（1笔）ZF2026-00009", 1400)
    echo = _echo([["业务参考号", "金额", "状态"], ["BT2026-00000001", "1400", "成功"],
                  ["合计（1笔）ZF2026-00009", "1400", "成功"], ["Total", "1400", ""]])
    assert [r.reference for r in parse_results(echo, "r.csv")] == ["BT2026-00000001"]


def test_an_xlsx_result_with_numeric_amounts_is_read_to_the_fen():
    """A bank returning our xlsx with numbers in the amount column: read back exactly."""
    data = disbursement_xlsx(PAYMENTS, DEFAULT_TEMPLATE, "ZF2026-00001")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    sheet.cell(row=1, column=8, value="状态")
    for row in range(2, sheet.max_row):
        sheet.cell(row=row, column=8, value="成功")
    out = io.BytesIO()
    book.save(out)
    found = parse_results(out.getvalue(), "回盘.xlsx")
    assert [r.amount_fen for r in found] == [140000, 7, 123456789012]
    assert all(r.success for r in found)


def test_a_line_is_never_taken_for_a_total_whatever_its_payee_is_called():
    echo = _echo([["户名", "业务参考号", "状态"], ["合计", "BT2026-00000001", "成功"],
                  ["合计", "ZF2026-00001", ""]])
    assert [r.reference for r in parse_results(echo, "r.csv")] == ["BT2026-00000001"]
