"""The administrator enters a year's holiday notice in Chromium: the bureau's publishing page
first says the year is missing and where it is entered; afterwards it previews the end date."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.browser.conftest import shot
from tests.browser.test_journeys import login
from tests.integration.helpers import TEST_2027, accept_claims, actors_of
from web.db import runtime, sessions


def test_the_administrator_enters_a_year_and_the_notice_window_counts_on_it(live, open_page):
    base, app = live["base"], live["app"]
    f = sessions(app)
    accept_claims(f, runtime(app), actors_of(f), 1, "TZ-BROWSER")
    live["clock"][0] = datetime(2026, 12, 28, 1, tzinfo=UTC)  # 09:00 in Pengyang

    bureau = open_page()
    login(bureau, base, "bureau")
    bureau.goto(f"{base}/bureau/notices/new")
    missing = bureau.inner_text("#calendar-missing")
    assert "2027 年的法定节假日安排尚未配置" in missing and "/admin/calendar" in missing

    admin = open_page(375, 740)  # at phone width
    login(admin, base, "admin")
    admin.click("nav >> text=法定节假日")
    admin.wait_for_load_state()
    assert "2027 年：未配置" in admin.inner_text("#missing-2027")
    admin.click("#missing-2027 a")
    admin.wait_for_load_state()
    assert "2027 年未配置" in admin.inner_text("#not-configured")
    admin.fill("#f-document_number", TEST_2027["document_number"])
    admin.fill("#f-holidays", "2027-01-01 元旦\n2027-01-04")  # the festival is missing
    admin.fill("#f-make_up_days", TEST_2027["make_up_days"])
    admin.click("form[action$='/admin/calendar/2027'] button[type=submit]")
    admin.wait_for_load_state()
    assert admin.get_attribute("#f-holidays", "aria-invalid") == "true"
    assert "第 2 行" in admin.inner_text("#e-holidays")
    assert admin.input_value("#f-make_up_days") == TEST_2027["make_up_days"]  # kept
    assert admin.evaluate("document.documentElement.scrollWidth") <= 375
    admin.fill("#f-holidays", TEST_2027["holidays"])
    admin.click("form[action$='/admin/calendar/2027'] button[type=submit]")
    admin.wait_for_load_state()
    assert "2027 年的法定节假日安排已保存" in admin.inner_text(".flashes")
    assert TEST_2027["document_number"] in admin.inner_text("#year-facts")
    assert admin.evaluate("document.documentElement.scrollWidth") <= 375
    shot(admin, "phone-calendar-year")

    bureau.goto(f"{base}/bureau/notices/new")
    assert bureau.locator("#calendar-missing").count() == 0
    assert "2027-01-05" in bureau.inner_text("main")  # the window's last day, previewed
