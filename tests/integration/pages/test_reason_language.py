"""A pack's reasons on the bureau's page in the reader's language: the acceptance panel, the
automatic checks and the refusal of an acceptance in Chinese by default (amounts in yuan), and
in English exactly as the API says them; the API's own words do not change."""

from __future__ import annotations

import html
import re

from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_pack_claims_api import ALL, lanzhou
from tests.integration.pages.conftest import (  # noqa: F401 - fixture
    browser,
    post,
    set_amount,
)
from workflow.domain.sources import cite

NOT_CONFIGURED_EN = ("the amount of category B is not configured (lost in the source text; an "
                     "administrator must set it from the printed 附件2)")
NOT_CONFIGURED_ZH = "B类补贴标准未配置（原文缺失，须由管理员依据印发的附件2设定）"
CLAUSE = "000_52f3d35499bfb498.txt 附件2 B类"


def _text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def _decision_error(page: str) -> str:
    return re.search(r'id="e-decision">([^<]*)<', page).group(1)


def test_the_bureau_reads_a_lanzhou_claims_reasons_in_its_language(app, client, login,
                                                                   browser):  # noqa: F811
    app.config["POLICY_PACKS"] = ALL
    filed = client.post("/api/v1/claims", headers=login("applicant"), json=lanzhou())
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200

    bureau = browser("bureau")
    page = _text(bureau.get(f"/claims/{claim_id}"))
    assert NOT_CONFIGURED_ZH in page and NOT_CONFIGURED_EN not in page
    assert "此前已受理或已发放0次，每人最多3次" in page  # the cap, among the automatic checks
    assert "证书号194700在兰州新区社会保障第二服务中心号段内" in page  # 附件4's centre
    # The clause as the source names it, never translated; the page says the document's title
    # where the code says its seed file (the API keeps the file name).
    assert cite(CLAUSE) in page and CLAUSE not in page

    # Accepting anyway is refused: each reason in Chinese, with its clause.
    form = f"/claims/{claim_id}"
    action = re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    refused = post(bureau, action, {"version": version, "form": "acceptance",
                                    "decision": "approve", "comment": ""}, form_page=form)
    assert refused.status_code == 422
    assert _decision_error(_text(refused)) == f"不能受理：{NOT_CONFIGURED_ZH}（{cite(CLAUSE)}）"

    # In English the page says what the API says, word for word.
    api = _decide(client, login("bureau"), claim_id, "approve").json["fields"]["decision"]
    assert api == f"cannot accept: {NOT_CONFIGURED_EN} ({CLAUSE})"
    english = _text(bureau.get(f"/claims/{claim_id}?lang=en"))
    assert NOT_CONFIGURED_EN in english and NOT_CONFIGURED_ZH not in english
    assert "0 accepted or paid before, at most 3" in english
    refused = post(bureau, action, {"version": version, "form": "acceptance",
                                    "decision": "approve", "comment": ""}, form_page=form)
    assert _decision_error(_text(refused)) == cite(api)

    # Once the amount is set, the rule reads in yuan in Chinese, in fen as before in English.
    admin = browser("admin")
    assert set_amount(admin, {"pack": "lanzhou", "entry_code": "B", "amount": "1500",
                              "note": "印发版附件2"},
                      form_page="/admin/policy?pack=lanzhou").status_code == 302
    english = _text(bureau.get(f"/claims/{claim_id}"))
    assert "category B: 150000 fen + 20% = 180000 fen (rounded half up to the fen)" in english
    chinese = _text(bureau.get(f"/claims/{claim_id}?lang=zh"))
    assert "B类补贴标准1500元，上浮20%后为1800元（四舍五入到分）" in chinese
    assert "附件3 第3行" in chinese
