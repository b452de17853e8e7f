"""The applicant's filing journey in Chromium: the scans the pack requires (issue 18 item 3), the
amount shown before the claim is sent (item 4)."""

from __future__ import annotations

from tests.browser.conftest import shot
from tests.browser.test_journeys import CHOICES, CLAIM, attach_scans, latest_claim, login

AWAITS = "该证书补贴标准尚未配置，申请将在人社局配置后受理"


def test_a_claim_without_its_id_card_is_refused_beside_the_field_then_filed(live, open_page):
    base = live["base"]
    phone = open_page(375, 740)
    login(phone, base, "applicant")
    phone.goto(f"{base}/claims/new")
    assert phone.locator("label[for=f-attachment_id_card] .req").count() == 1  # required
    for name, value in CLAIM.items():
        phone.fill(f"#f-{name}", value)
    for name, value in CHOICES.items():
        phone.select_option(f"#f-{name}", value)
    attach_scans(phone, id_card=False)
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state()
    assert phone.get_attribute("#f-attachment_id_card", "aria-invalid") == "true"
    assert "请上传身份证扫描件" in phone.inner_text("#e-attachment_id_card")
    assert phone.locator("#e-attachment_certificate_scan").count() == 0
    assert phone.input_value("#f-certificate_number") == "TZ-2026-0001"  # nothing lost
    assert "证书.pdf" in phone.inner_text("ul.files")  # the certificate is kept
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-claim-missing-id-card")

    attach_scans(phone, certificate=False)
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state()
    claim = latest_claim(live)
    assert (claim.certificate_number, claim.stage) == ("TZ-2026-0001", "township_review")


def test_the_form_shows_the_amount_and_says_when_it_awaits_the_bureau(live, open_page):
    """Issue 18 item 4: choosing a certificate shows its amount as the form changes; one whose
    amount the source lost says it waits for the bureau's configuration before it is sent, and
    the claim page says so while it waits."""
    base = live["base"]
    page = open_page()
    login(page, base, "applicant")
    page.goto(f"{base}/claims/new")
    for name, value in CLAIM.items():
        page.fill(f"#f-{name}", value)
    for name, value in CHOICES.items():
        page.select_option(f"#f-{name}", value)
    page.wait_for_selector("#amount-preview >> text=¥1,400.00")
    assert "预计补贴金额" in page.inner_text("#amount-preview")

    page.select_option("#f-certificate_code", "PY-17")  # 电梯作业: the source lost its amount
    page.wait_for_selector("#unpriced")
    assert AWAITS in page.inner_text("#amount-preview")
    shot(page, "claim-form-amount-awaits-bureau")
    attach_scans(page)
    page.click("button[type=submit].primary")  # told already: filed in one submit
    page.wait_for_load_state()
    claim = latest_claim(live)
    assert (claim.certificate_code, claim.stage) == ("PY-17", "township_review")
    assert page.url.endswith(f"/claims/{claim.id}")
    assert AWAITS in page.inner_text("#awaits-amount")
