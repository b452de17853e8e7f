"""The administrator drafts and schedules a catalogue version at phone width; from its date an
applicant files a claim for the added entry."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.browser.conftest import shot
from tests.browser.test_journeys import CHOICES, CLAIM, attach_scans, latest_claim, login


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
