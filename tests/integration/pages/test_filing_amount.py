"""The amount is shown when filing (issue 18 item 4): the form shows what the chosen certificate
would get; for an amount the source lost it says plainly that the claim waits for the bureau's
configuration, and without JavaScript a step says so before anything is filed; the claim page
says the same while it waits, until an administrator sets the amount."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.integration.pages.conftest import form_claim, post, set_amount
from web.db import sessions
from workflow.persistence.models import Claim, ClaimDraft

AWAITS = "该证书补贴标准尚未配置，申请将在人社局配置后受理"
FORKLIFT = {"township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-22",
            "certificate_issued_on": "2026-05-01"}
ELEVATOR = {"certificate_code": "PY-17", "certificate_name": "电梯作业"}  # 附件1 row 17: lost


def _claims(app) -> list[Claim]:
    with sessions(app)() as s:
        return list(s.scalars(select(Claim)))


def test_the_form_asks_the_amount_of_the_certificate_as_it_changes(browser):
    applicant = browser("applicant")
    form = applicant.get("/claims/new").get_data(as_text=True)
    assert 'id="amount-preview"' in form and 'hx-get="/claims/new/amount"' in form
    assert "预计补贴金额" not in form and AWAITS not in form  # nothing chosen yet

    priced = applicant.get("/claims/new/amount", query_string=FORKLIFT).get_data(as_text=True)
    assert re.search(r"预计补贴金额: <strong>¥1,400.00</strong>", priced)
    assert AWAITS not in priced and "unpriced_ok" not in priced

    lost = applicant.get("/claims/new/amount",
                         query_string={**FORKLIFT, **ELEVATOR}).get_data(as_text=True)
    assert AWAITS in lost and "预计补贴金额" not in lost
    assert 'name="unpriced_ok" value="pengyang||PY-17|电梯作业|"' in lost
    english = applicant.get("/claims/new/amount",
                            query_string={**FORKLIFT, **ELEVATOR, "lang": "en"})
    assert "not configured yet" in english.get_data(as_text=True)

    # Half-typed or hostile values show nothing rather than fail.
    for odd in ({"certificate_code": "PY-22"}, {**FORKLIFT, "certificate_issued_on": "9999-99"},
                {**FORKLIFT, "certificate_code": "X" * 300}):
        assert applicant.get("/claims/new/amount", query_string=odd).status_code == 200
    assert browser("township").get("/claims/new/amount").status_code == 403


def test_without_javascript_a_lost_amount_is_confirmed_before_it_is_filed(app, browser):
    applicant = browser("applicant")
    first = post(applicant, "/claims/new", {**form_claim(**ELEVATOR), "action": "submit"},
                 form_page="/claims/new")
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and _claims(app) == []  # nothing filed yet
    assert re.search(rf'id="confirm-unpriced">\s*<p>{AWAITS}', html)
    assert "确认提交" in html and 'value="TZ-2026-0001"' in html  # nothing typed is lost
    with sessions(app)() as s:
        (draft,) = s.scalars(select(ClaimDraft)).all()
    acknowledged = re.search(r'name="unpriced_ok" value="([^"]*)"', html).group(1)

    # The page's second submit carries what it said; the files kept with the draft count.
    filed = post(applicant, "/claims/new", {
        **form_claim(scans=False, **ELEVATOR), "action": "submit", "draft": str(draft.id),
        "unpriced_ok": acknowledged}, form_page=f"/claims/new?draft={draft.id}")
    assert filed.status_code == 302, filed.get_data(as_text=True)
    (claim,) = _claims(app)
    assert (claim.certificate_code, claim.stage) == ("PY-17", "township_review")

    # The claim page says it waits while it does, to the applicant and the reviewers.
    for who in ("applicant", "township"):
        assert AWAITS in browser(who).get(f"/claims/{claim.id}").get_data(as_text=True)
    admin = browser("admin")
    done = set_amount(admin, {"pack": "pengyang", "entry_code": "PY-17", "amount": "1650",
                              "note": "县人社局 2026 年标准"})
    assert done.status_code == 302
    assert AWAITS not in applicant.get(f"/claims/{claim.id}").get_data(as_text=True)


def test_an_acknowledgement_of_another_certificate_does_not_count(app, browser):
    applicant = browser("applicant")
    answer = post(applicant, "/claims/new", {
        **form_claim(**ELEVATOR), "action": "submit",
        "unpriced_ok": "pengyang||PY-16|压力容器作业|"}, form_page="/claims/new")
    assert answer.status_code == 200 and "confirm-unpriced" in answer.get_data(as_text=True)
    assert _claims(app) == []
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(ClaimDraft)) == 1


def test_a_priced_certificate_is_filed_in_one_submit(app, browser):
    filed = post(browser("applicant"), "/claims/new", {**form_claim(), "action": "submit"},
                 form_page="/claims/new")
    assert filed.status_code == 302 and len(_claims(app)) == 1
