"""One journey per role in Debian's Chromium, at desktop and phone width."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from tests.browser.conftest import shot
from tests.conftest import PASSWORD
from web.db import runtime, sessions
from workflow.persistence.models import Claim
from workflow.services import timers

CLAIM = {"full_name": "张三", "id_number": "11010519491231002X", "phone": "13800000000",
         "certificate_name": "叉车司机", "certificate_number": "TZ-2026-0001",
         "certificate_issued_on": "2026-05-01", "certificate_issuer": "固原市市场监管局",
         "bank_name": "中国农业银行彭阳支行", "account_number": "6228480000000000000",
         "account_holder": "张三"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
CHOICES = {"township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-22"}


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#f-username", username)
    page.fill("#f-password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def decide(page: Any, base: str, claim_id: int, decision: str, comment: str = "") -> None:
    page.goto(f"{base}/claims/{claim_id}")
    page.check(f"input[name=decision][value={decision}]")
    if comment:
        page.fill(".task #f-comment", comment)
    page.click(".task button[type=submit]")
    page.wait_for_load_state()


def latest_claim(live: dict[str, Any]) -> Claim:
    with sessions(live["app"])() as s:
        claim = s.scalars(select(Claim).order_by(Claim.id.desc())).first()
        assert claim is not None
        return claim


def attach_scans(page: Any, certificate: bool = True, id_card: bool = True) -> None:
    """Attach the scans the packs require (workflow.domain.policy.scans)."""
    if certificate:
        page.set_input_files("#f-attachment_certificate_scan", files=[
            {"name": "证书.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    if id_card:
        page.set_input_files("#f-attachment_id_card", files=[
            {"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}])


def file_claim(page: Any, base: str, **fields: str) -> None:
    """Fill in the claim form (CLAIM with `fields` changed), attach the scans, submit."""
    page.goto(f"{base}/claims/new")
    for name, value in {**CLAIM, **fields}.items():
        page.fill(f"#f-{name}", value)
    for name, value in CHOICES.items():
        page.select_option(f"#f-{name}", value)
    attach_scans(page)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def test_every_role_moves_one_claim_to_paid(live, open_page):
    base = live["base"]
    applicant = open_page()
    login(applicant, base, "applicant")
    file_claim(applicant, base)
    claim = latest_claim(live)
    assert claim.reference in applicant.inner_text("h1")
    shot(applicant, "applicant-claim")

    township = open_page()
    login(township, base, "township")
    assert claim.reference in township.inner_text("#results")
    shot(township, "township-queue")
    township.goto(f"{base}/claims/{claim.id}")
    assert "证书.pdf" in township.inner_text("#files-h + ul")
    decide(township, base, claim.id, "return", "请上传清晰的证书照片")

    applicant.goto(f"{base}/claims/{claim.id}")
    assert "请上传清晰的证书照片" in applicant.inner_text(".timeline")
    applicant.fill(".task #f-certificate_name", "叉车司机（N1）")
    applicant.click(".task button[type=submit]")
    applicant.wait_for_load_state()
    assert "叉车司机（N1）" in applicant.inner_text(".timeline")

    decide(township, base, claim.id, "approve")
    department = open_page()
    login(department, base, "department")
    decide(department, base, claim.id, "approve")
    bureau = open_page()
    login(bureau, base, "bureau")
    bureau.goto(f"{base}/claims/{claim.id}")
    assert "1,400.00" in bureau.inner_text(".task")  # 附件1 row 22, with its rule shown
    shot(bureau, "bureau-acceptance")
    decide(bureau, base, claim.id, "approve")
    bureau.goto(f"{base}/bureau/notices/new")
    for name, value in {"contact_office": "县人社局就业股", "contact_phone": "0954-7000000",
                        "contact_address": "彭阳县白阳镇"}.items():
        bureau.fill(f"#f-{name}", value)
    shot(bureau, "bureau-publish")
    bureau.click("form button[type=submit].primary")
    bureau.wait_for_load_state()
    assert "彭人社公示〔2026〕1号" in bureau.inner_text("main")

    public = open_page()
    public.goto(f"{base}/notices")
    public.click("text=彭人社公示〔2026〕1号")
    public.wait_for_load_state()
    text = public.inner_text("table")
    assert "张三" in text and "110105********002X" in text and "1,400.00" in text
    assert "11010519491231002X" not in public.content()
    shot(public, "public-notice")

    live["clock"][0] += timedelta(days=10)
    app = live["app"]
    assert timers.fire_due(sessions(app), runtime(app), live["clock"][0])
    finance = open_page()
    login(finance, base, "finance")
    decide(finance, base, claim.id, "paid")

    applicant.goto(f"{base}/claims/{claim.id}")
    assert "已发放" in applicant.inner_text(".status-line")
    assert "**** 0000" in applicant.inner_text(".details")
    assert "6228480000000000000" not in applicant.content()
    shot(applicant, "applicant-paid")


def test_phone_width_claim_form_fits_and_keeps_input(live, open_page):
    base = live["base"]
    phone = open_page(375, 740)
    login(phone, base, "applicant")
    file_claim(phone, base, id_number="110105194912310021")  # wrong check digit
    assert phone.get_attribute("#f-id_number", "aria-invalid") == "true"
    assert phone.input_value("#f-certificate_number") == "TZ-2026-0001"  # nothing lost
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-claim-form-error")
    # Keyboard: the skip link is the first stop and is visible when focused.
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip"


def test_bulk_approval_skips_a_failing_claim(live, open_page):
    base = live["base"]
    applicant = open_page()
    login(applicant, base, "applicant")
    file_claim(applicant, base)
    first = latest_claim(live)
    # The same person twice: "earlier claims" needs a look.
    file_claim(applicant, base, certificate_number="TZ-2026-0002")
    second = latest_claim(live)
    other = open_page()
    login(other, base, "other_applicant")
    other.goto(f"{base}/claims/{first.id}")  # another applicant's claim: refused, nothing shown
    assert other.locator(".details").count() == 0
    assert first.full_name not in other.inner_text("main")
    shot(other, "other-applicant-refused")
    file_claim(other, base, full_name="李四", account_holder="李四",
               id_number="642226198505050022", certificate_number="TZ-2026-0009",
               account_number="6228480000000004444")  # her own account
    passing = latest_claim(live)

    township = open_page()
    login(township, base, "township")
    boxes = township.locator("input[name=claim_ids]")
    assert boxes.count() == 1  # the two claims of one person cannot be ticked
    for i in range(boxes.count()):
        boxes.nth(i).check()
    shot(township, "township-bulk")
    township.click("#results button[type=submit]")
    township.wait_for_load_state()
    with sessions(live["app"])() as s:
        stages = {c.id: c.stage for c in s.scalars(select(Claim))}
    assert stages == {first.id: "township_review", second.id: "township_review",
                      passing.id: "department_review"}
