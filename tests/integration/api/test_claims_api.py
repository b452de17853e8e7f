"""The REST API driven as a client would: a claim from filing to payment, and its errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from tests.integration.api.conftest import claim_body


def _task(client: FlaskClient, headers: dict[str, str], claim_id: int) -> dict[str, Any]:
    claim = client.get(f"/api/v1/claims/{claim_id}", headers=headers).json
    assert len(claim["tasks"]) == 1, claim
    return {"task_id": claim["tasks"][0]["task_id"], "version": claim["version"]}


def _decide(client: FlaskClient, headers: dict[str, str], claim_id: int, decision: str,
            comment: str = "", **extra: Any) -> Any:
    task = _task(client, headers, claim_id)
    return client.post(f"/api/v1/claims/{claim_id}/tasks/{task['task_id']}", headers=headers,
                       json={"decision": decision, "comment": comment,
                             "version": task["version"], **extra})


def test_claim_goes_from_filing_to_payment_through_the_api(app, client, login):
    applicant = login("applicant")
    filed = client.post("/api/v1/claims", headers=applicant, json=claim_body())
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert filed.json["stage"] == "township_review"
    assert filed.json["account_number"] == "**** 0000"  # masked even for the applicant

    queue = client.get("/api/v1/queue", headers=login("township")).json
    assert queue["total"] == 1 and queue["counts"] == {"township_review": 1}
    assert queue["items"][0]["claim"]["reference"] == filed.json["reference"]

    assert _decide(client, login("township"), claim_id, "approve").status_code == 200
    department_view = _decide(client, login("department"), claim_id, "approve").json
    assert department_view["id_number"] == "110105********002X"  # masked for the department
    assert department_view["account_number"] == "**** 0000"

    bureau = login("bureau")
    shown = client.get(f"/api/v1/claims/{claim_id}", headers=bureau).json
    assert shown["stage"] == "bureau_acceptance"
    accepted = _decide(client, bureau, claim_id, "approve").json
    assert accepted["stage"] == "awaiting_notice"
    assert accepted["amount_fen"] == 140000 and accepted["amount_yuan"] == "1400.00"
    assert "第22行" in accepted["amount_rule"]
    published = _publish(client, bureau)
    assert (published["row_count"], published["total_fen"]) == (1, 140000)
    assert published["number"] == "彭人社公示〔2026〕1号"
    # Monday 2 November + 5 working days: Friday 6 November, closing at midnight county time.
    assert (published["ends_on"], published["closes_at"]) == ("2026-11-06",
                                                               "2026-11-06T16:00:00+00:00")
    assert client.get(f"/api/v1/claims/{claim_id}", headers=bureau).json["stage"] == "notice"
    assert client.get("/api/v1/notices").json["items"][0]["number"] == published["number"]

    app.extensions["test.clock"][0] += timedelta(days=6)
    fired = client.post("/api/v1/admin/timers/fire", headers=login("admin"))
    assert fired.json == {"fired": [filed.json["reference"]]}

    paid = _decide(client, login("finance"), claim_id, "paid").json
    assert (paid["status"], paid["stage"]) == ("paid", "closed")
    assert client.get("/api/v1/claims", headers=applicant).status_code == 401  # token expired
    applicant = login("applicant")
    mine = client.get("/api/v1/claims", headers=applicant).json["items"]
    assert [c["status"] for c in mine] == ["paid"]
    actions = [e["action"] for e in client.get(f"/api/v1/claims/{claim_id}",
                                               headers=applicant).json["timeline"]]
    assert actions == ["submitted", "decided", "decided", "decided", "published", "timer_fired",
                       "decided"]


def _publish(client, bureau, **body):
    answer = client.post("/api/v1/notices", headers=bureau, json={
        "starts_on": "2026-11-02", "contact_office": "县人社局就业股",
        "contact_phone": "0954-7000000", "contact_address": "彭阳县白阳镇", **body})
    assert answer.status_code == 201, answer.json
    return answer.json


def test_invalid_claim_gets_an_error_per_field_and_nothing_is_stored(client, login):
    applicant = login("applicant")
    answer = client.post("/api/v1/claims", headers=applicant, json=claim_body(
        id_number="110105194912310021", township="beijing", certificate_issued_on="2026-13-01",
        phone="12"))
    assert answer.status_code == 422
    assert set(answer.json["fields"]) == {"id_number", "township", "certificate_issued_on",
                                          "phone"}
    assert client.get("/api/v1/claims", headers=applicant).json["items"] == []


def test_rule_errors_come_back_per_field(client, login):
    answer = client.post("/api/v1/claims", headers=login("applicant"), json=claim_body(
        certificate_issued_on="2025-12-31", account_holder="王五"))
    assert answer.status_code == 422
    assert "plan period" in answer.json["fields"]["certificate_issued_on"]
    assert "直补个人" in answer.json["fields"]["account_holder"]


def test_stale_version_gets_409_and_changes_nothing(client, login):
    claim_id = client.post("/api/v1/claims", headers=login("applicant"),
                           json=claim_body()).json["id"]
    township = login("township")
    task = _task(client, township, claim_id)
    stale = client.post(f"/api/v1/claims/{claim_id}/tasks/{task['task_id']}", headers=township,
                        json={"decision": "approve", "version": task["version"] - 1})
    assert stale.status_code == 409
    again = client.get(f"/api/v1/claims/{claim_id}", headers=township).json
    assert again["stage"] == "township_review" and again["version"] == task["version"]


def test_return_needs_a_reason_and_the_applicant_resubmits(client, login):
    applicant, township = login("applicant"), login("township")
    claim_id = client.post("/api/v1/claims", headers=applicant, json=claim_body()).json["id"]
    no_reason = _decide(client, township, claim_id, "return")
    assert no_reason.status_code == 422 and "comment" in no_reason.json["fields"]
    assert _decide(client, township, claim_id, "return", "电话号码有误").status_code == 200
    fixed = _decide(client, applicant, claim_id, "resubmit",
                    changes={"phone": "13900000009"}).json
    assert fixed["stage"] == "township_review" and fixed["phone"] == "13900000009"
    timeline = fixed["timeline"]
    assert timeline[1]["comment"] == "电话号码有误" and timeline[1]["office"] == "乡镇"
    assert timeline[2]["changes"] == {"phone": {"from": "13800000000", "to": "13900000009"}}


def test_scopes_anonymous_and_other_applicants(app, client, login):
    claim_id = client.post("/api/v1/claims", headers=login("applicant"),
                           json=claim_body()).json["id"]
    assert app.test_client().get(f"/api/v1/claims/{claim_id}").status_code == 401
    assert client.get(f"/api/v1/claims/{claim_id}",
                      headers=login("other_township")).status_code == 404
    assert client.get(f"/api/v1/claims/{claim_id}",
                      headers=login("other_applicant")).status_code == 404
    assert client.get("/api/v1/queue", headers=login("other_township")).json["total"] == 0
    task = _task(client, login("township"), claim_id)
    finance = client.post(f"/api/v1/claims/{claim_id}/tasks/{task['task_id']}",
                          headers=login("finance"), json={"decision": "approve"})
    assert finance.status_code == 403
    assert client.post("/api/v1/claims", headers=login("township"),
                       json=claim_body()).status_code == 403
    bad_token = client.get("/api/v1/queue", headers={"Authorization": "Bearer nope"})
    assert bad_token.status_code == 401


def test_session_cookie_login_works_for_browsers(client):
    assert client.get("/api/v1/auth/me").status_code == 401
    wrong = client.post("/api/v1/auth/login", json={"username": "applicant", "password": "x"})
    assert wrong.status_code == 401
    client.post("/api/v1/auth/login", json={"username": "applicant",
                                            "password": "correct horse"})
    assert client.get("/api/v1/auth/me").json["role"] == "applicant"
    # A cookie-authenticated form post (what a cross-site page could send) needs a CSRF token.
    forged = client.post("/api/v1/auth/logout", data={"x": "1"})
    assert forged.status_code == 400
    assert client.get("/api/v1/auth/me").json["role"] == "applicant"
    client.post("/api/v1/auth/logout", json={})
    assert client.get("/api/v1/auth/me").status_code == 401


def test_withdraw_before_acceptance_only(client, login):
    applicant = login("applicant")
    first = client.post("/api/v1/claims", headers=applicant, json=claim_body()).json["id"]
    withdrawn = client.post(f"/api/v1/claims/{first}/withdraw", headers=applicant,
                            json={"reason": "不再申请"})
    assert withdrawn.json["status"] == "withdrawn"
    assert withdrawn.json["closed_stage"] == "township_review"
    second = client.post("/api/v1/claims", headers=applicant,
                         json=claim_body(certificate_number="TZ-2026-0002")).json["id"]
    for who in ("township", "department", "bureau"):
        assert _decide(client, login(who), second, "approve").status_code == 200
    late = client.post(f"/api/v1/claims/{second}/withdraw", headers=applicant, json={})
    assert late.status_code == 409


def test_anyone_may_object_during_the_notice_and_the_bureau_decides(client, login):
    applicant = login("applicant")
    filed = client.post("/api/v1/claims", headers=applicant, json=claim_body()).json
    early = client.post("/api/v1/objections", json={"reference": filed["reference"],
                                                    "reason": "冒名"})
    assert early.status_code == 201  # kept for the bureau, holds nothing (no oracle)
    assert client.get(f"/api/v1/claims/{filed['id']}", headers=applicant).json["stage"] == \
        "township_review"
    for who in ("township", "department", "bureau"):
        _decide(client, login(who), filed["id"], "approve")
    _publish(client, login("bureau"))
    objection = client.post("/api/v1/objections", json={
        "reference": filed["reference"], "reason": "证书非本人取得", "contact": "13700000000"})
    assert objection.status_code == 201
    bureau = login("bureau")
    assert client.get(f"/api/v1/claims/{filed['id']}", headers=bureau).json["stage"] == \
        "objection_review"
    upheld = _decide(client, bureau, filed["id"], "uphold", "核实属实").json
    assert (upheld["status"], upheld["closed_stage"]) == ("rejected", "objection_review")
    unknown = client.post("/api/v1/objections", json={"reference": "BT2026-NOPE",
                                                      "reason": "x"})
    assert unknown.status_code == 201  # the same answer: test_objection_oracle.py


def test_openapi_documents_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{")
            path = path.replace(">", "}")
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented
    assert "ClaimInput" in document["components"]["schemas"]
    assert set(document["components"]["schemas"]["ClaimInput"]["required"]) >= {
        "id_number", "certificate_code", "account_number"}


def test_wrong_content_type_and_malformed_json_are_refused(client, login):
    applicant = login("applicant")
    assert client.post("/api/v1/claims", headers=applicant, data="x").status_code == 415
    broken = client.post("/api/v1/claims", headers={**applicant,
                                                    "Content-Type": "application/json"},
                         data="{not json")
    assert broken.status_code == 400
