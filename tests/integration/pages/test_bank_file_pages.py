"""The finance officer's bank file round trip through the pages (issue 18 item 10): numeric
amounts and a total under the amount column of the configured template, the import form on the
page as soon as the batch can be exported, and the bank's echo of the total row accepted."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conftest import NOW, PASSWORD
from tests.integration.helpers import actors_of, due_claims
from tests.integration.pages.conftest import post
from web import create_app
from web.db import runtime, sessions
from workflow.persistence.models import Claim, PaymentLine
from workflow.services import users


def _approved_batch(app, browser, n=2):
    f, rt = sessions(app), runtime(app)
    with f.begin() as s:
        users.create_user(s, "finance2", PASSWORD, "finance_officer", "财务复核", NOW)
    due_claims(f, rt, actors_of(f), n, "TZ-BF")
    finance = browser("finance")
    url = post(finance, "/finance/batches", {}, form_page="/finance/batches").headers["Location"]
    assert post(browser("finance2"), url + "/approve", {}, form_page=url).status_code == 302
    return finance, url


def _references(app):
    with sessions(app)() as s:
        return [c.reference for c in s.query(Claim).order_by(Claim.id)]


def test_the_import_form_is_on_the_page_before_the_export_and_takes_the_banks_echo(app,
                                                                                    browser):
    finance, url = _approved_batch(app, browser)
    page = finance.get(url).get_data(as_text=True)
    # The export answers with a file and the page stays: the form must be there already.
    assert 'id="f-results"' in page and "合计" in page
    early = post(finance, url + "/results",
                 {"results": (io.BytesIO(b"reference,status\n"), "r.csv")}, form_page=url)
    assert early.status_code == 422 and 'id="e-results"' in early.get_data(as_text=True)
    bank = post(finance, url + "/bank.csv", {}, form_page=url)
    assert bank.status_code == 200
    lines = bank.data.decode("utf-8-sig").splitlines()
    ref1, ref2 = (lines[i].split(",")[-1] for i in (1, 2))
    assert sorted((ref1, ref2)) == sorted(_references(app))
    echo = "\n".join([lines[0] + ",状态,失败原因",
                      lines[1] + ",成功,", "", ",,,,,,,,",
                      lines[2] + ",失败,E12 账户已销户",
                      lines[3] + ",,"]).encode()  # the total row, echoed
    assert lines[3].startswith("合计,2笔,") and ",2800.00," in lines[3]
    imported = post(finance, url + "/results", {"results": (io.BytesIO(echo), "回盘.csv")},
                    form_page=url)
    assert imported.status_code == 200
    assert "本次入账 2 笔，此前已入账 0 笔，拒绝 0 笔。" in imported.get_data(as_text=True)
    with sessions(app)() as s:
        results = {line.reference: line.result for line in s.query(PaymentLine)}
    assert results == {ref1: "paid", ref2: "failed"}


def test_the_xlsx_bank_file_has_numeric_amounts_and_its_total_under_them(app, browser):
    finance, url = _approved_batch(app, browser)
    app.config["PAYMENT_TEMPLATE"] = json.dumps([["备注", "reference"], ["金额", "amount_yuan"],
                                                 ["户名", "payee_name"], ["账号",
                                                                        "account_number"]])
    bank = post(finance, url + "/bank.xlsx", {}, form_page=url)
    rows = list(load_workbook(io.BytesIO(bank.data)).active.iter_rows())
    assert [c.value for c in rows[0]] == ["备注", "金额", "户名", "账号"]
    amounts = [row[1] for row in rows[1:]]
    assert all(c.data_type == "n" and c.number_format == "0.00" for c in amounts)
    assert [Decimal(str(c.value)) for c in amounts] == [Decimal(1400), Decimal(1400),
                                                        Decimal(2800)]
    assert [c.value for c in rows[-1]][2:] == ["合计", "2笔"]
    # The bank returns the sheet with a status column, the total row included.
    book = load_workbook(io.BytesIO(bank.data))
    sheet = book.active
    sheet.cell(row=1, column=5, value="状态")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=5, value="成功")
    out = io.BytesIO()
    book.save(out)
    imported = post(finance, url + "/results", {"results": (io.BytesIO(out.getvalue()),
                                                            "回盘.xlsx")}, form_page=url)
    assert "本次入账 2 笔，此前已入账 0 笔，拒绝 0 笔。" in imported.get_data(as_text=True)


@pytest.mark.parametrize("setting", ['[["户名", "payee_name"], ["备注", "reference"]]',
                                     "nosuchbank", "[1, 2]"])
def test_a_bank_template_without_an_amount_column_stops_start_up(setting, tmp_path):
    with pytest.raises(ValueError, match="PAYMENT_TEMPLATE|amount column"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "TESTING": True,
                    "PAYMENT_TEMPLATE": setting})
