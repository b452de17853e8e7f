"""A returned roster claim on the enterprise's pages (issue 19 item 3): listed with the
reviewer's reason and an upload for the corrected roster; a refused roster is shown row by row
beside that claim with the file kept and nothing changed; a corrected one (xlsx or CSV) goes
back to the reviewer who returned it and the timeline says what changed. Another enterprise
gets 404, a claim not waiting for correction 409."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.integration.api.test_enterprise_claims import CODES, STRONG, WORKERS
from tests.integration.helpers import actors_of, decide
from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import HEADERS, _filed, good, sheet
from web.db import runtime, sessions
from workflow.persistence.models import Claim, RosterRow

REASON = "工人1的结业证书编号有误"
ZH = {"Accept-Language": "zh"}


def _returned(app, browser):
    user, claim_id = _filed(app, browser)
    f = sessions(app)
    decide(f, runtime(app), actors_of(f)["township"], claim_id, "return", REASON)
    return user, claim_id


def _rows(app, claim_id: int) -> list[str]:
    with sessions(app)() as s:
        return [r.full_name for r in s.scalars(select(RosterRow).where(
            RosterRow.claim_id == claim_id).order_by(RosterRow.row_number))]


def _csv(*rows: list[str]) -> bytes:
    return "\n".join(",".join(r) for r in (HEADERS, *rows)).encode("utf-8-sig")


def test_a_returned_claim_is_corrected_from_the_claims_page(app, browser):
    user, claim_id = _returned(app, browser)
    page = user.get("/enterprise/claims", headers=ZH).get_data(as_text=True)
    assert 'id="returned"' in page and REASON in page
    assert "乡镇 于" in page and "以更正后的花名册重新提交" in page  # said in Chinese
    assert f'action="/enterprise/claims/{claim_id}/roster"' in page
    bad = sheet(good(0), good(2, training_end="2026-09-10"))
    refused = post(user, f"/enterprise/claims/{claim_id}/roster", {
        "sheet": (io.BytesIO(bad), "更正花名册.xlsx"), "comment": "已更正"},
        form_page="/enterprise/claims", headers=ZH)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "更正后的花名册未被接受" in text
    assert 'id="correction-errors"' in text and "第 3 行, 培训结束日期: 培训时间为 10 天" in text
    assert "更正花名册.xlsx" in text and 'name="kept"' in text and "已更正" in text
    assert _rows(app, claim_id) == ["工人0", "工人1"]  # nothing changed
    fixed = post(user, f"/enterprise/claims/{claim_id}/roster", {
        "sheet": (io.BytesIO(_csv(good(0), good(2))), "更正花名册.csv"), "comment": "已更正"},
        form_page="/enterprise/claims")
    assert fixed.status_code == 302
    assert _rows(app, claim_id) == ["工人0", "工人2"]
    with sessions(app)() as s:
        assert s.get(Claim, claim_id).stage == "township_review"  # who returned it
    township = browser("township").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "职工 (2 → 2; 新增 1 人，删除 1 人)" in township  # the timeline says what changed
    assert WORKERS[2] in township  # the township verifies the new worker's identity
    listing = user.get("/enterprise/claims").get_data(as_text=True)
    assert 'id="returned"' not in listing


def test_the_claim_page_offers_the_roster_upload_not_a_persons_fields(app, browser):
    user, claim_id = _returned(app, browser)
    page = user.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert f'formaction="/enterprise/claims/{claim_id}/roster"' in page
    assert 'name="sheet"' in page and 'name="id_number"' not in page


def test_another_enterprise_gets_404_and_a_claim_not_returned_409(app, browser):
    user, claim_id = _filed(app, browser)
    upload = {"sheet": (io.BytesIO(sheet(good(0))), "花名册.xlsx")}
    waiting = post(user, f"/enterprise/claims/{claim_id}/roster", upload,
                   form_page="/enterprise/claims")
    assert waiting.status_code == 409
    assert "该申请不在待更正状态" in waiting.get_data(as_text=True)
    assert _rows(app, claim_id) == ["工人0", "工人1"]
    name = "彭阳县另一企业有限公司"
    assert post(browser(None), "/enterprise/register", {
        "name": name, "credit_code": CODES[1], "township": "baiyang", "phone": "13900000001",
        "bank_name": "宁夏银行", "account_number": "6228480000000009910",
        "account_holder": name, "username": "firm1", "password": STRONG}).status_code == 302
    other = browser(None)
    assert post(other, "/login", {"username": "firm1", "password": STRONG}).status_code == 302
    f = sessions(app)
    decide(f, runtime(app), actors_of(f)["township"], claim_id, "return", REASON)
    stranger = post(other, f"/enterprise/claims/{claim_id}/roster",
                    {"sheet": (io.BytesIO(sheet(good(0))), "花名册.xlsx")},
                    form_page="/enterprise/claims")
    assert stranger.status_code == 404
    assert _rows(app, claim_id) == ["工人0", "工人1"]
