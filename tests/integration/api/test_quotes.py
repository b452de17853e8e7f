"""The cap counts accepted or paid claims; the quote answers through the REST API."""

from __future__ import annotations

import pytest

from tests.conftest import claim_input
from tests.integration.helpers import decide, file, load
from workflow.services import claims as claim_service
from workflow.services.errors import InvalidInputError


def test_a_third_subsidy_is_refused_at_acceptance_but_rejected_claims_do_not_count(
        session_factory, runtime, actors):
    f, a = session_factory, actors

    def accept(number: str) -> int:
        claim_id = file(f, runtime, a["applicant"], claim_input(certificate_number=number))
        for who in ("township", "department", "bureau"):
            decide(f, runtime, a[who], claim_id, "approve")
        return claim_id

    rejected = file(f, runtime, a["applicant"], claim_input(certificate_number="TZ-R"))
    decide(f, runtime, a["township"], rejected, "reject", "材料不全")
    withdrawn = file(f, runtime, a["applicant"], claim_input(certificate_number="TZ-W"))
    with f.begin() as s:
        claim_service.withdraw_claim(s, runtime, a["applicant"], withdrawn)
    first, second = accept("TZ-1"), accept("TZ-2")
    assert (load(f, first).policy_pack, load(f, first).policy_version) == ("pengyang", 1)
    third = file(f, runtime, a["applicant"], claim_input(certificate_number="TZ-3"))
    for who in ("township", "department"):
        decide(f, runtime, a[who], third, "approve")
    with pytest.raises(InvalidInputError) as caught:
        decide(f, runtime, a["bureau"], third, "approve")
    assert "不超过2次" in caught.value.errors["decision"]
    assert load(f, third).stage == "bureau_acceptance" and second


def test_quote_through_the_api(app, client, login):
    headers = login("applicant")
    answer = client.post("/api/v1/quote", headers=headers, json={
        "township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-26",
        "certificate_issued_on": "2026-05-01", "id_number": "11010519491231002X"})
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert (body["eligible"], body["amount_fen"], body["department"]) == (True, 600000,
                                                                         "transport")
    assert {r["rule"] for r in body["reasons"]} == {"eligibility", "cap", "amount"}
    missing = client.post("/api/v1/quote", headers=headers, json={
        "township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-01",
        "certificate_issued_on": "2026-05-01"}).json
    assert (missing["configured"], missing["amount_fen"]) == (False, None)
    # Anyone may ask (test_quote_oracle.py: whose subsidies count depends on who asks).
    assert app.test_client().post("/api/v1/quote", json={}).status_code == 422
    bad = client.post("/api/v1/quote", headers=headers, json={"township": "baiyang"})
    assert bad.status_code == 422 and "certificate_code" in bad.json["fields"]


def test_a_huzhou_split_quote_through_the_api(client, login):
    answer = client.post("/api/v1/quote", headers=login("applicant"), json={
        "pack": "huzhou", "kind": "directed_training", "township": "-",
        "target_group": "poverty_watch", "certificate_code": "-",
        "certificate_issued_on": "2026-03-01"})
    assert answer.status_code == 200, answer.json
    assert answer.json["amount_fen"] == 80000
    assert [(i["amount_fen"], i["months_after_start"]) for i in answer.json["installments"]] == [
        (40000, 0), (40000, 6)]  # 004 4: the rest after 6 more months of employment


def test_the_quote_reads_today_as_the_county_day(app, client, login):
    """At 17:30 UTC on 1 June it is 2 June in Pengyang: a certificate issued on 2 June counts."""
    from datetime import UTC, datetime

    app.extensions["test.clock"][0] = datetime(2026, 6, 1, 17, 30, tzinfo=UTC)
    body = client.post("/api/v1/quote", headers=login("applicant"), json={
        "township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-26",
        "certificate_issued_on": "2026-06-02", "id_number": "11010519491231002X"}).json
    assert (body["eligible"], body["amount_fen"]) == (True, 600000), body


def test_a_huzhou_post_quote_through_the_api_checks_the_12_months(client, login):
    """004 一 3: the post's first day within 12 months of the certificate; the allowance is not
    configured (its implementing measures are not in 004)."""
    body = {"pack": "huzhou", "kind": "care_post", "township": "-", "target_group": "other",
            "certificate_code": "-", "occupation_code": "4-10-01-05",
            "certificate_issued_on": "2026-03-01", "industry": "elderly_care",
            "employer": "湖州市某养老院", "employed_on": "2026-06-01"}
    answer = client.post("/api/v1/quote", headers=login("applicant"), json=body)
    assert answer.status_code == 200, answer.json
    assert (answer.json["eligible"], answer.json["amount_fen"]) == (True, None)
    late = client.post("/api/v1/quote", headers=login("applicant"),
                       json={**body, "employed_on": "2026-05-02",
                             "certificate_issued_on": "2025-05-01"}).json
    employment = next(r for r in late["reasons"] if r["rule"] == "employment")
    assert not employment["passed"] and "一 3" in employment["clause"]
    assert "more than 12 months" in employment["detail"]
