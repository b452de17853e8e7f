"""Setting an amount the source lost, through the administrator's page (issue 18 item 14): each
"not configured" entry says how many waiting claims it holds up; setting one first shows how
many waiting claims the amount will price and saves nothing; only the confirmation saves, and a
confirmation of a number that changed meanwhile is refused with the new number."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.integration.helpers import actors_of, decide
from tests.integration.helpers import pengyang_claim as _pengyang
from tests.integration.pages.conftest import SEEN, post
from web.db import runtime, sessions
from workflow.persistence.models import Claim, PolicyAmount

FORM = {"pack": "pengyang", "entry_code": "PY-01", "amount": "1500", "note": "印刷版附件1第1行"}


def _claims(app, *steps, first=10):
    """PY-01 claims of new people, each taken `steps` reviews on."""
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    return [_pengyang(f, rt, a, first + i, "PY-01", "低压电工作业", n)
            for i, n in enumerate(steps)]


def _set(app) -> int:
    with sessions(app)() as s:
        return s.scalar(select(func.count()).select_from(PolicyAmount)) or 0


def test_each_entry_says_how_many_waiting_claims_it_holds_up(app, browser):
    _claims(app, 0, 1, 2)
    page = browser("admin").get("/admin/policy").get_data(as_text=True)
    held = re.search(r'id="blocked-PY-01" data-count="(\d+)">([^<]*)<', page)
    assert held and held.group(1) == "3" and "有 3 件待办申请因此无法计价" in held.group(2)
    assert "第 1 版：3 件" in page
    assert 'id="blocked-PY-02"' not in page  # nothing waits for it


def test_setting_an_amount_asks_first_how_many_claims_it_prices(app, browser):
    ids = _claims(app, 0, 2)
    admin = browser("admin")
    asked = post(admin, "/admin/policy/amounts", FORM, form_page="/admin/policy")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'id="impact" data-count="2"' in page
    assert "将按此标准计价的申请：2 件" in page and "按第 1 版提交的：2 件" in page
    assert "1,500.00" in page and _set(app) == 0  # nothing saved yet
    seen = SEEN.search(page).group(1)
    done = post(admin, "/admin/policy/amounts", {**FORM, "seen": seen},
                form_page="/admin/policy")
    assert done.status_code == 302 and _set(app) == 1
    f, rt = sessions(app), runtime(app)
    decide(f, rt, actors_of(f)["bureau"], ids[1], "approve")  # priced at acceptance
    with sessions(app)() as s:
        assert s.get(Claim, ids[1]).amount_fen == 150000


def test_a_confirmation_of_a_number_that_changed_is_refused(app, browser):
    _claims(app, 0)
    admin = browser("admin")
    seen = SEEN.search(post(admin, "/admin/policy/amounts", FORM, form_page="/admin/policy")
                       .get_data(as_text=True)).group(1)
    _claims(app, 0, 1, first=20)  # two more filed while the administrator read the page
    late = post(admin, "/admin/policy/amounts", {**FORM, "seen": seen},
                form_page="/admin/policy")
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and 'id="impact-changed"' in page
    assert 'id="impact" data-count="3"' in page and _set(app) == 0
    again = post(admin, "/admin/policy/amounts", {**FORM, "seen": SEEN.search(page).group(1)},
                 form_page="/admin/policy")
    assert again.status_code == 302 and _set(app) == 1


def test_bad_input_is_refused_before_any_confirmation(app, browser):
    admin = browser("admin")
    for change, field in (({"amount": "12.345"}, "amount"), ({"note": ""}, "note"),
                          ({"entry_code": "PY-22"}, "entry_code")):
        answer = post(admin, "/admin/policy/amounts", {**FORM, **change},
                      form_page="/admin/policy")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 422 and 'name="seen"' not in page, field
    forged = post(admin, "/admin/policy/amounts", {**FORM, "seen": "1:99"},
                  form_page="/admin/policy")
    assert forged.status_code == 409 and _set(app) == 0


def test_the_page_shows_the_total_and_what_it_replaces(app, browser):
    _claims(app, 0, 2)
    page = post(browser("admin"), "/admin/policy/amounts", FORM,
                form_page="/admin/policy").get_data(as_text=True)
    assert 'data-total-fen="300000"' in page and "3,000.00" in page
    assert re.search(r'id="standing-amount">\s*<span class="badge overdue">未配置', page)


API = "/api/v1/admin/policy/amounts"
BODY = {"entry_code": "PY-01", "amount_fen": 150000, "note": "印刷版附件1第1行"}


def test_the_api_lists_blocked_entries_and_sets_an_amount_only_once_confirmed(app, client,
                                                                              login):
    ids = _claims(app, 0, 2)
    admin = login("admin")
    listed = client.get(API + "?pack=pengyang", headers=admin)
    assert listed.status_code == 200
    assert listed.json["entries"] == [{"entry_code": "PY-01", "count": 2,
                                       "by_version": {"1": 2}}]
    asked = client.post(API, headers=admin, json=BODY)
    assert asked.status_code == 409 and asked.json["error"] == "confirmation_required"
    impact = asked.json["impact"]
    assert (impact["count"], impact["total_fen"], impact["by_version"],
            impact["standing_fen"]) == (2, 300000, {"1": 2}, None)
    assert _set(app) == 0
    _claims(app, 0, first=30)  # filed meanwhile
    late = client.post(API, headers=admin, json={**BODY, "confirm": impact["confirm"]})
    assert late.status_code == 409 and late.json["error"] == "impact_changed"
    assert (late.json["impact"]["count"], late.json["impact"]["total_fen"]) == (3, 450000)
    assert _set(app) == 0
    done = client.post(API, headers=admin, json={**BODY, "confirm": late.json["impact"]["confirm"]})
    assert done.status_code == 200, done.json
    assert (done.json["amount_fen"], done.json["priced"]["count"]) == (150000, 3)
    assert _set(app) == 1 and client.get(API, headers=admin).json["entries"] == []
    f, rt = sessions(app), runtime(app)
    decide(f, rt, actors_of(f)["bureau"], ids[1], "approve")
    with sessions(app)() as s:
        assert s.get(Claim, ids[1]).amount_fen == 150000


def test_the_api_refuses_bad_input_per_field_before_asking(app, client, login):
    admin = login("admin")
    for change, field in (({"amount_fen": 0}, "amount_fen"), ({"note": ""}, "note"),
                          ({"entry_code": "PY-22"}, "entry_code"), ({"pack": "x"}, "pack")):
        answer = client.post(API, headers=admin, json={**BODY, **change})
        assert answer.status_code == 422 and field in answer.json["fields"], (field, answer.json)
    assert client.post(API, headers=login("bureau"), json=BODY).status_code == 403
    assert _set(app) == 0
