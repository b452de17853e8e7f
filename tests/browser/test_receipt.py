"""An applicant on a phone opens their claim, reads each stage's time limit and the day the
next step is expected by, and downloads the claim's receipt (回执) PDF."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from tests.browser.conftest import shot
from tests.browser.test_journeys import login
from tests.conftest import claim_input
from tests.integration.helpers import actors_of, file
from web.db import runtime, sessions


def test_an_applicant_reads_the_time_limits_and_downloads_the_receipt(live, open_page):
    base, app = live["base"], live["app"]
    app.config["STAGE_WORKING_DAYS"] = "township_review=5,department_review=10"
    factory = sessions(app)
    claim_id = file(factory, runtime(app), actors_of(factory)["applicant"], claim_input())
    phone = open_page(375, 740)
    login(phone, base, "applicant")
    phone.click(f"a[href='/claims/{claim_id}']")
    phone.wait_for_load_state()
    assert "下一步预计办结日期: 2026-11-09" in phone.inner_text("p.next-date")
    limits = phone.locator("table.limits tbody tr")
    assert limits.count() == 6
    current = phone.locator("table.limits tr[aria-current=step]")
    assert "5 个工作日" in current.inner_text() and "2026-11-09" in current.inner_text()
    assert "未配置" in limits.nth(2).inner_text()  # the bureau's: none set, none guessed
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("#receipt-link").scroll_into_view_if_needed()
    shot(phone, "phone-claim-time-limits")
    with phone.expect_download() as caught:
        phone.click("#receipt-link")
    download = caught.value
    reference = phone.inner_text("h1 .meta")
    assert download.suggested_filename == f"receipt-{reference}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert reference in text and "110105********002X" in text and "2026年11月9日" in text
