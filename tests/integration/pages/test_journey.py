"""One claim from the applicant's form to the money, every step through the pages."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.integration.pages.conftest import form_claim, post, token
from web.db import sessions
from workflow.persistence.models import AuditEvent, Claim


def _claim(app, reference=None):
    with sessions(app)() as s:
        query = select(Claim).order_by(Claim.id.desc())
        if reference:
            query = query.where(Claim.reference == reference)
        return s.scalars(query).first()


def _task_form(html: str) -> str:
    found = re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', html)
    assert found, "no task form on the page"
    return found.group(1)


def _decide(client, claim_id, **data):
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = re.search(r'name="form" value="(\w+)"', page).group(1)
    return post(client, _task_form(page), {"version": version, "form": form, **data},
                form_page=f"/claims/{claim_id}")


def test_a_claim_from_form_to_payment(app, browser):
    applicant = browser("applicant")
    # A bad ID number: 422, the error beside the field, everything typed is still there.
    bad = post(applicant, "/claims/new", form_claim(id_number="110105194912310021"))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert 'id="e-id_number"' in html and 'aria-invalid="true"' in html
    assert 'value="TZ-2026-0001"' in html and 'value="固原市市场监管局"' in html
    assert _claim(app) is None

    filed = post(applicant, "/claims/new", form_claim(), follow_redirects=True)
    claim = _claim(app)
    assert claim is not None and claim.stage == "township_review"
    assert claim.reference in filed.get_data(as_text=True)

    township = browser("township")
    queue = township.get("/queue").get_data(as_text=True)
    assert claim.reference in queue
    page = township.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert claim.id_number in page  # identity review needs the whole number
    # Return without a reason: refused, the choice kept.
    refused = _decide(township, claim.id, decision="return", comment="")
    assert refused.status_code == 422
    assert 'value="return" required\n            checked' in refused.get_data(as_text=True) or \
        "checked" in refused.get_data(as_text=True)
    returned = _decide(township, claim.id, decision="return", comment="证书照片不清晰")
    assert returned.status_code == 302, re.findall(r'class="form-errors".*?</div>',
                                                   returned.get_data(as_text=True), re.S)

    # The applicant sees the reason and corrects the certificate name.
    page = applicant.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "证书照片不清晰" in page
    fixed = _decide(applicant, claim.id, decision="resubmit",
                    **form_claim(certificate_name="叉车司机（N1）"))
    assert fixed.status_code == 302
    assert _claim(app).certificate_name == "叉车司机（N1）"

    assert _decide(township, claim.id, decision="approve").status_code == 302
    department = browser("department")
    assert claim.reference in department.get("/queue").get_data(as_text=True)
    assert _decide(department, claim.id, decision="approve").status_code == 302

    bureau = browser("bureau")
    page = bureau.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Computed amount" in page or "核定金额" in page
    assert claim.id_number not in page  # the bureau sees the masked number
    assert _decide(bureau, claim.id, decision="approve").status_code == 302
    accepted = _claim(app)
    assert accepted.stage == "awaiting_notice" and accepted.amount_fen is not None

    form = bureau.get("/bureau/notices/new").get_data(as_text=True)
    assert accepted.reference in form
    published = post(bureau, "/bureau/notices", {
        "title": "职业技能培训补贴公示", "starts_on": "2026-11-02", "working_days": "5",
        "contact_office": "县人社局就业股", "contact_phone": "0954-7000000",
        "contact_address": "彭阳县白阳镇", "claim_ids": [str(accepted.id)]},
        form_page="/bureau/notices/new")
    assert published.status_code == 302, published.get_data(as_text=True)
    batch_page = published.headers["Location"]
    public = browser(None)
    notice = public.get(batch_page).get_data(as_text=True)
    assert "彭人社公示〔2026〕1号" in notice and "2026-11-06" in notice
    assert accepted.id_number not in notice and accepted.id_number[:6] in notice
    assert public.get(batch_page + "/pdf").data.startswith(b"%PDF-")
    objected = post(public, batch_page + "/object", {"row_number": "1", "name": "王某",
                                                     "reason": "此人未参加培训", "contact": ""},
                    form_page=batch_page + "/object?row=1")
    assert objected.status_code == 200 and "YY-" in objected.get_data(as_text=True)
    assert _claim(app).stage == "objection_review"
    page = bureau.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "此人未参加培训" in page
    assert _decide(bureau, claim.id, decision="dismiss", comment="经核实已参加").status_code == 302

    app.extensions["test.clock"][0] += timedelta(days=10)
    admin_fire = browser("admin").post("/api/v1/admin/timers/fire", json={})
    assert admin_fire.status_code == 200 and admin_fire.json["fired"]
    finance = browser("finance")
    page = finance.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert accepted.account_number in page  # finance pays: the whole account
    assert _decide(finance, claim.id, decision="paid").status_code == 302

    page = applicant.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert _claim(app).status == "paid"
    with sessions(app)() as s:
        decisions = [(e.action, e.decision) for e in s.scalars(select(AuditEvent).where(
            AuditEvent.claim_id == claim.id).order_by(AuditEvent.id))]
    assert decisions == [("submitted", None), ("decided", "return"), ("decided", "resubmit"),
                         ("decided", "approve"), ("decided", "approve"), ("decided", "approve"),
                         ("published", None), ("objection", None), ("decided", "dismiss"),
                         ("timer_fired", None), ("decided", "paid")]
    assert "**** " + accepted.account_number[-4:] in page


def test_forms_without_a_csrf_token_are_refused(app, browser):
    applicant = browser("applicant")
    answer = applicant.post("/claims/new", data=form_claim())
    assert answer.status_code == 400
    assert _claim(app) is None


def test_an_applicant_cannot_open_another_applicants_claim(app, browser):
    post(browser("applicant"), "/claims/new", form_claim())
    claim = _claim(app)
    other = browser("other_applicant")
    answer = other.get(f"/claims/{claim.id}")
    assert answer.status_code == 404
    assert claim.full_name not in answer.get_data(as_text=True)
    assert browser("other_township").get(f"/claims/{claim.id}").status_code == 404
    assert token(browser(None), "/login")  # anonymous still gets a working login form
    assert browser(None).get(f"/claims/{claim.id}").status_code == 302
