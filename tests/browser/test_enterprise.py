"""An enterprise's filing journey in Chromium (issue 19 item 3, Pengyang 003 二(四) 以工代训):
register with the credit code, log in, upload a roster whose second row is refused (the reason
beside the upload, in Chinese, the file kept), resubmit a corrected roster, see the claim."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import shot
from tests.browser.test_journeys import latest_claim
from tests.integration.api.test_enterprise_claims import CODES, STRONG
from tests.integration.pages.test_enterprise_pages import good, sheet

NAME = "彭阳县示范企业0有限公司"


def test_an_enterprise_registers_and_files_a_roster(live, open_page, tmp_path: Path):
    base, page = live["base"], open_page()
    page.goto(f"{base}/enterprise/register")
    for name, value in {"name": NAME, "credit_code": CODES[0], "phone": "13900000000",
                        "bank_name": "宁夏银行彭阳支行", "account_number": "6228480000000009900",
                        "account_holder": NAME, "username": "firm0",
                        "password": STRONG}.items():
        page.fill(f"#f-{name}", value)
    page.select_option("#f-township", "baiyang")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/login")
    page.fill("#f-username", "firm0")
    page.fill("#f-password", STRONG)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/enterprise/claims")
    bad, fixed = tmp_path / "花名册.xlsx", tmp_path / "花名册-改.xlsx"
    bad.write_bytes(sheet(good(0), good(1, training_end="2026-09-10")))
    fixed.write_bytes(sheet(good(0), good(1)))
    page.set_input_files("#f-sheet", str(bad))
    page.check("#f-attested-work_for_training")
    page.click("#roster-form button[type=submit]")
    page.wait_for_load_state()
    errors = page.inner_text("#roster-errors")
    assert "第 3 行" in errors and "培训时间为 10 天" in errors
    assert "花名册.xlsx" in page.inner_text("#roster-form")  # the file is kept
    shot(page, "enterprise-roster-refused")
    page.set_input_files("#f-sheet", str(fixed))
    page.check("#f-attested-work_for_training")
    page.click("#roster-form button[type=submit]")
    page.wait_for_url("**/enterprise/claims")
    claim = latest_claim(live)
    assert (claim.payee_kind, claim.full_name, claim.stage) == ("enterprise", NAME,
                                                                "township_review")
    assert claim.reference in page.inner_text("main")
    shot(page, "enterprise-claims")
