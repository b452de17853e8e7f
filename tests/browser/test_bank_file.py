"""The finance officer's bank file in Chromium (issue 18 item 10): a batch made from the claims
due and approved by a second officer; the xlsx downloaded from the batch page has numeric
amounts and its 合计 row's total under the amount column; the import form is already on the page
after the download (no reload), and the bank's result file, echoing the total row, is taken."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from tests.browser.conftest import shot
from tests.browser.test_journeys import login
from tests.conftest import NOW, PASSWORD
from tests.integration.helpers import actors_of, due_claims
from web.db import runtime, sessions
from workflow.persistence.models import PaymentLine
from workflow.services import users

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bank_echo(exported: bytes) -> bytes:
    """The bank's result file: the sheet sent, with a status and a reason column added to every
    row, the total row included (some banks echo it)."""
    book = load_workbook(io.BytesIO(exported))
    sheet = book.active
    status, reason = sheet.max_column + 1, sheet.max_column + 2
    sheet.cell(row=1, column=status, value="状态")
    sheet.cell(row=1, column=reason, value="失败原因")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=status, value="成功")
    sheet.cell(row=3, column=status, value="失败")
    sheet.cell(row=3, column=reason, value="E12 账户已销户")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_sheet(exported: bytes) -> list[str]:
    """The amounts are numbers and the 合计 row's total is under the amount column; returns
    the references in the order of the file."""
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows())
    headings = [c.value for c in rows[0]]
    amount, reference = headings.index("金额（元）"), headings.index("业务参考号")
    lines, total = rows[1:-1], rows[-1]
    assert len(lines) == 2
    assert all(row[amount].data_type == "n" for row in [*lines, total])  # not text
    assert [Decimal(str(row[amount].value)) for row in lines] == [Decimal(1400)] * 2
    assert [c.value for c in total][0] == "合计"
    assert Decimal(str(total[amount].value)) == Decimal(2800)  # under the amounts
    assert total[amount].number_format == "0.00"
    return [row[reference].value for row in lines]


def test_the_finance_officer_exports_the_bank_file_and_imports_the_banks_echo(live, open_page):
    base, app = live["base"], live["app"]
    f = sessions(app)
    with f.begin() as s:
        users.create_user(s, "finance2", PASSWORD, "finance_officer", "财务复核", NOW)
    due_claims(f, runtime(app), actors_of(f), 2, "TZ-BANK")

    finance = open_page()
    login(finance, base, "finance")
    finance.goto(f"{base}/finance/batches")
    assert "2,800.00" in finance.inner_text("section[aria-labelledby=due-h]")
    finance.click("form[action$='/finance/batches'] button[type=submit]")  # confirmed
    finance.wait_for_load_state()
    url = finance.url
    assert "/finance/batches/" in url
    assert finance.locator("#f-results").count() == 0  # nothing to import before approval

    second = open_page(375, 740)  # the second officer approves on a phone
    login(second, base, "finance2")
    second.goto(url)
    second.click("form[action$='/approve'] button[type=submit]")  # confirmed
    second.wait_for_load_state()
    assert second.evaluate("document.documentElement.scrollWidth") <= 375
    shot(second, "phone-finance-batch-approved")

    finance.goto(url)
    navigations: list[str] = []
    finance.on("framenavigated", lambda frame: navigations.append(frame.url)
               if frame == finance.main_frame else None)
    with finance.expect_download() as caught:
        finance.click("form[action$='/bank.xlsx'] button[type=submit]")
    download = caught.value
    assert download.suggested_filename.endswith(".xlsx")
    exported = download.path().read_bytes()
    references = _check_sheet(exported)

    # The page stayed as it was (no reload), and the import form is on it.
    assert navigations == [] and finance.url == url
    assert finance.locator("#f-results").is_visible()
    assert "合计" in finance.inner_text("#h-results")
    shot(finance, "finance-batch-exported")
    finance.set_input_files("#f-results", files=[
        {"name": "回盘.xlsx", "mimeType": XLSX, "buffer": _bank_echo(exported)}])
    finance.click("#results-form button[type=submit]")
    finance.wait_for_load_state()
    assert "本次入账 2 笔，此前已入账 0 笔，拒绝 0 笔。" in finance.inner_text(
        "section[aria-labelledby=report-h]")
    assert "E12 账户已销户" in finance.inner_text(".table-wrap table")  # the payments
    shot(finance, "finance-batch-imported")
    with f() as s:
        results = {line.reference: line.result for line in s.scalars(select(PaymentLine))}
    assert results == {references[0]: "paid", references[1]: "failed"}
