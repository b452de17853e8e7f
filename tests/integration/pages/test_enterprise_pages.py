"""An enterprise's pages (issue 19 item 3): register, download the template, upload a roster
as xlsx; a refused roster is shown row by row in Chinese beside the upload, nothing is saved and
the file is kept for the next submit."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.integration.api.test_enterprise_claims import CODES, STRONG, WORKERS
from tests.integration.pages.conftest import post
from web.db import sessions
from workflow.persistence.models import Claim, RosterRow

HEADERS = ["姓名", "身份证号码", "培训开始日期", "培训结束日期", "结业证书编号", "入职日期"]


def sheet(*rows: list[str], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good(n: int, **kw: str) -> list[str]:
    row = {"training_end": "2026-10-01", "employed_since": "2026-07-01", **kw}
    return [f"工人{n}", WORKERS[n], "2026-09-01", row["training_end"], f"JY-{n}",
            row["employed_since"]]


def registered(browser):
    anon = browser(None)
    name = "彭阳县示范企业0有限公司"
    answer = post(anon, "/enterprise/register", {
        "name": name, "credit_code": CODES[0], "township": "baiyang", "phone": "13900000000",
        "bank_name": "宁夏银行", "account_number": "6228480000000009900",
        "account_holder": name, "username": "firm0", "password": STRONG})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    user = browser(None)
    assert post(user, "/login", {"username": "firm0", "password": STRONG}).status_code == 302
    return user


def test_a_refused_roster_says_each_row_in_chinese_and_keeps_the_file(app, browser):
    user = registered(browser)
    template = user.get("/enterprise/template/work_for_training.xlsx")
    assert template.status_code == 200
    assert [c.value for c in next(load_workbook(io.BytesIO(template.data)).active.rows)] == \
        HEADERS
    bad = sheet(good(0), good(1, training_end="2026-09-10"), good(0))
    answer = post(user, "/enterprise/claims", {
        "roster_kind": "work_for_training", "attested": "work_for_training",
        "sheet": (io.BytesIO(bad), "花名册.xlsx")}, form_page="/enterprise/claims",
        headers={"Accept-Language": "zh"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "第 3 行" in page and "第 3 行, 培训结束日期: 培训时间为 10 天" in page, page
    assert "该职工已在第 2 行" in page  # the duplicate, said in Chinese
    assert "花名册.xlsx" in page and 'name="kept"' in page
    kept = re.search(r'name="kept" value="([^"]+)"', page).group(1)
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(RosterRow)) == 0
    # Resubmitted without choosing the file again: the kept file is read (still refused).
    again = post(user, "/enterprise/claims", {"roster_kind": "work_for_training",
                                              "attested": "work_for_training", "kept": kept,
                                              "kept_name": "花名册.xlsx"},
                 form_page="/enterprise/claims")
    assert again.status_code == 422 and "花名册.xlsx" in again.get_data(as_text=True)
    fine = post(user, "/enterprise/claims", {
        "roster_kind": "work_for_training", "attested": "work_for_training",
        "sheet": (io.BytesIO(sheet(good(0), good(1))), "花名册.xlsx")},
        form_page="/enterprise/claims")
    assert fine.status_code == 302
    with sessions(app)() as s:
        claim = s.scalar(select(Claim))
        assert claim.payee_kind == "enterprise" and claim.full_name == "彭阳县示范企业0有限公司"
        assert s.scalar(select(func.count()).select_from(RosterRow)) == 2
    listing = user.get("/enterprise/claims").get_data(as_text=True)
    assert claim.reference in listing


def test_a_bad_credit_code_is_refused_beside_the_field(browser):
    answer = post(browser(None), "/enterprise/register", {
        "name": "某公司", "credit_code": "91640425MA76XXXX0X", "township": "baiyang",
        "phone": "13900000000", "bank_name": "宁夏银行", "account_number": "6228480000000009900",
        "account_holder": "某公司", "username": "firmx", "password": STRONG},
        headers={"Accept-Language": "zh"})
    assert answer.status_code == 422
    assert 'id="e-credit_code"' in answer.get_data(as_text=True)


def _filed(app, browser):
    """A registered enterprise's browser and the claim it filed for workers 0 and 1."""
    user = registered(browser)
    assert post(user, "/enterprise/claims", {
        "roster_kind": "work_for_training", "attested": "work_for_training",
        "sheet": (io.BytesIO(sheet(good(0), good(1))), "花名册.xlsx")},
        form_page="/enterprise/claims").status_code == 302
    with sessions(app)() as s:
        return user, s.scalar(select(Claim.id))


def test_reviewers_see_the_workers_masked_but_the_township_while_it_reviews_identity(app,
                                                                                      browser):
    """The claim page lists the roster: the township reviewing identity sees the workers' ID
    numbers whole (003 三(三) 所在乡镇…对人员身份进行审核), the bureau and the enterprise masked;
    the bureau is not shown a catalogue quote for it (the roster prices it)."""
    user, claim_id = _filed(app, browser)
    township = browser("township").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert 'id="roster"' in township and WORKERS[0] in township and "工人1" in township
    for who in ("bureau", None):
        page = (browser(who) if who else user).get(f"/claims/{claim_id}").get_data(as_text=True)
        assert 'id="roster"' in page and WORKERS[0] not in page and "工人0" in page


def test_the_township_sees_an_enterprises_checks_not_a_persons(app, browser):
    """The automatic checks of a roster claim are the enterprise's: its credit code and every
    worker's ID number valid, its account on nobody else's claim. A person's checks (an ID
    number, earlier claims, the catalogue's cap) failed on the credit code in the ID number's
    place and kept every roster claim out of bulk approval."""
    _, claim_id = _filed(app, browser)
    page = browser("township").get(f"/claims/{claim_id}").get_data(as_text=True)
    checks = page[page.index('id="checks-h"'):page.index("</section>", page.index('id="checks-h"'))]
    assert "统一社会信用代码有效" in checks and "每名职工身份证号码有效" in checks
    assert 'class="fail"' not in checks and "GB 11643" not in checks  # no person's ID check
