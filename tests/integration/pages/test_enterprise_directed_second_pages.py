"""Huzhou 004 二 4 其余50% on the enterprise's page (issue 19 item 3): the employer chooses its
paid first-half claim, uploads the follow-up roster, sees each refused row in Chinese beside the
upload with its choices and file kept, and files it; the claim page names the claim followed."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from sqlalchemy import select

from tests.integration.api.test_enterprise_claims import STRONG, as_enterprise
from tests.integration.api.test_enterprise_directed_second import SECOND, at, paid_class
from tests.integration.api.test_enterprise_rosters_of_packs import id_of
from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import sheet as enterprise_sheet
from web.db import sessions
from workflow.persistence.models import Claim, RosterRow

HEADERS = ["学员姓名", "身份证号码", "就业日期", "就业后6个月是否仍在湖就业（是/否）",
           "在湖就业单位"]
ZH = {"Accept-Language": "zh"}


def row(n: int, on: str = "2026-06-01", still: str = "是") -> list[str]:
    return [f"学员{n}", id_of(n), on, still, "湖州某汽车零部件有限公司" if still == "是" else ""]


def test_the_employer_files_the_rest_for_its_paid_class_from_the_page(app, client, login):
    first = paid_class(app, client, login, as_enterprise(client))
    at(app, datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    user = app.test_client()
    assert post(user, "/login", {"username": "firm0", "password": STRONG}).status_code == 302
    page = user.get("/enterprise/claims", headers=ZH).get_data(as_text=True)
    assert "定向培训其余50%补贴，付用人单位（湖州 二 4）" in page
    assert f'<option value="{first["id"]}">{first["reference"]}' in page  # the paid class
    unchosen = post(user, "/enterprise/claims", {
        "roster_kind": SECOND, "attested": SECOND, "follows": "",
        "sheet": (io.BytesIO(enterprise_sheet(row(0), headers=HEADERS)), "其余.xlsx")},
        form_page="/enterprise/claims", headers=ZH)
    assert unchosen.status_code == 422
    assert 'id="e-follows">请选择本单位本次申报所依的已发放申请' in unchosen.get_data(as_text=True)
    refused = post(user, "/enterprise/claims", {
        "roster_kind": SECOND, "attested": SECOND, "follows": str(first["id"]),
        "sheet": (io.BytesIO(enterprise_sheet(row(0), row(3, "2026-09-15"), row(4),
                                              headers=HEADERS)), "其余.xlsx")},
        form_page="/enterprise/claims", headers=ZH)
    said = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "第 3 行, 就业日期: 实现就业未满6个月：该学员自 2027-03-15 起方可申报" in said, said
    assert "第 4 行, 身份证号码: 该学员不在申请" in said and "对就业人员" in said
    # The choices and the file are kept for the corrected resubmission.
    assert f'<option value="{first["id"]}" selected>' in said
    assert f'<option value="{SECOND}" selected>' in said
    kept = re.search(r'name="kept" value="([^"]+)"', said).group(1)
    fine = post(user, "/enterprise/claims", {
        "roster_kind": SECOND, "attested": SECOND, "follows": str(first["id"]),
        "sheet": (io.BytesIO(enterprise_sheet(row(0), row(1, still="否"), headers=HEADERS)),
                  "其余.xlsx"), "kept": kept, "kept_name": "其余.xlsx"},
        form_page="/enterprise/claims")
    assert fine.status_code == 302, fine.get_data(as_text=True)
    with sessions(app)() as s:
        claim = s.scalar(select(Claim).where(Claim.subsidy_kind == SECOND))
        assert [(r.full_name, r.amount_fen, r.facts["follows"]) for r in s.scalars(
            select(RosterRow).where(RosterRow.claim_id == claim.id)
            .order_by(RosterRow.row_number))] == [("学员0", 40_000, first["reference"]),
                                                  ("学员1", 0, first["reference"])]
    shown = user.get(f"/claims/{claim.id}", headers=ZH).get_data(as_text=True)
    assert f"所依首期申请：{first['reference']}" in shown
