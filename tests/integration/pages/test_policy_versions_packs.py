"""Versions of Lanzhou's and Huzhou's tables through the administrator's pages: occupations
added to and retired from Lanzhou's categories (附件2) and shortage list (附件3), and Huzhou's
shortage list; quotes before and after the date; set amounts carried forward; every step
audited; bad input refused with the field named."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from tests.integration.pages.conftest import post, set_amount
from web.db import sessions
from workflow.persistence.models import AuditEvent, PolicyChange

DAY = "2026-12-01"
AFTER = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 on 1 December, county time
LZ = "/admin/policy?pack=lanzhou"
HZ = "/admin/policy?pack=huzhou"
LZ_DOC = "兰新人社〔2026〕80号"
SKILLS = {"pack": "lanzhou", "kind": "employment_skills", "target_group": "rural_migrant",
          "certificate_issued_on": "2026-05-01", "class_hours": 120,
          "training_certificate_number": "191700", "skill_certificate": "skill_level",
          "employed": True}


def _ok(admin, path, data, page):
    answer = set_amount(admin, data, page) if path == "/admin/policy/amounts" else \
        post(admin, path, data, form_page=page)
    assert answer.status_code == 302, re.findall(r'class="error"[^<]*>([^<]*)',
                                                  answer.get_data(as_text=True))


def _quote(client, headers, **facts):
    answer = client.post("/api/v1/quote", headers=headers, json={**SKILLS, **facts}
                         if facts.get("pack") == "lanzhou" else facts)
    assert answer.status_code == 200, answer.json
    return answer.json


def _lanzhou_version_2(admin) -> None:
    for path, data in (
            ("/admin/policy/amounts", {"entry_code": "B", "amount": "1500", "note": "印发版"}),
            ("/admin/policy/amounts", {"entry_code": "A", "amount": "2000", "note": "印发版"}),
            ("/admin/policy/entries", {"add_list": "category", "add_group": "A",
                                       "add_name": "储能电站运维员",
                                       "add_clause": f"{LZ_DOC} 附件2 A类"}),
            ("/admin/policy/entries", {"add_list": "shortage", "add_group": "B",
                                       "add_name": "碳排放管理员",
                                       "add_clause": f"{LZ_DOC} 附件3 第41行"}),
            ("/admin/policy/retirements", {"retire_code": "S-1",
                                           "retire_clause": f"{LZ_DOC} 附件3"}),
            ("/admin/policy/retirements", {"retire_code": "D-8",
                                           "retire_clause": f"{LZ_DOC} 附件2"}),
            ("/admin/policy/draft/schedule", {"schedule_effective_from": DAY,
                                              "schedule_note": f"{LZ_DOC} 调整培训补贴目录"})):
        _ok(admin, path, {"pack": "lanzhou", **data}, LZ)


def test_lanzhou_categories_and_shortage_list_change_from_the_date(app, browser, client, login):
    admin, clock = browser("admin"), app.extensions["test.clock"]
    _lanzhou_version_2(admin)
    page = admin.get(LZ).get_data(as_text=True)
    assert "A-77" in page and "S-41" in page and "储能电站运维员" in page and DAY in page
    # The table as the next draft builds on it: 386 entries of version 1, 2 added, 2 retired.
    assert "（386 条）" in page and 'value="S-1"' not in page and 'value="S-2"' in page

    headers = login("applicant")
    new = _quote(client, headers, pack="lanzhou", occupation_name="储能电站运维员")
    assert (new["pack_version"], new["eligible"], new["amount_fen"]) == (1, False, None)
    # 育婴员 (附件3 row 1, category B): +20% before the date.
    nanny = _quote(client, headers, pack="lanzhou", occupation_name="育婴员")
    assert (nanny["eligible"], nanny["amount_fen"]) == (True, 180000)
    carbon = _quote(client, headers, pack="lanzhou", occupation_name="碳排放管理员")
    assert carbon["amount_fen"] == 150000  # category B, not on 附件3 yet
    assert _quote(client, headers, pack="lanzhou", occupation_name="仓储管理员",
                  class_hours=60)["eligible"]  # D-10, in force until the date

    clock[0] = AFTER
    headers = login("applicant")
    new = _quote(client, headers, pack="lanzhou", occupation_name="储能电站运维员")
    assert (new["pack_version"], new["eligible"], new["amount_fen"]) == (2, True, 200000)
    assert _quote(client, headers, pack="lanzhou", occupation_name="育婴员")["amount_fen"] == 150000
    carbon = _quote(client, headers, pack="lanzhou", occupation_name="碳排放管理员")
    assert carbon["amount_fen"] == 180000  # 1500 + 20%, the amount set under version 1
    assert any(f"{LZ_DOC} 附件3 第41行" in r["clause"] for r in carbon["reasons"])
    gone = _quote(client, headers, pack="lanzhou", occupation_name="仓储管理员", class_hours=60)
    assert not gone["eligible"] and any(r["rule"] == "occupation" and not r["passed"]
                                        for r in gone["reasons"])

    with sessions(app)() as s:
        events = [e for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
                  if e.action.startswith("policy_")]
    added = [e.changes["code"] for e in events if e.action == "policy_entry_added"]
    retired = [e.changes["code"] for e in events if e.action == "policy_entry_retired"]
    assert (added, retired) == (["A-77", "S-41"], ["S-1", "D-8"])
    assert all(e.changes["pack"] == "lanzhou" for e in events if "_amount" not in e.action)
    assert events[-1].action == "policy_version_scheduled"


def test_lanzhou_bad_input_names_the_field(app, browser):
    admin = browser("admin")

    def refused(path, data, field):
        answer = post(admin, path, {"pack": "lanzhou", **data}, form_page=LZ)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 422 and f'id="e-{field}"' in html, field
        return html

    # 育婴员 has a category already (B): moving it means retiring it first.
    html = refused("/admin/policy/entries", {"add_list": "category", "add_group": "A",
                                             "add_name": "育婴员", "add_clause": LZ_DOC},
                   "add_name")
    assert "先取消" in html or "retire it first" in html
    refused("/admin/policy/entries", {"add_list": "shortage", "add_group": "B",
                                      "add_name": "养老护理员", "add_clause": LZ_DOC}, "add_name")
    refused("/admin/policy/entries", {"add_list": "shortage", "add_group": "E",
                                      "add_name": "新职业", "add_clause": LZ_DOC}, "add_group")
    refused("/admin/policy/retirements", {"retire_code": "S-99", "retire_clause": LZ_DOC},
            "retire_code")
    # Retired in the draft, then added under another category: a move.
    _ok(admin, "/admin/policy/retirements", {"pack": "lanzhou", "retire_code": "B-109",
                                             "retire_clause": LZ_DOC}, LZ)
    _ok(admin, "/admin/policy/entries", {"pack": "lanzhou", "add_list": "category",
                                         "add_group": "A", "add_name": "育婴员",
                                         "add_clause": LZ_DOC}, LZ)
    with sessions(app)() as s:
        codes = [(c.kind, c.entry_code, c.name) for c in s.scalars(select(PolicyChange))]
    assert codes == [("retire", "B-109", "育婴员"), ("add", "A-77", "育婴员")]


def test_huzhou_shortage_list_changes_from_the_date(app, browser, client, login):
    admin, clock = browser("admin"), app.extensions["test.clock"]
    clock[0] = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # within Huzhou's dates
    doc = "湖人社〔2026〕12号"
    for path, data in (
            ("/admin/policy/amounts", {"entry_code": "4-10-01-05", "amount": "1000",
                                       "note": "浙江省标准"}),
            ("/admin/policy/amounts", {"entry_code": "4-04-05-05", "amount": "1000",
                                       "note": "浙江省标准"}),
            ("/admin/policy/entries", {"add_code": "4-04-05-05", "add_name": "人工智能训练师",
                                       "add_group": "社会生产", "add_clause": f"{doc} 附件"}),
            ("/admin/policy/retirements", {"retire_code": "4-10-01-05",
                                           "retire_clause": f"{doc} 二"}),
            ("/admin/policy/draft/schedule", {"schedule_effective_from": "2026-04-01",
                                              "schedule_note": doc})):
        _ok(admin, path, {"pack": "huzhou", **data}, HZ)
    headers = login("applicant")
    facts = {"pack": "huzhou", "certificate_issued_on": "2026-02-20"}
    assert _quote(client, headers, **facts, occupation_code="4-10-01-05")["amount_fen"] == 130000
    assert _quote(client, headers, **facts, occupation_code="4-04-05-05")["amount_fen"] == 100000

    clock[0] = datetime(2026, 4, 2, 2, 0, tzinfo=UTC)
    headers = login("applicant")
    elder = _quote(client, headers, **facts, occupation_code="4-10-01-05")
    assert (elder["pack_version"], elder["amount_fen"]) == (2, 100000)  # base, no uplift
    ai = _quote(client, headers, **facts, occupation_code="4-04-05-05")
    assert ai["amount_fen"] == 130000 and any(f"{doc} 附件" in r["clause"]
                                               for r in ai["reasons"])
    assert "人工智能训练师" in admin.get(HZ).get_data(as_text=True)

    # A version after the pack's end (2026-08-01) is refused, naming the date; bad codes too.
    for data, field in (({"add_code": "41-0", "add_name": "x", "add_group": "y",
                          "add_clause": doc}, "add_code"),
                        ({"add_code": "4-04-05-05", "add_name": "人工智能训练师",
                          "add_group": "社会生产", "add_clause": doc}, "add_code")):
        answer = post(admin, "/admin/policy/entries", {"pack": "huzhou", **data}, form_page=HZ)
        assert answer.status_code == 422 and f'id="e-{field}"' in answer.get_data(as_text=True)
    _ok(admin, "/admin/policy/retirements", {"pack": "huzhou", "retire_code": "4-04-05-05",
                                             "retire_clause": doc}, HZ)
    late = post(admin, "/admin/policy/draft/schedule",
                {"pack": "huzhou", "schedule_effective_from": "2026-09-01",
                 "schedule_note": doc}, form_page=HZ)
    assert late.status_code == 422 and "2026-08-01" in late.get_data(as_text=True)
