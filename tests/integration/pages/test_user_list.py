"""The administrator's list of accounts (issue 18 item 9): it no longer stops silently at 500
rows; it searches by username, name or a whole ID number (never by the first digits: numbers
are shown masked, and a prefix search would unmask them), filters by role, scope and status,
pages with a total, and its export holds what the filters show, storing no whole number."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlalchemy import select
from stdnum.cn import ric

from tests.conftest import NOW
from tests.integration.pages.conftest import post
from web.db import sessions
from workflow.persistence.models import AuditEvent, ExportJob, User
from workflow.services import exports
from workflow.services.users import HASH_METHOD

# The fixture's 10 accounts plus these 600: more than the 500 the old page silently showed.
APPLICANTS = 560
TOWNSHIP_REVIEWERS = 40


def _number(serial: int) -> str:
    body = f"64222619900101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _many(app) -> None:
    """600 accounts in one transaction (the ORM computes each ID number's keyed hash)."""
    with sessions(app).begin() as s:
        s.add_all(User(username=f"app{i:04d}", password_hash=HASH_METHOD, role="applicant",
                       full_name=f"王{i:04d}", id_number=_number(i), active=i % 10 != 0,
                       created_at=NOW) for i in range(APPLICANTS))
        s.add_all(User(username=f"Reviewer{i:02d}", password_hash=HASH_METHOD,
                       role="township_reviewer", scope="wangwa" if i % 2 else "baiyang",
                       full_name=f"审核员{i:02d}", active=True, created_at=NOW)
                  for i in range(TOWNSHIP_REVIEWERS))


def _usernames(page: str) -> list[str]:
    return re.findall(r'<a href="/admin/users/\d+">([^<]+)</a>', page)


def test_every_account_is_reached_page_by_page_with_the_total(app, browser):
    _many(app)
    admin = browser("admin")
    first = admin.get("/admin/users").get_data(as_text=True)
    assert "共 610 个账户，显示第 1 至 50 个" in first
    seen: list[str] = []
    offset = 0
    while True:
        page = admin.get(f"/admin/users?limit=100&offset={offset}").get_data(as_text=True)
        names = _usernames(page)
        seen += names
        if 'rel="next"' not in page:
            break
        offset += 100
    assert len(seen) == len(set(seen)) == 610  # all of them, none twice
    assert "app0559" in seen and "Reviewer39" in seen


def test_search_by_username_name_and_filters_narrow_the_list(app, browser):
    _many(app)
    admin = browser("admin")
    by_name = admin.get("/admin/users?q=reviewer1").get_data(as_text=True)  # any case
    assert _usernames(by_name) == [f"Reviewer1{i}" for i in range(10)]
    assert "共 10 个账户" in by_name
    assert _usernames(admin.get("/admin/users?q=王055").get_data(as_text=True)) == [
        f"app055{i}" for i in range(10)]
    scoped = admin.get("/admin/users?role=township_reviewer&scope=wangwa").get_data(as_text=True)
    # 20 of the new reviewers and the fixture's other_township
    assert "共 21 个账户" in scoped and "Reviewer00" not in scoped
    inactive = admin.get("/admin/users?role=applicant&active=no&limit=100").get_data(
        as_text=True)
    assert "共 56 个账户" in inactive and set(_usernames(inactive)) == {
        f"app{i:04d}" for i in range(0, APPLICANTS, 10)}
    bad = admin.get("/admin/users?role=king&limit=1000")
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200 and 'id="ue-role"' in page and 'id="ue-limit"' in page


def test_an_id_number_is_found_whole_only_shown_masked_and_the_lookup_audited(app, browser):
    _many(app)
    admin = browser("admin")
    number = _number(123)
    found = admin.get(f"/admin/users?q={number}").get_data(as_text=True)
    assert _usernames(found) == ["app0123"]
    rows = found[found.index("<tbody>"):found.index("</tbody>")]
    assert number not in rows and f"{number[:6]}********{number[-4:]}" in rows  # as typed only
    start = admin.get(f"/admin/users?q={number[:12]}").get_data(as_text=True)
    assert _usernames(start) == [] and 'id="id-start"' in start  # no prefix oracle
    with sessions(app)() as s:
        [event] = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "users_searched_by_id_number"))
    assert event.changes == {"id_number": f"{number[:6]}********{number[-4:]}", "found": 1}


def test_the_export_holds_what_the_filters_show_and_no_whole_number(app, browser):
    _many(app)
    admin = browser("admin")
    page = admin.get("/admin/users?role=township_reviewer&scope=wangwa&q=rev")
    assert 'name="scope" value="wangwa"' in page.get_data(as_text=True)  # the button carries it
    asked = post(admin, "/exports", {"kind": "users", "role": "township_reviewer",
                                     "scope": "wangwa", "q": "rev"},
                 form_page="/admin/users")
    assert asked.status_code == 303
    number = _number(7)
    post(admin, "/exports", {"kind": "users", "q": number}, form_page="/admin/users")
    f = sessions(app)
    assert len(exports.run_pending(f, lambda: NOW)) == 2
    with f() as s:
        jobs = list(s.scalars(select(ExportJob).order_by(ExportJob.id)))
        assert number not in str(jobs[1].params) and "id_hashes" in jobs[1].params
        files = [load_workbook(io.BytesIO(j.content)).active for j in jobs]
    names = [[r[1] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
             for sheet in files]  # after the headings, each row: 序号, 用户名, ...
    assert names[0] == [f"Reviewer{i:02d}" for i in range(1, TOWNSHIP_REVIEWERS, 2)]
    assert names[1] == ["app0007"]
