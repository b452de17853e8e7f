"""The bureau publishes a notice in Chromium (issue 18 item 13): the window's last day shows as
soon as the first day and the working days are typed, the objection contact still empty; a
1-working-day window is refused beside the field, which names the minimum (the setting
BUTIE_NOTICE_MIN_WORKING_DAYS, 5 by default), and nothing typed is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import shot
from tests.browser.test_journeys import login
from tests.integration.helpers import accept_claims, actors_of
from web.db import runtime, sessions
from workflow.persistence.models import NoticeBatch

CONTACT = {"contact_office": "县人社局就业股", "contact_phone": "0954-7000000",
           "contact_address": "彭阳县白阳镇"}
MINIMUM = "至少 5 个工作日（设置项 BUTIE_NOTICE_MIN_WORKING_DAYS）"


def _batches(app) -> int:
    with sessions(app)() as s:
        return s.scalar(select(func.count()).select_from(NoticeBatch)) or 0


@pytest.mark.parametrize("width", [1280, 375])
def test_the_window_shows_before_the_contact_and_one_day_is_refused(live, open_page, width):
    base, app = live["base"], live["app"]
    f = sessions(app)
    accept_claims(f, runtime(app), actors_of(f), 1, "TZ-PUB")
    bureau = open_page(width, 900)
    login(bureau, base, "bureau")
    bureau.goto(f"{base}/bureau/notices/new")
    assert all(bureau.input_value(f"#f-{name}") == "" for name in CONTACT)  # none configured
    navigations: list[str] = []
    bureau.on("framenavigated", lambda frame: navigations.append(frame.url)
              if frame == bureau.main_frame else None)

    bureau.fill("#f-starts_on", "2026-11-09")
    bureau.fill("#f-working_days", "6")
    bureau.locator("#window-ends", has_text="2026-11-16").wait_for()  # Mon 9 to Mon 16
    assert bureau.locator("#window-working_days").count() == 0

    bureau.fill("#f-working_days", "1")
    refused = bureau.locator("#window-working_days", has_text=MINIMUM)
    refused.wait_for()  # said as it is typed, beside the two fields
    assert bureau.locator("#window-ends").count() == 0
    assert navigations == []  # htmx asked; the page stayed, the contact still empty
    assert all(bureau.input_value(f"#f-{name}") == "" for name in CONTACT)
    assert bureau.evaluate("document.documentElement.scrollWidth") <= width
    shot(bureau, f"bureau-publish-window-{width}")

    for name, value in CONTACT.items():
        bureau.fill(f"#f-{name}", value)
    bureau.click("form button[type=submit].primary")  # confirmed
    bureau.wait_for_load_state()
    assert bureau.get_attribute("#f-working_days", "aria-invalid") == "true"
    assert MINIMUM in bureau.inner_text("#e-working_days")
    assert bureau.input_value("#f-contact_office") == CONTACT["contact_office"]  # kept
    assert bureau.input_value("#f-starts_on") == "2026-11-09"
    assert _batches(app) == 0

    bureau.fill("#f-working_days", "5")
    bureau.locator("#window-ends", has_text="2026-11-13").wait_for()
    bureau.click("form button[type=submit].primary")
    bureau.wait_for_load_state()
    assert _batches(app) == 1
    assert "彭人社公示〔2026〕1号" in bureau.inner_text("main")
