"""Each stage's time limit and the expected date of the next step on the claim page, and the
claim's receipt (回执) as PDF, through the pages as the applicant and staff would use them.
The limits are the office's setting (the seed documents give none): unset, a stage says "not
configured" and no date is shown for it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader

from tests.conftest import NOW
from tests.integration.api.conftest import make_app
from tests.integration.pages.test_messages import Api

LIMITS = "township_review=5,department_review=10"


@pytest.fixture
def limits_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(db_url, tmp_path, STAGE_WORKING_DAYS=LIMITS)
    yield app
    app.extensions["butie.engine"].dispose()


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _rows(page: str) -> list[list[str]]:
    """The time-limit table's rows, as the cells' text."""
    table = page.split('class="limits"', 1)[1].split("</table>", 1)[0]
    return [[re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in
             re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)][1:]


def test_the_claim_page_shows_each_stage_limit_and_the_next_date(limits_app, browser_for):
    api = Api(limits_app)
    claim_id, _ = api.file("applicant")  # Monday 2 November 2026
    applicant = browser_for(limits_app, "applicant")
    page = applicant.get(f"/claims/{claim_id}").get_data(as_text=True)
    # 5 working days from the day after filing: Tue 3 .. Mon 9 November
    assert "下一步预计办结日期" in page and 'datetime="2026-11-09"' in page
    rows = _rows(page)
    assert [r[1:] for r in rows] == [
        ["5 个工作日", "2026-11-09"],
        ["10 个工作日", "2026-11-23"],      # 10 more: Tue 10 .. Mon 23 November
        ["未配置", "未配置"],                # the bureau's: not set, no date guessed
        ["未配置", "未配置"],
        ["5 个工作日", "未配置"],            # the default window, after an unset stage
        ["未配置", "未配置"]]
    limits_app.extensions["test.clock"][0] = NOW + timedelta(days=2)  # Wednesday 4 November
    api.decide("township", claim_id, "approve")
    rows = _rows(applicant.get(f"/claims/{claim_id}").get_data(as_text=True))
    assert rows[0][2] == "—" and "已完成" in rows[0][0]
    assert rows[1][2] == "2026-11-18"  # the department's 10 days from the day it got the claim


def test_without_a_setting_every_stage_says_not_configured(db_url, tmp_path, browser_for):
    app = make_app(db_url, tmp_path)
    try:
        claim_id, _ = Api(app).file("applicant")
        page = browser_for(app, "applicant").get(f"/claims/{claim_id}").get_data(as_text=True)
        assert "下一步预计办结日期:</strong> 未配置" in page
        assert [r[2] for r in _rows(page)] == ["未配置"] * 6
        assert not re.search(r"\d{4}-\d{2}-\d{2}", page.split('class="limits"')[1]
                             .split("</table>")[0])
    finally:
        app.extensions["butie.engine"].dispose()


def test_the_receipt_is_a_pdf_of_the_claim_for_those_who_see_it(limits_app, browser_for):
    claim_id, reference = Api(limits_app).file("applicant")
    answer = browser_for(limits_app, "applicant").get(f"/claims/{claim_id}/receipt.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.data.startswith(b"%PDF-")
    assert f"receipt-{reference}.pdf" in answer.headers["Content-Disposition"]
    assert answer.headers["Cache-Control"] == "private, no-store"
    text = _pdf_text(answer.data)
    assert reference in text and "张三" in text and "叉车司机" in text
    assert "110105********002X" in text and "11010519491231002X" not in text
    assert "2026年11月2日" in text and "1,400.00" in text and "以验收核定为准" in text
    assert "5 个工作日" in text and "2026年11月9日" in text and "未配置" in text
    township = browser_for(limits_app, "township").get(f"/claims/{claim_id}/receipt.pdf")
    assert township.status_code == 200 and reference in _pdf_text(township.data)
    other = browser_for(limits_app, "other_applicant").get(f"/claims/{claim_id}/receipt.pdf")
    assert other.status_code == 404
