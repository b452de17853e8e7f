"""The administrator finds accounts among more than a page of them (issue 18 item 9): searches
by how a name starts, filters by role and scope, pages forward with the total said, and finds an
applicant by the whole ID number, which the list still shows masked."""

from __future__ import annotations

from typing import Any

from stdnum.cn import ric

from tests.browser.conftest import shot
from tests.browser.test_journeys import login
from tests.conftest import NOW, PASSWORD
from web.db import sessions
from workflow.services import users

APPLICANTS = 50  # with 10 reviewers and the fixture's 10 accounts: 70, more than a page of 50


def _number(serial: int) -> str:
    body = f"64222619900202{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _many(app: Any) -> None:
    """60 accounts through the service the administrator's form uses."""
    with sessions(app).begin() as s:
        for i in range(APPLICANTS):
            users.create_user(s, f"app{i:02d}", PASSWORD, "applicant", f"赵{i:02d}", NOW,
                              id_number=_number(i))
        for i in range(10):
            users.create_user(s, f"rev{i}", PASSWORD, "township_reviewer", f"审核员{i}", NOW,
                              scope="wangwa" if i % 2 else "baiyang")


def _listed(page: Any) -> list[str]:
    return page.locator("#user-results tbody tr td:first-child a").all_inner_texts()


def _filter(page: Any, q: str = "", role: str = "", scope: str = "") -> None:
    page.fill("#u-q", q)
    page.select_option("#u-role", role)
    page.select_option("#u-scope", scope)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()


def test_the_administrator_searches_filters_and_pages_the_accounts(live, open_page):
    _many(live["app"])
    base = live["base"]
    admin = open_page()
    login(admin, base, "admin")
    admin.click("nav >> a[href='/admin/users']")
    admin.wait_for_load_state()
    assert "共 70 个账户，显示第 1 至 50 个" in admin.inner_text("#users-total")
    first = _listed(admin)
    assert len(first) == 50

    admin.click("#user-results a[rel=next]")  # pages forward
    admin.wait_for_load_state()
    assert "共 70 个账户，显示第 51 至 70 个" in admin.inner_text("#users-total")
    second = _listed(admin)
    assert len(second) == 20 and not set(first) & set(second)
    assert admin.locator("#user-results a[rel=next]").count() == 0
    assert admin.locator("#user-results a[rel=prev]").count() == 1

    _filter(admin, q="赵1")  # a name by how it starts
    assert _listed(admin) == [f"app1{i}" for i in range(10)]
    assert "共 10 个账户" in admin.inner_text("#users-total")

    _filter(admin, role="township_reviewer", scope="wangwa")
    assert sorted(_listed(admin)) == ["other_township", "rev1", "rev3", "rev5", "rev7", "rev9"]
    assert "共 6 个账户" in admin.inner_text("#users-total")
    assert admin.input_value("#u-scope") == "wangwa"  # the filters stay as chosen
    shot(admin, "admin-users-filtered")

    number = _number(37)
    _filter(admin, q=number)  # a whole ID number
    assert _listed(admin) == ["app37"]
    row = admin.inner_text("#user-results tbody")
    assert f"{number[:6]}********{number[-4:]}" in row and number not in row
    assert "共 1 个账户" in admin.inner_text("#users-total")


def test_on_a_phone_an_account_is_found_by_its_whole_id_number_only(live, open_page):
    _many(live["app"])
    base = live["base"]
    phone = open_page(375, 740)
    login(phone, base, "admin")
    phone.goto(f"{base}/admin/users")
    number = _number(5)
    _filter(phone, q=number[:12])  # the first digits: no oracle for the masked ones
    assert _listed(phone) == [] and phone.locator("#id-start").is_visible()
    _filter(phone, q=number)
    assert _listed(phone) == ["app05"]
    assert number not in phone.inner_text("#user-results")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-admin-users-by-id")
