"""Reviewer queues: bulk approval that skips failing claims, filters, overdue, language."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import PASSWORD, claim_input
from tests.integration.pages.conftest import form_claim, post, set_amount
from web.db import runtime, sessions
from workflow.persistence.models import AuditEvent, Claim, User
from workflow.services import claims, users

# 李四 with an account of her own (one account on two people's claims fails a check).
OTHER = dict(full_name="李四", account_holder="李四", id_number="642226198505050022",
             account_number="6228480000000004444")


def _file(app, username: str, **overrides) -> Claim:
    with sessions(app).begin() as s:
        user = s.query(User).filter_by(username=username).one()
        claim = claims.submit_claim(s, runtime(app), users.actor_of(user),
                                    claim_input(**overrides))
        return s.get(Claim, claim.id)


def test_bulk_approval_skips_claims_that_fail_a_check(app, browser):
    good = _file(app, "applicant")
    other = OTHER
    twice_a = _file(app, "other_applicant", certificate_number="TZ-2", **other)
    twice_b = _file(app, "other_applicant", certificate_number="TZ-3", **other)
    township = browser("township")
    page = township.get("/queue").get_data(as_text=True)
    # Only the claim whose checks all pass can be ticked.
    assert f'name="claim_ids" value="{good.id}"' in page
    assert f'name="claim_ids" value="{twice_a.id}"' not in page
    assert page.count("needs a look") + page.count("需人工核查") == 2

    answer = post(township, "/queue/bulk-approve",
                  {"claim_ids": [str(good.id), str(twice_a.id), str(twice_b.id)]},
                  form_page="/queue", follow_redirects=True)
    text = answer.get_data(as_text=True)
    assert twice_a.reference in text and "earlier_claims" in text
    with sessions(app)() as s:
        stages = {c.id: c.stage for c in s.query(Claim)}
        audits = s.query(AuditEvent).filter_by(action="decided").all()
    assert stages == {good.id: "department_review", twice_a.id: "township_review",
                      twice_b.id: "township_review"}
    assert [(a.claim_id, a.decision, a.actor_role) for a in audits] == [
        (good.id, "approve", "township_reviewer")]


def test_filters_search_paging_and_overdue(app, browser):
    first = _file(app, "applicant")
    app.extensions["test.clock"][0] += timedelta(days=6)
    other = OTHER
    later = _file(app, "other_applicant", certificate_number="TZ-9", **other)
    township = browser("township")

    page = township.get("/queue").get_data(as_text=True)
    rows = re.findall(r'<tr class="(overdue|)">.*?(BT\d{4}-[0-9A-F]{8})', page, re.S)
    # Oldest first; the 6-day-old township review is past the 5-day default and marked.
    assert rows == [("overdue", first.reference), ("", later.reference)]
    newest = township.get("/queue?sort=newest").get_data(as_text=True)
    assert newest.index(later.reference) < newest.index(first.reference)

    found = township.get("/queue?q=李").get_data(as_text=True)
    assert later.reference in found and first.reference not in found
    by_ref = township.get(f"/queue?q={first.reference.lower()}").get_data(as_text=True)
    assert first.reference in by_ref and later.reference not in by_ref
    paged = township.get("/queue?limit=1&offset=1").get_data(as_text=True)
    assert later.reference in paged and first.reference not in paged
    assert "Previous page" in paged or "上一页" in paged

    bad = township.get("/queue?from=not-a-date").get_data(as_text=True)
    assert "Not a valid date." in bad or "不是有效的日期。" in bad
    # htmx asks for the results only: no page chrome around them.
    part = township.get("/queue?q=李", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in part and later.reference in part

    assert first.reference not in browser("other_township").get("/queue").get_data(as_text=True)


def test_pages_are_chinese_by_default_and_english_on_request(app, browser):
    anonymous = browser(None)
    assert "<h1>登录</h1>" in anonymous.get("/login").get_data(as_text=True)
    assert "<h1>Log in</h1>" in anonymous.get("/login?lang=en").get_data(as_text=True)
    assert "<h1>Log in</h1>" in anonymous.get("/login").get_data(as_text=True)  # remembered
    page = anonymous.get("/login?lang=zh")
    assert '<html lang="zh-CN">' in page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]


def test_messages_built_at_run_time_are_translated_with_their_values(app, browser):
    applicant = browser("applicant")
    first = post(applicant, "/claims/new", {**form_claim(), "action": "submit"},
                 form_page="/claims/new")
    assert first.status_code == 302
    [claim] = _claims(app)
    again = post(applicant, "/claims/new", {**form_claim(), "action": "submit"},
                 form_page="/claims/new")
    assert again.status_code == 422
    assert f"该证书已在申请 {claim.reference} 中申领" in again.get_data(as_text=True)
    english = applicant.get("/claims/new?lang=en")
    assert english.status_code == 200
    again = post(applicant, "/claims/new", {**form_claim(), "action": "submit"},
                 form_page="/claims/new")
    assert f"this certificate is already claimed in {claim.reference}" in \
        again.get_data(as_text=True)


def _claims(app):
    with sessions(app)() as s:
        return list(s.query(Claim).order_by(Claim.id))


def test_administrator_changes_scope_and_locks_a_user_out(app, browser):
    from workflow.persistence.models import User as U

    admin = browser("admin")
    with sessions(app)() as s:
        reviewer = s.query(U).filter_by(username="township").one()
        me = s.query(U).filter_by(username="admin").one()
    bad = post(admin, f"/admin/users/{reviewer.id}", {"role": "township_reviewer",
                                                       "scope": "nowhere", "active": "y"})
    assert bad.status_code == 422 and 'id="e-scope"' in bad.get_data(as_text=True)
    moved = post(admin, f"/admin/users/{reviewer.id}", {"role": "township_reviewer",
                                                         "scope": "wangwa", "active": "y"})
    assert moved.status_code == 302
    with sessions(app)() as s:
        assert s.get(U, reviewer.id).scope == "wangwa"
    locked = post(admin, f"/admin/users/{reviewer.id}", {"role": "township_reviewer",
                                                          "scope": "wangwa"})
    assert locked.status_code == 302
    refused = post(browser(None), "/login", {"username": "township", "password": PASSWORD})
    assert refused.status_code == 422
    myself = post(admin, f"/admin/users/{me.id}", {"role": "administrator"})
    assert myself.status_code == 422  # no administrator locks themselves out
    assert browser("bureau").get("/admin/users").status_code == 403


def test_an_administrator_sets_a_lost_amount_and_the_claim_can_be_accepted(app, browser):
    from workflow.persistence.models import AuditEvent

    claim = _file(app, "applicant", certificate_code="PY-01", certificate_name="低压电工作业")
    with sessions(app)() as s:
        actors = {u.username: users.actor_of(u) for u in s.query(User)}
    from tests.integration.helpers import decide

    f, rt = sessions(app), runtime(app)
    emergency = actors["department"].__class__(actors["department"].user_id,
                                               actors["department"].role, "emergency")
    decide(f, rt, actors["township"], claim.id, "approve")
    decide(f, rt, emergency, claim.id, "approve")
    bureau = browser("bureau")
    page = bureau.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "第1行" in page and "未配置" in page
    admin = browser("admin")
    bad = post(admin, "/admin/policy/amounts", {"entry_code": "PY-01", "amount": "12.345",
                                                 "note": "附件1"}, form_page="/admin/policy")
    assert bad.status_code == 422
    priced = post(admin, "/admin/policy/amounts", {"entry_code": "PY-22", "amount": "1",
                                                    "note": "x"}, form_page="/admin/policy")
    assert priced.status_code == 422  # the source gives row 22: never edited
    done = set_amount(admin, {"entry_code": "PY-01", "amount": "1500.50",
                              "note": "印刷版附件1第1行"})
    assert done.status_code == 302
    assert post(bureau, "/admin/policy/amounts", {"entry_code": "PY-01", "amount": "1"},
                form_page=f"/claims/{claim.id}").status_code == 403
    decide(f, rt, actors["bureau"], claim.id, "approve")
    with sessions(app)() as s:
        accepted = s.get(Claim, claim.id)
        assert (accepted.amount_fen, accepted.stage) == (150050, "awaiting_notice")
        assert "管理员设定" in accepted.amount_rule
        event = s.query(AuditEvent).filter_by(action="policy_amount_set").one()
        assert event.changes == {"pengyang:PY-01": {"from": None, "to": 150050}, "version": 1,
                                 "waiting_claims_priced": {"1": 1},
                                 "waiting_claims_total_fen": 150050}
