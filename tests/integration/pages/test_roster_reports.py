"""Enterprise claims in reports, exports and payment ledgers through the pages (issue 19 item 3):
the enterprise is the payee, paid once, and its workers are counted as persons served; the
workers' export masks ID numbers unless the viewer's open task needs them whole. On SQLite
and PostgreSQL."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import load_workbook

from tests.integration.api.test_enterprise_claims import (
    CODES,
    WORKERS,
    as_enterprise,
    roster,
    worker,
)
from tests.integration.helpers import actors_of, decide, due_claims
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.services import exports

FIRM = "彭阳县示范企业0有限公司"
CODE_MASKED = CODES[0][:6] + "*" * 8 + CODES[0][-4:]
ACCOUNT = "6228480000000009900"


def _file_roster(client: Any) -> int:
    """The enterprise's claim for three workers, waiting at township review."""
    headers = as_enterprise(client)
    filed = client.post("/api/v1/enterprise/claims", headers=headers,
                        json=roster(worker(0), worker(1), worker(2)))
    assert filed.status_code == 201, filed.json
    return int(filed.json["id"])


def _accepted(app: Any, client: Any) -> int:
    """The enterprise's claim accepted (3 x 1500 yuan) and two persons' claims (1400 yuan each),
    all published in one notice whose window has closed: due for payment."""
    claim_id = _file_roster(client)
    f, rt = sessions(app), runtime(app)
    people = actors_of(f)
    for reviewer in ("township", "hr_department", "bureau"):
        decide(f, rt, people[reviewer], claim_id, "approve")
    due_claims(f, rt, people, 2, "TZ-P")
    return claim_id


def _export(app: Any, user: Any, kind: str, **params: str) -> list[list[Any]]:
    started = post(user, "/exports", {"kind": kind, **params}, form_page="/exports")
    assert started.status_code == 303, started.get_data(as_text=True)
    exports.run_pending(sessions(app), runtime(app).clock)
    answer = user.get(started.headers["Location"] + "/file")
    assert answer.status_code == 200
    return [[c.value for c in row]
            for row in load_workbook(io.BytesIO(answer.data)).active.iter_rows()]


def test_the_training_ledger_shows_the_enterprise_as_payee_with_its_workers(app, client,
                                                                           browser):
    claim_id = _file_roster(client)
    township = browser("township")  # at its identity review: the credit code whole
    [row] = _export(app, township, "training")[2:]
    assert (row[1], row[2], row[3], row[6], row[24], row[25]) == (
        FIRM, None, CODES[0], "企业", "企业", 3)
    f, rt = sessions(app), runtime(app)
    decide(f, rt, actors_of(f)["township"], claim_id, "approve")
    assert _export(app, township, "training")[2][3] == CODE_MASKED  # past it: masked
    rows = _export(app, browser("bureau"), "training", year="2026")
    assert rows[1][24:] == ["收款对象", "涉及人数"]
    [firm] = [r for r in rows[2:] if r[1] == FIRM]
    # Not a person: no sex read from the credit code, masked, the workers counted beside it.
    assert (firm[2], firm[3], firm[6], firm[24], firm[25]) == (None, CODE_MASKED, "企业", "企业",
                                                               3)


def test_the_workers_export_masks_ids_unless_the_viewers_task_needs_them(app, client,
                                                                        browser):
    claim_id = _file_roster(client)
    township = browser("township")
    page = township.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert 'name="kind" value="roster"' in page  # the claim page offers the export
    rows = _export(app, township, "roster", claim_id=str(claim_id))
    assert rows[1][8:11] == ["职工姓名", "性别", "身份证号码"]
    # One line per worker; the township reviews identity now: the ID numbers whole.
    assert [(r[2], r[3], r[8], r[10], r[11]) for r in rows[2:]] == [
        (FIRM, CODES[0], f"工人{n}", WORKERS[n], 1500) for n in range(3)]
    bureau = _export(app, browser("bureau"), "roster", claim_id=str(claim_id))
    assert [r[10] for r in bureau[2:]] == [w[:6] + "*" * 8 + w[-4:] for w in WORKERS]
    assert {r[3] for r in bureau[2:]} == {CODE_MASKED}
    assert _export(app, browser("other_township"), "roster", claim_id=str(claim_id))[2:] == []
    f, rt = sessions(app), runtime(app)
    decide(f, rt, actors_of(f)["township"], claim_id, "approve")
    after = _export(app, township, "roster")  # every roster claim of the township
    assert [r[10][-4:] for r in after[2:]] == [w[-4:] for w in WORKERS]
    assert not any(w in str(after) for w in WORKERS)
    refused = post(browser("bureau"), "/exports", {"kind": "roster", "claim_id": "x"},
                   form_page="/exports")
    assert refused.status_code == 422
    assert post(browser("applicant"), "/exports", {"kind": "roster"},
                form_page="/exports").status_code == 403


def _table(page: str, table_id: str) -> list[list[str]]:
    found = re.search(rf'<table id="{table_id}".*?<tbody>(.*?)</tbody>', page, re.S)
    assert found, f"no {table_id}"
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(
        r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)]


def test_the_dashboard_counts_the_claim_once_and_its_workers_as_persons(app, client, browser):
    _accepted(app, client)
    page = browser("bureau").get("/dashboard?year=2026").get_data(as_text=True)
    money = {r[0]: r[1:] for r in _table(page, "table-money")}
    # 3 claims (2 persons', 1 enterprise's), 5 persons served, 2 x 1400 + 3 x 1500 yuan.
    assert money["已验收"][:3] == ["3", "5", "7,300.00"]
    kinds = {r[0]: r[1:] for r in _table(page, "table-money-kinds")}
    assert kinds == {"个人申领": ["2", "2", "2,800.00"], "以工代训": ["1", "3", "4,500.00"]}
    departments = {r[0]: r[1:] for r in _table(page, "table-money-departments")}
    assert departments["人力资源社会保障局"] == ["1", "3", "4,500.00"]
    assert _table(page, "table-money-townships")[0][1:4] == ["3", "5", "7,300.00"]
    assert 'id="money-meaning"' in page and "每名职工" in page


def test_the_payment_ledger_names_the_enterprise_and_its_workers(app, client, browser):
    _accepted(app, client)
    finance = browser("finance")
    url = post(finance, "/finance/batches", {}, form_page="/finance/batches").headers["Location"]
    page = finance.get(url).get_data(as_text=True)
    lines = {r[2]: r for r in _table(page, "batch-lines")}
    assert lines[FIRM][3:5] == ["企业", "3"]
    rows = _export(app, finance, "batch_lines", batch_id=url.rsplit("/", 1)[1])
    assert rows[1][9:] == ["收款对象", "统一社会信用代码", "涉及人数"]
    [firm] = [r for r in rows[2:] if r[2] == FIRM]
    # Paid once, to the enterprise's account (whole while the line waits for the bank).
    assert (firm[4], firm[5], firm[9], firm[10], firm[11]) == (ACCOUNT, 4500, "企业",
                                                                CODE_MASKED, 3)
    assert sorted((r[9], r[10], r[11]) for r in rows[2:] if r[2] != FIRM) == [
        ("个人", None, 1), ("个人", None, 1)]
    summary = {r[0]: r[1:] for r in _table(page, "batch-payees")}
    assert summary["企业"] == ["1", "3", "4,500.00"] and summary["个人"] == ["2", "2", "2,800.00"]
    # The reconciliation: 3 lines expected, one of them the enterprise's, 5 persons served.
    sheet = load_workbook(io.BytesIO(finance.get("/finance/reconciliation.xlsx").data)).active
    assert [c.value for c in sheet[1]][9:] == ["其中付企业笔数", "其中付企业金额（元）",
                                               "服务人数（企业按名单职工计）"]
    assert [c.value for c in sheet[2]][1:3] + [c.value for c in sheet[2]][9:] == [
        3, "7300.00", 1, "4500.00", 5]


def test_the_employment_ledger_names_the_enterprise_without_a_sex(app, client, browser):
    _accepted(app, client)
    rows = _export(app, browser("bureau"), "employment")
    [firm] = [r for r in rows[2:] if r[1] == FIRM]
    # The credit code's 17th character is a digit: read as an ID number it gave 女.
    assert (firm[2], firm[3], firm[6]) == (None, CODE_MASKED, "企业")
