"""The roster kinds of the Huzhou and Lanzhou packs on an enterprise's pages (issue 19 item 3):
offered in Chinese with their template, uploaded as xlsx, a row refused in Chinese beside the
upload, and the claim page saying the amount is not configured until acceptance prices it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook
from sqlalchemy import select

from tests.integration.api.test_enterprise_claims import WORKERS
from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import registered
from tests.integration.pages.test_enterprise_pages import sheet as enterprise_sheet
from web.db import sessions
from workflow.persistence.models import Claim

HEADERS = ["姓名", "身份证号码", "人员类别", "所属行业", "劳动合同起始日期", "劳动合同终止日期",
           "补贴年度（第1或第2年）"]


def sheet(*rows: list[str]) -> bytes:
    return enterprise_sheet(*rows, headers=HEADERS)


def row(n: int, kind: str = "一线职工") -> list[str]:
    return [f"学徒{n}", WORKERS[n], kind, "生物医药", "2025-05-01", "2028-04-30", "1"]


def test_an_enterprise_files_huzhou_apprentices_from_its_sheet(app, browser):
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    user = registered(browser)
    alone = user.get("/enterprise/claims").get_data(as_text=True)  # Pengyang's deployment
    assert "以工代训" in alone and "湖州" not in alone and "兰州" not in alone
    app.config["POLICY_PACKS"] = "pengyang,lanzhou,huzhou"
    page = user.get("/enterprise/claims").get_data(as_text=True)
    assert "企业新型学徒制培训补贴，付企业（湖州 三 7）" in page
    assert "国家技能大赛获奖选手所在单位奖励" in page
    template = user.get("/enterprise/template/hz_enterprise_apprenticeship.xlsx")
    assert [c.value for c in next(load_workbook(io.BytesIO(template.data)).active.rows)] == \
        HEADERS
    refused = post(user, "/enterprise/claims", {
        "roster_kind": "hz_enterprise_apprenticeship", "attested": "hz_enterprise_apprenticeship",
        "sheet": (io.BytesIO(sheet(row(0, "临时工"))), "学徒.xlsx")},
        form_page="/enterprise/claims", headers={"Accept-Language": "zh"})
    assert refused.status_code == 422
    assert "人员类别须为 新招用人员、新转岗人员、一线职工 之一（004 三 7）" in refused.get_data(
        as_text=True)
    fine = post(user, "/enterprise/claims", {
        "roster_kind": "hz_enterprise_apprenticeship", "attested": "hz_enterprise_apprenticeship",
        "sheet": (io.BytesIO(sheet(row(0), row(1))), "学徒.xlsx")},
        form_page="/enterprise/claims")
    assert fine.status_code == 302
    with sessions(app)() as s:
        claim = s.scalar(select(Claim))
        assert (claim.township, claim.subsidy_kind) == ("", "hz_enterprise_apprenticeship")
    shown = user.get(f"/claims/{claim.id}", headers={"Accept-Language": "zh"}).get_data(
        as_text=True)
    table = shown[shown.index('id="roster"'):]
    table = table[:table.index("</table>")]
    assert table.count("<td>未配置</td>") == 2 and "¥" not in table
