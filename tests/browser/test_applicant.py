"""The applicant's journeys of issue 18 in Chromium, at phone (375 px) and desktop width."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import shot
from tests.browser.test_journeys import PDF, decide, file_claim, latest_claim, login
from tests.integration.helpers import accept_claims, actors_of, publish
from web.db import runtime, sessions


def _in_view(page: Any, selector: str) -> dict[str, float]:
    """The element's box, asserted inside the viewport as first shown (no scrolling)."""
    assert page.evaluate("window.scrollY") == 0
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    size = page.viewport_size
    assert 0 <= box["y"] and box["y"] < size["height"], (selector, box, size)
    return box


@pytest.mark.parametrize("width,height", [(375, 740), (1280, 900)])
def test_a_returned_claim_shows_why_first_and_loses_nothing(live, open_page, width, height):
    base = live["base"]
    applicant = open_page(width, height)
    login(applicant, base, "applicant")
    file_claim(applicant, base)
    claim = latest_claim(live)
    township = open_page()
    login(township, base, "township")
    decide(township, base, claim.id, "return", "证书照片不清晰，请重新上传")

    applicant.goto(f"{base}/claims/{claim.id}")
    box = _in_view(applicant, ".returned .reason")
    assert "证书照片不清晰" in applicant.inner_text(".returned")
    assert "乡镇" in applicant.inner_text(".returned")
    assert box["x"] + box["width"] <= width
    if width == 375:
        shot(applicant, "phone-returned-claim")

    # The correction form takes the clearer scan; a mistake elsewhere loses neither.
    applicant.fill(".task #f-certificate_name", "叉车司机（N1）")
    applicant.fill(".task #f-phone", "12")
    applicant.set_input_files(".task #f-attachment_certificate_scan", files=[
        {"name": "清晰证书.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    applicant.click(".task button[type=submit]")
    applicant.wait_for_load_state()
    assert applicant.locator(".task #e-phone").is_visible()
    assert applicant.input_value(".task #f-certificate_name") == "叉车司机（N1）"
    assert "清晰证书.pdf" in applicant.inner_text(".task")
    applicant.fill(".task #f-phone", "13800000000")
    applicant.click(".task button[type=submit]")
    applicant.wait_for_load_state()
    assert "已补正重新提交" in applicant.inner_text(".flashes")
    assert "已补正重新提交" in applicant.inner_text(".timeline")
    assert "审核意见已记录" not in applicant.content()
    assert "清晰证书.pdf" in applicant.inner_text("#files-h + ul")
    assert latest_claim(live).stage == "township_review"


def test_a_public_notice_fits_a_phone_with_its_amounts_and_objection_links(live, open_page):
    app = live["app"]
    factory, clock = sessions(app), runtime(app)
    people = actors_of(factory)
    accept_claims(factory, clock, people, 3, "PHONE")
    batch = publish(factory, clock, people["bureau"])
    for width, height in ((375, 740), (1280, 900)):
        page = open_page(width, height)
        page.goto(f"{live['base']}/notices/{batch.id}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator("table.notice tbody tr")
        assert rows.count() == 3
        for i in range(3):
            for cell in ("td.amount", "td.object a"):
                box = rows.nth(i).locator(cell).bounding_box()
                assert box is not None and box["width"] > 0, (width, i, cell)
                assert 0 <= box["x"] and box["x"] + box["width"] <= width, (width, i, cell, box)
        assert "1,400.00" in rows.first.locator("td.amount").inner_text()
        if width == 375:
            shot(page, "phone-public-notice")
        rows.first.locator("td.object a").click()
        page.wait_for_load_state()
        assert "/object" in page.url


@pytest.mark.parametrize("width,height", [(375, 740), (1280, 900)])
def test_errors_come_at_once_and_switching_language_keeps_the_form(live, open_page, width,
                                                                   height):
    base = live["base"]
    visitor = open_page(width, height)
    visitor.goto(f"{base}/register")
    visitor.fill("#f-id_number", "642226199001011235")
    visitor.fill("#f-phone", "139")
    visitor.fill("#f-username", "wangwu")
    visitor.fill("#f-password", "password1")
    visitor.click("button[type=submit].primary")
    visitor.wait_for_load_state()
    assert visitor.locator("p.error").count() == 3  # name, phone and password, one submit
    assert visitor.inner_text("#e-full_name") == "此项为必填。"

    applicant = open_page(width, height)
    login(applicant, base, "applicant")
    applicant.goto(f"{base}/claims/new")
    applicant.fill("#f-certificate_number", "TZ-9")
    applicant.fill("#f-bank_name", "中国农业银行彭阳支行")
    applicant.click("header button[name=lang]")
    applicant.wait_for_load_state()
    assert "Apply for the vocational training subsidy" in applicant.inner_text("h1")
    assert applicant.input_value("#f-certificate_number") == "TZ-9"
    assert applicant.input_value("#f-bank_name") == "中国农业银行彭阳支行"
    applicant.click("header button[name=lang]")  # and back, still there
    applicant.wait_for_load_state()
    assert "申请" in applicant.inner_text("h1")
    assert applicant.input_value("#f-certificate_number") == "TZ-9"
