"""The administrator drafts and schedules a catalogue version at phone width; from its date an
applicant files a claim for the added entry."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.browser.conftest import shot
from tests.browser.test_journeys import CHOICES, CLAIM, attach_scans, latest_claim, login
from tests.integration.helpers import actors_of, pengyang_claim
from web.db import runtime, sessions


def test_a_version_drafted_and_scheduled_on_a_phone(live, open_page):
    base = live["base"]
    phone = open_page(375, 740)
    login(phone, base, "admin")
    phone.goto(f"{base}/admin/policy")
    for name, value in {"add_code": "PY-34", "add_name": "无人机驾驶员",
                        "add_group": "民用航空从业人员", "add_amount": "2400",
                        "add_clause": "彭人社发〔2026〕50号 附件 第34行"}.items():
        phone.fill(f"#f-{name}", value)
    phone.select_option("#f-add_department", "transport")
    phone.click("form[action$='/policy/entries'] button[type=submit]")
    phone.wait_for_load_state()
    phone.select_option("#f-retire_code", "PY-21")
    phone.fill("#f-retire_clause", "彭人社发〔2026〕50号 二")
    phone.click("form[action$='/policy/retirements'] button[type=submit]")
    phone.wait_for_load_state()
    # A date that is not after today: refused beside the field, the note kept.
    phone.fill("#f-schedule_effective_from", "2026-11-01")
    phone.fill("#f-schedule_note", "彭人社发〔2026〕50号")
    phone.click("form[action$='/draft/schedule'] button[type=submit]")
    phone.wait_for_load_state()
    assert phone.get_attribute("#f-schedule_effective_from", "aria-invalid") == "true"
    assert phone.input_value("#f-schedule_note") == "彭人社发〔2026〕50号"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-policy-draft-error")
    phone.fill("#f-schedule_effective_from", "2026-12-01")
    phone.click("form[action$='/draft/schedule'] button[type=submit]")  # confirmed
    phone.wait_for_load_state()
    versions = phone.inner_text("ol.versions")
    assert "2026-12-01" in versions and "无人机驾驶员" in versions and "待生效" in versions
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-policy-versions")

    live["clock"][0] = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    applicant = open_page()
    login(applicant, base, "applicant")
    applicant.goto(f"{base}/claims/new")
    for name, value in {**CLAIM, "certificate_name": "无人机驾驶员"}.items():
        applicant.fill(f"#f-{name}", value)
    for name, value in {**CHOICES, "certificate_code": "PY-34"}.items():
        applicant.select_option(f"#f-{name}", value)
    attach_scans(applicant)
    applicant.click("button[type=submit].primary")
    applicant.wait_for_load_state()
    claim = latest_claim(live)
    assert (claim.certificate_code, claim.stage) == ("PY-34", "township_review")


def test_a_lost_amount_is_set_after_seeing_what_it_prices(live, open_page):
    """Issue 18 item 14: the entry says how many waiting claims it holds up; setting its amount
    first shows how many claims it prices and their total, and saves only when confirmed."""
    f, rt = sessions(live["app"]), runtime(live["app"])
    people = actors_of(f)
    for serial, steps in ((41, 0), (42, 2)):
        pengyang_claim(f, rt, people, serial, "PY-01", "低压电工作业", steps)
    base = live["base"]
    phone = open_page(375, 740)
    login(phone, base, "admin")
    phone.goto(f"{base}/admin/policy")
    assert "有 2 件待办申请因此无法计价" in phone.inner_text("#blocked-PY-01")
    form = "form:has(input[name=entry_code][value=PY-01])"
    phone.fill(f"{form} input[name=amount]", "1500")
    phone.fill(f"{form} input[name=note]", "印刷版附件1第1行")
    phone.click(f"{form} button[type=submit]")
    phone.wait_for_load_state()
    assert phone.get_attribute("#impact", "data-count") == "2"
    assert "3,000.00" in phone.inner_text("#impact-total")
    assert "2 件" in phone.inner_text("#confirm-amount")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-policy-amount-confirm")
    phone.click("#confirm-amount")
    phone.wait_for_load_state()
    assert phone.url.endswith("/admin/policy?pack=pengyang")
    assert phone.locator("#blocked-PY-01").count() == 0
