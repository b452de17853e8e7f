"""Finance pages: a batch from due claims to paid, with four eyes and the bank's files."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.conftest import NOW, PASSWORD
from tests.integration.helpers import actors_of, due_claims
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.persistence.models import Claim
from workflow.services import users


def _due(app, n):
    f, rt = sessions(app), runtime(app)
    with f.begin() as s:
        users.create_user(s, "finance2", PASSWORD, "finance_officer", "财务复核", NOW)
    due_claims(f, rt, actors_of(f), n, "TZ-F")


def test_finance_creates_another_approves_exports_and_imports(app, browser):
    _due(app, 2)
    finance = browser("finance")
    page = finance.get("/finance/batches").get_data(as_text=True)
    assert "2,800.00" in page
    created = post(finance, "/finance/batches", {}, form_page="/finance/batches")
    batch_url = created.headers["Location"]
    own = finance.get(batch_url).get_data(as_text=True)
    assert "双人复核" in own and "审批通过" not in own  # no approve button for the creator
    assert post(finance, batch_url + "/approve", {}, form_page=batch_url).status_code == 403
    checker = browser("finance2")
    assert post(checker, batch_url + "/approve", {}, form_page=batch_url).status_code == 302
    bank = post(finance, batch_url + "/bank.xlsx", {}, form_page=batch_url)
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(bank.data)).active.iter_rows()]
    assert rows[1][1:5] == ["张三", "6228480000000000000", "中国农业银行彭阳支行", 1400]
    with sessions(app)() as s:
        refs = [c.reference for c in s.query(Claim).order_by(Claim.id)]
    result = ("业务参考号,状态,失败原因\n" f"{refs[0]},成功,\n{refs[1]},失败,E12\n").encode()
    imported = post(finance, batch_url + "/results",
                    {"results": (io.BytesIO(result), "回盘.csv")}, form_page=batch_url)
    assert imported.status_code == 200
    assert "本次入账 2 笔，此前已入账 0 笔，拒绝 0 笔。" in imported.get_data(as_text=True)
    again = post(finance, batch_url + "/results",
                 {"results": (io.BytesIO(result), "回盘.csv")}, form_page=batch_url)
    assert "本次入账 0 笔，此前已入账 2 笔，拒绝 0 笔。" in again.get_data(as_text=True)
    with sessions(app)() as s:
        assert [c.status for c in s.query(Claim).order_by(Claim.id)] == ["paid", "in_progress"]
    report = finance.get("/finance/reconciliation.xlsx")
    sheet = load_workbook(io.BytesIO(report.data)).active
    assert [c.value for c in sheet[2]][:7] == [rows[-1][6], 2, "2800.00", 1, "1400.00", 1,
                                               "1400.00"]
    assert browser("bureau").get("/finance/batches").status_code == 403
    mine = browser("applicant").get("/claims/2").get_data(as_text=True)
    assert "尾号 0000 的账户未成功（E12）" in mine
    # The whole number appears only in the applicant's own correction form, not in the text.
    assert mine.count("6228480000000000000") == 1 and 'value="6228480000000000000"' in mine
    empty = finance.get("/finance/reconciliation.xlsx?from=2030-01-01")
    assert load_workbook(io.BytesIO(empty.data)).active.max_row == 1  # headings only
