"""Pack versions through the administrator's pages: an entry added and one retired in a draft,
scheduled from a date; quotes and claims before and after it; accepted and running claims keep
their version; every change audited; bad input refused with the field named, nothing lost."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from tests.integration.helpers import person
from tests.integration.pages.conftest import form_claim, post, set_amount
from web.db import sessions
from workflow.persistence.models import AuditEvent, Claim, PolicyAmount, PolicyChange, PolicyVersion

PAGE = "/admin/policy?pack=pengyang"
DAY = "2026-12-01"
AFTER = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 on 1 December, county time
ADD = {"pack": "pengyang", "add_code": "PY-34", "add_name": "无人机驾驶员",
       "add_group": "民用航空从业人员", "add_amount": "2400", "add_department": "transport",
       "add_clause": "彭人社发〔2026〕50号 附件 第34行"}
RETIRE = {"pack": "pengyang", "retire_code": "PY-21", "retire_clause": "彭人社发〔2026〕50号 二"}
SCHEDULE = {"pack": "pengyang", "schedule_effective_from": DAY,
            "schedule_note": "彭人社发〔2026〕50号 调整职业资格培训补贴目录"}
QUOTE = {"township": "baiyang", "target_group": "rural_migrant",
         "certificate_issued_on": "2026-05-01"}


def _admin(admin, path, data):
    if path == "/admin/policy/amounts":  # confirmed in a second step
        return set_amount(admin, data, PAGE)
    return post(admin, path, data, form_page=PAGE)


def _schedule_version_2(admin) -> None:
    for path, data in (("/admin/policy/entries", ADD), ("/admin/policy/retirements", RETIRE),
                       ("/admin/policy/draft/schedule", SCHEDULE)):
        answer = _admin(admin, path, data)
        assert answer.status_code == 302, re.findall(r'class="error"[^<]*>([^<]*)',
                                                      answer.get_data(as_text=True))


def _quote(client, headers, code):
    answer = client.post("/api/v1/quote", headers=headers, json={**QUOTE,
                                                                 "certificate_code": code})
    assert answer.status_code == 200, answer.json
    return answer.json


def _claim(app, claim_id=None):
    with sessions(app)() as s:
        query = select(Claim).order_by(Claim.id.desc())
        if claim_id is not None:
            query = query.where(Claim.id == claim_id)
        return s.scalars(query).first()


def _decide(user, claim_id, decision="approve"):
    page = user.get(f"/claims/{claim_id}").get_data(as_text=True)
    action = re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = re.search(r'name="form" value="(\w+)"', page).group(1)
    answer = post(user, action, {"version": version, "form": form, "decision": decision},
                  form_page=f"/claims/{claim_id}")
    assert answer.status_code == 302, re.findall(r'class="error"[^<]*>([^<]*)',
                                                 answer.get_data(as_text=True))
    return page


def _file(app, browser, serial, code, name, number):
    """A new person files a claim through the form; returns (their client, the claim)."""
    who = person(sessions(app), serial)
    with sessions(app)() as s:
        from workflow.persistence.models import User

        id_number = s.get(User, who.user_id).id_number
    user = browser(f"person{serial}")
    answer = post(user, "/claims/new", form_claim(
        id_number=id_number, certificate_code=code, certificate_name=name,
        certificate_number=number), form_page="/claims/new")
    return user, answer


def test_a_scheduled_version_prices_routes_and_refuses_from_its_date(app, browser, client,
                                                                     login):
    admin, clock = browser("admin"), app.extensions["test.clock"]
    _schedule_version_2(admin)
    page = admin.get(PAGE).get_data(as_text=True)
    assert "无人机驾驶员" in page and "彭人社发〔2026〕50号 二" in page and DAY in page
    assert "待生效" in page  # scheduled, not yet in force

    headers = login("applicant")
    before = _quote(client, headers, "PY-34")
    assert (before["pack_version"], before["eligible"], before["amount_fen"]) == (1, False, None)
    assert _quote(client, headers, "PY-21")["amount_fen"] == 180000  # 附件1 row 21, version 1
    # Filed before the date under version 1: it keeps that version through acceptance.
    _, filed = _file(app, browser, 1, "PY-21", "观光车司机", "TZ-21-RUNNING")
    assert filed.status_code == 302
    running = _claim(app)
    form = browser("person1").get("/claims/new").get_data(as_text=True)
    assert 'value="PY-21"' in form and 'value="PY-34"' not in form

    clock[0] = AFTER
    headers = login("applicant")  # a token lasts less than the month the clock moved
    after = _quote(client, headers, "PY-34")
    assert (after["pack_version"], after["eligible"], after["amount_fen"],
            after["department"]) == (2, True, 240000, "transport")
    retired = _quote(client, headers, "PY-21")
    refusal = next(r["detail"] for r in retired["reasons"] if not r["passed"])
    assert not retired["eligible"] and "version 2" in refusal and DAY in refusal

    # A retired code is refused on the form, naming the version and its date; nothing lost.
    _, refused = _file(app, browser, 2, "PY-21", "观光车司机", "TZ-21-LATE")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    error = re.search(r'id="e-certificate_code">([^<]*)<', html).group(1)
    assert error == f"PY-21（观光车司机）已由第 2 版目录取消，自 {DAY} 起施行"
    assert 'value="TZ-21-LATE"' in html

    # The added entry: on the form, filed, routed to the department it names, accepted.
    user, filed = _file(app, browser, 3, "PY-34", "无人机驾驶员", "UAV-2026-7")
    assert filed.status_code == 302
    claim = _claim(app)
    assert claim.certificate_code == "PY-34"
    assert 'value="PY-34"' in user.get("/claims/new").get_data(as_text=True)
    _decide(browser("township"), claim.id)
    assert _claim(app, claim.id).department == "transport"
    assert claim.reference not in browser("department").get("/queue").get_data(as_text=True)
    transport = browser("other_department")  # the transport department's reviewer
    assert claim.reference in transport.get("/queue").get_data(as_text=True)
    _decide(transport, claim.id)
    bureau = browser("bureau")
    assert "2,400.00" in _decide(bureau, claim.id)
    accepted = _claim(app, claim.id)
    assert (accepted.amount_fen, accepted.policy_pack, accepted.policy_version) == (
        240000, "pengyang", 2)

    # The claim filed before the date is accepted under version 1, at its amount.
    for reviewer in ("township", "department", "bureau"):
        _decide(browser(reviewer), running.id)
    kept = _claim(app, running.id)
    assert (kept.amount_fen, kept.policy_version, kept.department) == (180000, 1, "market")

    with sessions(app)() as s:
        events = {e.action: e for e in s.scalars(select(AuditEvent).where(
            AuditEvent.action.like("policy_%")))}
    assert {"policy_entry_added", "policy_entry_retired", "policy_version_scheduled"} <= set(
        events)
    assert events["policy_entry_added"].changes["code"] == "PY-34"
    assert events["policy_version_scheduled"].changes["effective_from"] == DAY
    assert events["policy_version_scheduled"].comment == SCHEDULE["schedule_note"]


def test_an_accepted_claim_keeps_its_version_and_amount(app, browser):
    admin, clock = browser("admin"), app.extensions["test.clock"]
    _, filed = _file(app, browser, 4, "PY-21", "观光车司机", "TZ-21-EARLY")
    assert filed.status_code == 302
    claim = _claim(app)
    for reviewer in ("township", "department", "bureau"):
        _decide(browser(reviewer), claim.id)
    _schedule_version_2(admin)  # retires PY-21 from 1 December
    clock[0] = AFTER
    kept = _claim(app, claim.id)
    assert (kept.amount_fen, kept.policy_version, kept.accepted_at is not None) == (180000, 1,
                                                                                    True)
    page = browser("bureau").get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "1,800.00" in page and "观光车司机" in page


def test_an_amount_set_for_a_lost_entry_carries_forward(app, browser, client, login):
    admin, clock = browser("admin"), app.extensions["test.clock"]
    done = _admin(admin, "/admin/policy/amounts", {"pack": "pengyang", "entry_code": "PY-01",
                                                   "amount": "1500", "note": "印发版附件1"})
    assert done.status_code == 302
    _schedule_version_2(admin)
    clock[0] = AFTER
    answer = _quote(client, login("applicant"), "PY-01")
    assert (answer["pack_version"], answer["amount_fen"]) == (2, 150000)
    assert "1,500.00" in admin.get(PAGE).get_data(as_text=True)
    # Corrected while version 2 is in force: recorded for version 2; version 1 keeps its own.
    _admin(admin, "/admin/policy/amounts", {"pack": "pengyang", "entry_code": "PY-01",
                                            "amount": "1600", "note": "更正"})
    with sessions(app)() as s:
        rows = {r.pack_version: r.amount_fen for r in s.scalars(select(PolicyAmount))}
    assert rows == {1: 150000, 2: 160000}
    assert _quote(client, login("applicant"), "PY-01")["amount_fen"] == 160000


def test_bad_input_names_the_field_and_loses_nothing(app, browser):
    admin = browser("admin")

    def refused(path, data, field, kept):
        answer = _admin(admin, path, data)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 422, field
        assert f'id="e-{field}"' in html and f'href="#f-{field}"' in html, field
        for value in kept:
            assert value in html, value

    refused("/admin/policy/entries", {**ADD, "add_code": "PY-22"}, "add_code",
            ["无人机驾驶员", "彭人社发〔2026〕50号 附件 第34行"])
    refused("/admin/policy/entries", {**ADD, "add_amount": "两千"}, "add_amount", ["PY-34"])
    refused("/admin/policy/entries", {**ADD, "add_department": ""}, "add_department", ["PY-34"])
    refused("/admin/policy/retirements", {**RETIRE, "retire_code": "PY-99"}, "retire_code",
            ["彭人社发〔2026〕50号 二"])
    # Nothing drafted yet: scheduling an empty draft is refused as a whole.
    empty = _admin(admin, "/admin/policy/draft/schedule", SCHEDULE)
    assert empty.status_code == 422 and SCHEDULE["schedule_note"] in empty.get_data(as_text=True)
    assert _admin(admin, "/admin/policy/entries", ADD).status_code == 302
    refused("/admin/policy/entries", ADD, "add_code", ["无人机驾驶员"])  # already in the draft
    refused("/admin/policy/draft/schedule", {**SCHEDULE, "schedule_effective_from": "2026-11-01"},
            "schedule_effective_from", [SCHEDULE["schedule_note"]])
    refused("/admin/policy/draft/schedule", {**SCHEDULE, "schedule_effective_from": "2026-11-02"},
            "schedule_effective_from", [SCHEDULE["schedule_note"]])  # today, county time
    refused("/admin/policy/draft/schedule", {**SCHEDULE, "schedule_note": ""}, "schedule_note",
            [DAY])
    refused("/admin/policy/draft/schedule", {**SCHEDULE, "schedule_effective_from": "01/12"},
            "schedule_effective_from", [SCHEDULE["schedule_note"]])
    with sessions(app)() as s:
        draft = s.scalars(select(PolicyVersion)).one()
        assert (draft.status, draft.version, draft.effective_from) == ("draft", 2, None)
        assert [c.entry_code for c in s.scalars(select(PolicyChange))] == ["PY-34"]
    # A later version starts after the one before it.
    assert _admin(admin, "/admin/policy/draft/schedule", SCHEDULE).status_code == 302
    assert _admin(admin, "/admin/policy/retirements", RETIRE).status_code == 302
    refused("/admin/policy/draft/schedule", {**SCHEDULE, "schedule_effective_from": "2026-11-30"},
            "schedule_effective_from", [SCHEDULE["schedule_note"]])
    refused("/admin/policy/entries", ADD, "add_code", ["无人机驾驶员"])  # scheduled in version 2


def test_a_draft_is_discarded_and_a_scheduled_version_never_changes(app, browser):
    admin = browser("admin")
    assert _admin(admin, "/admin/policy/entries", ADD).status_code == 302
    with sessions(app)() as s:
        change_id = s.scalars(select(PolicyChange.id)).one()
    assert _admin(admin, f"/admin/policy/changes/{change_id}/remove",
                  {"pack": "pengyang"}).status_code == 302
    assert _admin(admin, "/admin/policy/retirements", RETIRE).status_code == 302
    assert "PY-21" in admin.get(PAGE).get_data(as_text=True)
    assert _admin(admin, "/admin/policy/draft/discard", {"pack": "pengyang"}).status_code == 302
    with sessions(app)() as s:
        assert s.scalars(select(PolicyVersion)).first() is None
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
                   if e.action.startswith("policy_")]
    assert actions == ["policy_entry_added", "policy_change_removed", "policy_entry_retired",
                       "policy_draft_discarded"]

    _schedule_version_2(admin)
    with sessions(app)() as s:
        scheduled = s.scalars(select(PolicyChange.id)).all()
    refused = _admin(admin, f"/admin/policy/changes/{scheduled[0]}/remove", {"pack": "pengyang"})
    assert refused.status_code == 422
    assert _admin(admin, "/admin/policy/draft/discard", {"pack": "pengyang"}).status_code == 422
    with sessions(app)() as s:
        assert len(s.scalars(select(PolicyChange)).all()) == 2
        assert s.scalars(select(PolicyVersion.status)).one() == "scheduled"


def test_only_administrators_reach_the_policy_pages(app, browser):
    bureau = browser("bureau")
    assert bureau.get(PAGE).status_code == 403
    answer = post(bureau, "/admin/policy/entries", ADD, form_page="/queue")
    assert answer.status_code == 403
    with sessions(app)() as s:
        assert s.scalars(select(PolicyVersion)).first() is None


def test_the_claims_api_files_an_added_code_and_refuses_a_retired_one(app, browser, client,
                                                                      login):
    from tests.integration.api.conftest import claim_body

    _schedule_version_2(browser("admin"))
    early = client.post("/api/v1/claims", headers=login("applicant"),
                        json=claim_body(certificate_code="PY-34", certificate_number="UAV-1"))
    assert early.status_code == 422 and "certificate_code" in early.json["fields"]
    app.extensions["test.clock"][0] = AFTER
    headers = login("applicant")
    retired = client.post("/api/v1/claims", headers=headers,
                          json=claim_body(certificate_code="PY-21", certificate_number="T-21"))
    assert retired.status_code == 422
    assert retired.json["fields"]["certificate_code"] == (
        f"PY-21 (观光车司机) is retired from the catalogue by version 2, in force from {DAY}")
    filed = client.post("/api/v1/claims", headers=headers,
                        json=claim_body(certificate_code="PY-34", certificate_number="UAV-1"))
    assert filed.status_code == 201, filed.json
    assert filed.json["certificate_code"] == "PY-34"
