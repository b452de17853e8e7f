"""An enterprise's details page (issue 19 item 3): the account changes only with the current
password (said beside the field, nothing lost), the claims page shows the new account masked,
and the township reviewer's claim page warns that the payee account changed after filing.
Registration asks the township only where the pack in force has a township step."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.integration.api.test_enterprise_claims import CODES, STRONG
from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import good, registered, sheet
from web.db import sessions
from workflow.persistence.models import Claim, Enterprise

NAME = "彭阳县示范企业0有限公司"
NEW = "6217000000000000123"


def details(**overrides: str) -> dict[str, str]:
    return {"name": NAME, "township": "baiyang", "phone": "13900000000",
            "bank_name": "中国建设银行彭阳支行", "account_number": NEW, "account_holder": NAME,
            **overrides}


def test_the_account_changes_with_the_password_and_the_reviewer_is_warned(app, browser):
    user = registered(browser)
    filed = post(user, "/enterprise/claims", {
        "roster_kind": "work_for_training", "attested": "work_for_training",
        "sheet": (io.BytesIO(sheet(good(0))), "花名册.xlsx")}, form_page="/enterprise/claims")
    assert filed.status_code == 302
    form = user.get("/enterprise/details").get_data(as_text=True)
    assert CODES[0] in form and "6228480000000009900" not in form and "9900" in form
    refused = post(user, "/enterprise/details", details(), form_page="/enterprise/details",
                   headers={"Accept-Language": "zh"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="e-current_password"' in page
    assert "中国建设银行彭阳支行" in page  # what was typed is kept
    with sessions(app)() as s:
        assert s.scalar(select(Enterprise.bank_name)) == "宁夏银行"
    saved = post(user, "/enterprise/details", details(current_password=STRONG),
                 form_page="/enterprise/details")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    shown = user.get("/enterprise/claims").get_data(as_text=True)
    assert "中国建设银行彭阳支行" in shown and NEW not in shown and "0123" in shown
    with sessions(app)() as s:
        claim_id = s.scalar(select(Claim.id))
    text = browser("township").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "收款账户与申请时一致" in text  # the check, failing, with the change masked
    assert "在申请后变更了收款账户" in text and "9900 → " in text and NEW not in text
    assert "企业变更了收款账户" in text  # on the timeline


def test_registration_asks_the_township_only_where_the_pack_has_that_step(app, browser):
    anon = browser(None)
    assert 'id="f-township"' in anon.get("/enterprise/register").get_data(as_text=True)
    app.config["POLICY_PACKS"] = "huzhou"
    page = anon.get("/enterprise/register").get_data(as_text=True)
    assert 'id="f-township"' not in page
    name = "湖州市示范企业有限公司"
    answer = post(anon, "/enterprise/register", {
        "name": name, "credit_code": CODES[1], "phone": "13900000000",
        "bank_name": "湖州银行", "account_number": "6228480000000009911",
        "account_holder": name, "username": "hzfirm", "password": STRONG})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    with sessions(app)() as s:
        assert s.scalar(select(Enterprise.township)) == ""
