"""The second half of a Huzhou employer-directed subsidy in the browser. On a phone the bureau
officer reads the installment and its clause, gives a start of work too recent (refused beside
the date field, what was typed kept), then the right one; the claim waits for its own notice.
On a desktop the officer records the start months ahead, the queue shows the day and marks it
due when it comes, and the confirmation needs nothing typed again."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.browser.conftest import shot
from tests.browser.test_journeys import login
from tests.integration.pages.test_installment_pages import first_half_paid
from web.db import sessions
from workflow.persistence.models import Claim


def test_the_bureau_confirms_the_second_half_on_a_phone(live, open_page):
    base, clock = live["base"], live["clock"]
    claim_id = first_half_paid(live["app"], clock)
    clock[0] = datetime(2026, 9, 4, 2, 0, tzinfo=UTC)
    phone = open_page(375, 740)
    login(phone, base, "bureau")
    phone.goto(f"{base}/claims/{claim_id}")
    task = phone.inner_text(".task")
    assert "第 2 期（共 2 期）：¥400.00" in task and "其余50%" in task
    phone.check("input[name=decision][value=confirm]")
    phone.fill(".task #f-started_on", "2026-03-05")
    phone.fill(".task #f-comment", "社保缴费记录 2026-03 起")
    phone.click(".task button[type=submit]")
    phone.wait_for_load_state()
    assert "第 2 期自 2026-09-05 起方可确认" in phone.inner_text("#e-started_on")
    assert phone.input_value(".task #f-started_on") == "2026-03-05"
    assert phone.input_value(".task #f-comment") == "社保缴费记录 2026-03 起"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-installment-too-early")

    clock[0] = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
    phone.check("input[name=decision][value=confirm]")
    phone.click(".task button[type=submit]")
    phone.wait_for_load_state()
    with sessions(live["app"])() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        assert (claim.stage, claim.amount_fen) == ("awaiting_notice", 80000)
        assert claim.installments[1]["started_on"] == "2026-03-05"


def test_the_bureau_records_the_start_ahead_and_confirms_from_the_queue_when_due(live,
                                                                                 open_page):
    base, clock = live["base"], live["clock"]
    claim_id = first_half_paid(live["app"], clock)
    clock[0] = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    page = open_page(1280, 900)
    login(page, base, "bureau")
    page.goto(f"{base}/claims/{claim_id}")
    page.check("input[name=decision][value=schedule]")
    page.fill(".task #f-started_on", "2026-03-05")
    page.click(".task button[type=submit]")
    page.wait_for_load_state()  # back to the queue, where the task still waits
    assert page.url.endswith("/queue")
    row = page.locator("table.queue tbody tr", has_text="养老护理员定向培训")
    assert "2026-09-05 起可确认" in row.inner_text() and "已到期" not in row.inner_text()
    clock[0] = datetime(2026, 9, 5, 2, 0, tzinfo=UTC)
    page.reload()
    assert "已到期" in row.inner_text()
    shot(page, "queue-installment-due")
    row.locator("a").first.click()  # the queue opens the claim in the workbench
    page.wait_for_load_state()
    assert "/workbench/claims/" in page.url
    assert "已记录开始日期 2026-03-05，自 2026-09-05 起可确认。" in page.inner_text("main")
    assert page.input_value(".wb-form #f-started_on") == "2026-03-05"  # nothing to type again
    page.click(".wb-form button[name=decision][value=confirm]")
    page.wait_for_load_state()
    with sessions(live["app"])() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None and claim.stage == "awaiting_notice"
