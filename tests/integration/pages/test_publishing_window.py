"""Publishing a notice (issue 18 item 13): the window shows as soon as its first day and working
days are given, whatever else the form holds, and a window shorter than the setting
NOTICE_MIN_WORKING_DAYS (default 5: the documents give no 公示 period) is refused by the service,
on the page beside the field and through the API with a 422."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.integration.helpers import accept_claims, actors_of
from tests.integration.pages.conftest import post
from web import create_app
from web.db import runtime, sessions
from workflow.persistence.models import NoticeBatch
from workflow.services import notices

CONTACT = {"contact_office": "县人社局就业股", "contact_phone": "0954-7000000",
           "contact_address": "彭阳县白阳镇"}
TOO_SHORT_ZH = "公示期至少 5 个工作日（设置项 BUTIE_NOTICE_MIN_WORKING_DAYS），至多 30 个工作日"
TOO_SHORT_EN = ("a notice runs at least 5 working days (the setting BUTIE_NOTICE_MIN_WORKING_DAYS) "
                "and at most 30")


def _waiting(app, n=1):
    f = sessions(app)
    return accept_claims(f, runtime(app), actors_of(f), n, "TZ-WIN")


def _batches(app):
    with sessions(app)() as s:
        return s.scalar(select(func.count()).select_from(NoticeBatch))


def test_the_window_shows_from_the_first_day_and_working_days_alone(app, browser):
    bureau = browser("bureau")
    fragment = bureau.get("/bureau/notices/window?starts_on=2026-11-02&working_days=5")
    assert fragment.status_code == 200
    text = fragment.get_data(as_text=True)
    assert 'id="window-ends"' in text and "公示期至 2026-11-06 24 时止" in text
    short = bureau.get("/bureau/notices/window?starts_on=2026-11-02&working_days=1")
    assert 'id="window-working_days"' in short.get_data(as_text=True)
    assert TOO_SHORT_ZH in short.get_data(as_text=True)
    empty = bureau.get("/bureau/notices/window?starts_on=&working_days=5").get_data(as_text=True)
    assert "填写公示开始日期和工作日数" in empty
    assert browser("township").get("/bureau/notices/window").status_code == 403


def test_without_javascript_the_window_is_shown_with_the_contact_still_empty(app, browser):
    ids = _waiting(app, 2)
    bureau = browser("bureau")
    shown = post(bureau, "/bureau/notices/preview", {
        "title": "补贴公示", "starts_on": "2026-11-09", "working_days": "3",
        "contact_office": "", "contact_phone": "", "contact_address": "",
        "claim_ids": [str(ids[0])]}, form_page="/bureau/notices/new")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and TOO_SHORT_ZH in page
    assert 'value="2026-11-09"' in page and 'value="补贴公示"' in page  # nothing typed is lost
    assert f'value="{ids[0]}" id="inc-{ids[0]}" checked' in page
    assert f'value="{ids[1]}" id="inc-{ids[1]}" checked' not in page  # the one left unticked
    assert 'id="e-contact_office"' not in page  # a preview, not a refused publication
    ok = post(bureau, "/bureau/notices/preview", {"starts_on": "2026-11-09", "working_days": "6"},
              form_page="/bureau/notices/new").get_data(as_text=True)
    assert "公示期至 2026-11-16 24 时止" in ok
    assert _batches(app) == 0


def test_a_window_below_the_minimum_is_refused_beside_the_field(app, browser):
    ids = {"claim_ids": [str(i) for i in _waiting(app)]}
    bureau = browser("bureau")
    page = bureau.get("/bureau/notices/new").get_data(as_text=True)
    assert "至少 5 个工作日" in page  # the minimum is said before anyone types
    refused = post(bureau, "/bureau/notices", {"starts_on": "2026-11-02", "working_days": "1",
                                               **CONTACT, **ids}, form_page="/bureau/notices/new")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="e-working_days"' in html and TOO_SHORT_ZH in html
    assert 'value="县人社局就业股"' in html and _batches(app) == 0
    published = post(bureau, "/bureau/notices", {"starts_on": "2026-11-02", "working_days": "5",
                                                 **CONTACT, **ids},
                     form_page="/bureau/notices/new")
    assert published.status_code == 302 and _batches(app) == 1


def test_the_minimum_is_a_setting_the_page_and_the_api_follow(app, browser, client, login):
    _waiting(app, 2)
    app.config["NOTICE_MIN_WORKING_DAYS"] = 3
    assert "至少 3 个工作日" in browser("bureau").get("/bureau/notices/new").get_data(as_text=True)
    bureau = login("bureau")
    body = {"starts_on": "2026-11-02", **CONTACT}
    refused = client.post("/api/v1/notices", headers=bureau, json={**body, "working_days": 2})
    assert refused.status_code == 422
    assert refused.json["fields"]["working_days"] == TOO_SHORT_EN.replace("5", "3")
    assert _batches(app) == 0
    done = client.post("/api/v1/notices", headers=bureau, json={**body, "working_days": 3})
    assert done.status_code == 201 and done.json["ends_on"] == "2026-11-04"


def test_the_api_refuses_one_working_day_by_default(app, client, login):
    _waiting(app)
    refused = client.post("/api/v1/notices", headers=login("bureau"),
                          json={"starts_on": "2026-11-02", "working_days": 1, **CONTACT})
    assert refused.status_code == 422
    assert refused.json["fields"] == {"working_days": TOO_SHORT_EN}
    assert _batches(app) == 0


def test_the_service_refuses_it_whoever_calls(session_factory, runtime, actors):
    f = session_factory
    accept_claims(f, runtime, actors, 1, "TZ-WIN-S")
    with pytest.raises(notices.InvalidInputError) as caught, f.begin() as s:
        notices.publish(s, runtime, actors["bureau"], notices.PENGYANG_NOTICES,
                        notices.BatchInput(runtime.clock().date(), 4, "股", "电话", "地址"))
    assert caught.value.errors == {"working_days": TOO_SHORT_EN}


@pytest.mark.parametrize(("default", "minimum"), [(3, 5), (5, 0), (40, 5)])
def test_a_default_window_below_the_minimum_stops_start_up(default, minimum, tmp_path):
    with pytest.raises(ValueError, match="NOTICE_MIN_WORKING_DAYS"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "TESTING": True,
                    "NOTICE_WORKING_DAYS": default, "NOTICE_MIN_WORKING_DAYS": minimum})
