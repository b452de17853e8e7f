"""The applicant's journeys of issue 18 in Chromium, at phone (375 px) and desktop width."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_journeys import PDF, decide, file_claim, latest_claim, login


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
