"""The statutory calendar through HTTP, as its users meet it: the bureau cannot publish into a
year nobody entered and is told where it is entered; the administrator enters it (page or API);
then the notice publishes with the right end date. Others are refused; every change audited."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import chinese_calendar
from sqlalchemy import select

from tests.integration.helpers import TEST_2027, accept_claims, actors_of
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.persistence.holiday_tables import HolidayYear
from workflow.persistence.models import AuditEvent, NoticeBatch
from workflow.services import holiday_calendar

NOTICE = {"title": "职业技能培训补贴公示", "starts_on": "2026-12-28", "working_days": "5",
          "contact_office": "就业股", "contact_phone": "0954-7000000", "contact_address": "彭阳县"}
ZH_REFUSAL = ("2027 年的法定节假日安排尚未配置：请系统管理员在“法定节假日”页面（/admin/calendar）"
              "录入国务院办公厅关于 2027 年部分节假日安排的通知")
EN_REFUSAL = ("the statutory holiday calendar for 2027 is not configured: an administrator "
              "enters the State Council's holiday notice for 2027 at /admin/calendar")


def _waiting(app, n: int = 1) -> list[int]:
    f = sessions(app)
    return accept_claims(f, runtime(app), actors_of(f), n, "TZ-CAL")


def _events(app) -> list[AuditEvent]:
    with sessions(app)() as s:
        return list(s.scalars(select(AuditEvent).where(
            AuditEvent.action == "holiday_calendar_set").order_by(AuditEvent.id)))


def test_the_page_named_in_the_refusal_is_the_calendar_page(app):
    with app.test_request_context():
        from flask import url_for

        assert url_for("calendar.index") == holiday_calendar.CALENDAR_PAGE


def test_admin_enters_2027_on_the_page_then_the_bureau_publishes_into_it(app, browser):
    notice = {**NOTICE, "claim_ids": [str(i) for i in _waiting(app)]}
    bureau = browser("bureau")
    refused = post(bureau, "/bureau/notices", notice, form_page="/bureau/notices/new")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="e-starts_on"' in page
    assert ZH_REFUSAL in page and "upgrade" not in page
    assert 'value="就业股"' in page  # what was typed is kept

    admin = browser("admin")
    index = admin.get("/admin/calendar").get_data(as_text=True)
    assert 'id="missing-2027"' in index and "2027 年：未配置" in index
    # The seeded years say where they came from.
    assert f"来自 chinese-calendar {chinese_calendar.__version__} 库的数据表" in index
    empty = admin.get("/admin/calendar/2027").get_data(as_text=True)
    assert 'id="not-configured"' in empty and "2027 年未配置" in empty
    saved = post(admin, "/admin/calendar/2027", {**TEST_2027, "revision": ""},
                 form_page="/admin/calendar/2027")
    assert saved.status_code == 302 and saved.location.endswith("/admin/calendar/2027")
    shown = admin.get("/admin/calendar/2027").get_data(as_text=True)
    assert "测试用表（非国务院通知）" in shown and 'id="not-configured"' not in shown
    assert "2027-01-01 元旦" in shown and "由管理员录入" in shown
    assert "已按所填内容保存；有 2 处值得再核对" in shown  # a table this short is odd:
    assert "没有标为“春节、清明、劳动节、端午、中秋、国庆”的放假日" in shown  # listed
    assert 'id="missing-2027"' not in admin.get("/admin/calendar").get_data(as_text=True)
    [event] = _events(app)
    assert event.actor_id == actors_of(sessions(app))["admin"].user_id
    assert event.changes["holidays"]["added"] == {"2027-01-01": "元旦", "2027-01-04": "元旦"}

    published = post(bureau, "/bureau/notices", notice, form_page="/bureau/notices/new")
    assert published.status_code == 302, published.get_data(as_text=True)
    with sessions(app)() as s:
        batch = s.scalars(select(NoticeBatch)).one()
        assert batch.ends_on == date(2027, 1, 5)  # Dec 28-31, (Jan 1, weekend, Jan 4), Jan 5


def test_the_api_refuses_in_english_until_the_api_enters_the_year(app, client, login):
    _waiting(app)
    bureau, admin = login("bureau"), login("admin")
    body = {k: v for k, v in NOTICE.items() if k != "working_days"}
    refused = client.post("/api/v1/notices", headers=bureau, json=body)
    assert refused.status_code == 422
    assert refused.json["fields"]["starts_on"] == EN_REFUSAL
    missing = client.get("/api/v1/admin/calendar/2027", headers=admin)
    assert missing.status_code == 404 and missing.json["message"] == EN_REFUSAL
    year = {"document_number": TEST_2027["document_number"],
            "holidays": [{"date": "2027-01-01", "name": "元旦"},
                         {"date": "2027-01-04", "until": "2027-01-04", "name": "元旦"}],
            "make_up_days": [{"date": "2027-01-09", "name": "元旦"}]}
    wrong = client.put("/api/v1/admin/calendar/2027", headers=admin, json={
        **year, "make_up_days": [{"date": "2027-01-04", "name": "元旦"}]})
    assert wrong.status_code == 422 and wrong.json["fields"] == {
        "make_up_days": "2027-01-04 is both a day off and a make-up working day"}
    entered = client.put("/api/v1/admin/calendar/2027", headers=admin, json=year)
    assert entered.status_code == 200, entered.json
    assert entered.json["revision"] == 1 and entered.json["source"] == "administrator"
    assert entered.json["holidays"] == [{"date": "2027-01-01", "name": "元旦"},
                                        {"date": "2027-01-04", "name": "元旦"}]
    assert any(w.startswith("no day off is named for 春节") for w in entered.json["warnings"])
    stale = client.put("/api/v1/admin/calendar/2027", headers=admin, json=year)  # no revision
    assert stale.status_code == 409
    published = client.post("/api/v1/notices", headers=bureau, json=body)
    assert published.status_code == 201, published.json
    assert published.json["ends_on"] == "2027-01-05"
    seeded = client.get("/api/v1/admin/calendar/2026", headers=admin).json
    assert (seeded["source"], seeded["seeded_from"], seeded["document_number"]) == (
        "library", f"chinese-calendar {chinese_calendar.__version__}", "")
    assert {"date": "2026-10-10", "name": "国庆节"} in seeded["make_up_days"]
    assert len(_events(app)) == 1


def test_no_one_else_enters_or_reads_the_calendar(app, browser, client, login):
    for who in ("applicant", "township", "department", "bureau", "finance"):
        user = browser(who)
        assert user.get("/admin/calendar").status_code == 403
        assert user.get("/admin/calendar/2027").status_code == 403
        assert post(user, "/admin/calendar/2027", TEST_2027, form_page="/login").status_code \
            == 403
        headers = login(who)
        assert client.get("/api/v1/admin/calendar/2026", headers=headers).status_code == 403
        assert client.put("/api/v1/admin/calendar/2027", headers=headers, json={
            "document_number": "x", "holidays": [{"date": "2027-01-01", "name": "元旦"}]}
        ).status_code == 403
    assert browser(None).get("/admin/calendar").status_code == 302  # to the login page
    with sessions(app)() as s:
        assert s.get(HolidayYear, 2027) is None
    assert _events(app) == []


def test_a_wrong_line_is_named_beside_its_box_and_nothing_typed_is_lost(app, browser):
    admin = browser("admin")
    typed = {**TEST_2027, "holidays": "2027-01-01 元旦\n1月4日 元旦", "revision": ""}
    refused = post(admin, "/admin/calendar/2027", typed, form_page="/admin/calendar/2027")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="e-holidays"' in page
    assert "第 2 行：应为一个日期（YYYY-MM-DD）" in page
    assert "1月4日 元旦" in page and "测试用表（非国务院通知）" in page
    other_year = post(admin, "/admin/calendar/2027", {**typed, "holidays": "2026-12-31 元旦"},
                      form_page="/admin/calendar/2027")
    assert "第 1 行：2026-12-31 不在 2027 年内" in other_year.get_data(as_text=True)
    assert admin.get("/admin/calendar/1999").status_code == 404
    assert admin.get("/admin/calendar?year=abc").status_code == 422
    assert admin.get("/admin/calendar?year=2027").location.endswith("/admin/calendar/2027")
    assert _events(app) == []


def test_a_change_made_meanwhile_is_refused_and_the_typed_lines_kept(app, browser):
    admin = browser("admin")
    post(admin, "/admin/calendar/2027", {**TEST_2027, "revision": ""},
         form_page="/admin/calendar/2027")
    form = admin.get("/admin/calendar/2027").get_data(as_text=True)
    assert 'name="revision" value="1"' in form
    post(admin, "/admin/calendar/2027", {**TEST_2027, "note": "first change", "revision": "1"},
         form_page="/admin/calendar/2027")
    late = post(admin, "/admin/calendar/2027", {**TEST_2027, "holidays": "2027-01-01 元旦",
                                                "revision": "1"},
                form_page="/admin/calendar/2027")
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "另一位管理员刚刚修改了这一年的安排" in page
    assert re.search(r'<textarea id="f-holidays"[^>]*>2027-01-01 元旦</textarea>', page)
    assert len(_events(app)) == 2


def test_the_publishing_page_says_plainly_when_the_window_needs_a_year_not_entered(app,
                                                                                   browser):
    _waiting(app)
    app.extensions["test.clock"][0] = datetime(2026, 12, 28, 1, tzinfo=UTC)  # 09:00 Pengyang
    page = browser("bureau").get("/bureau/notices/new").get_data(as_text=True)
    assert 'id="calendar-missing"' in page and ZH_REFUSAL in page
    english = browser("bureau").get("/bureau/notices/new?lang=en").get_data(as_text=True)
    assert EN_REFUSAL in html.unescape(english)


def test_changing_a_seeded_year_keeps_where_it_first_came_from(app, browser):
    admin = browser("admin")
    form = admin.get("/admin/calendar/2026").get_data(as_text=True)
    holidays = re.search(r'<textarea id="f-holidays"[^>]*>([^<]*)</textarea>', form)[1]
    make_up = re.search(r'<textarea id="f-make_up_days"[^>]*>([^<]*)</textarea>', form)[1]
    assert "2026-10-01 至 2026-10-07 国庆节" in holidays and "2026-10-10 国庆节" in make_up
    saved = post(admin, "/admin/calendar/2026", {
        "document_number": "国办发明电〔2025〕7号", "holidays": holidays, "make_up_days": make_up,
        "note": "文号据通知补录", "revision": "1"}, form_page="/admin/calendar/2026")
    assert saved.status_code == 302
    shown = admin.get("/admin/calendar/2026").get_data(as_text=True)
    assert f"最初来自 chinese-calendar {chinese_calendar.__version__}" in shown
    [event] = _events(app)
    assert event.changes["document_number"] == {"from": "", "to": "国办发明电〔2025〕7号"}
    assert event.changes["source"] == {"from": "library", "to": "administrator"}
    assert event.changes["holidays"] == {"added": {}, "removed": {}, "renamed": {}}
