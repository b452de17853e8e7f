"""A CPU bomb deployed on a branch the test run never takes stops at run time with a clear
error naming the element (issue 17 item 8): the claim stays where it was, nothing is saved,
the administrator finds it in the log, and the app serves the next request."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import NOW
from tests.integration.api.conftest import claim_body
from web.db import runtime, sessions
from workflow.engine.budget import DEFAULT
from workflow.persistence.models import AuditEvent, Claim, HumanTask, User
from workflow.services import process_drafts, users

BOMBS = {
    "C-level": "sum(range(10**12)) > 0",
    "pure Python": "len([x for x in range(10**5) for y in range(10**5)]) > 0",
}
APPROVE = '<bpmn:conditionExpression>decision == "approve"</bpmn:conditionExpression>'


def deploy_bomb(app: Flask, bomb: str) -> int:
    """Version 2: the township's approve flow evaluates the bomb for claims from 王洼镇 only;
    the test run's synthetic claim is from 白阳镇. Deployed through the service the admin
    pages use: every check and the whole test run."""
    with sessions(app).begin() as session:
        admin = users.actor_of(session.scalars(select(User).where(User.username == "admin"))
                               .one())
        draft = process_drafts.start(session, admin, NOW)
        bpmn = draft.files["subsidy_claim.bpmn"]
        changed = bpmn.replace(APPROVE, '<bpmn:conditionExpression>decision == "approve" and '
                               f'(township != "wangwa" or {bomb})</bpmn:conditionExpression>', 1)
        assert changed != bpmn
        process_drafts.save_files(session, admin, draft.id, {"subsidy_claim.bpmn": changed}, NOW)
        deployed = process_drafts.deploy(session, runtime(app), admin, draft.id,
                                         "approve differently in 王洼镇", NOW)
        return deployed.id


def _claim(client: FlaskClient, headers: dict[str, str], claim_id: int) -> dict[str, Any]:
    answer = client.get(f"/api/v1/claims/{claim_id}", headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json  # type: ignore[no-any-return]


def _decide(client: FlaskClient, headers: dict[str, str], claim_id: int, decision: str,
            comment: str = "") -> Any:
    claim = _claim(client, headers, claim_id)
    return client.post(f"/api/v1/claims/{claim_id}/tasks/{claim['tasks'][0]['task_id']}",
                       headers=headers, json={"decision": decision, "comment": comment,
                                              "version": claim["version"]})


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_a_bomb_on_an_untested_branch_stops_with_a_clear_error(app, client, login, caplog,
                                                               bomb):
    version = deploy_bomb(app, bomb)
    applicant, township = login("applicant"), login("other_township")
    filed = client.post("/api/v1/claims", headers=applicant,
                        json=claim_body(township="wangwa"))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    before = _claim(client, township, claim_id)
    assert before["stage"] == "township_review"

    started = time.perf_counter()
    with caplog.at_level(logging.ERROR, logger="workflow.services.instances"):
        answer = _decide(client, township, claim_id, "approve")
    assert time.perf_counter() - started < DEFAULT.seconds + 2
    assert answer.status_code == 409, answer.json
    assert answer.json["error"] == "process"
    assert "Identity verified? (Gateway_township)" in answer.json["message"]
    assert "nothing was saved" in answer.json["message"]
    assert any(filed.json["reference"] in r.getMessage() and "Gateway_township" in
               r.getMessage() for r in caplog.records)

    after = _claim(client, township, claim_id)
    assert (after["version"], after["stage"], after["tasks"]) == \
        (before["version"], "township_review", before["tasks"])
    assert [e["action"] for e in after["timeline"]] == ["submitted"]
    with sessions(app)() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None and claim.definition_id == version
        assert session.scalars(select(HumanTask.stage).where(
            HumanTask.claim_id == claim_id)).all() == ["township_review"]
        assert session.scalars(select(AuditEvent.action).where(
            AuditEvent.claim_id == claim_id)).all() == ["submitted"]

    # The same app serves on: a claim from 白阳镇 on the same version moves normally, and the
    # stopped claim can still be returned (the bomb is only on the approve branch).
    other = client.post("/api/v1/claims", headers=login("other_applicant"),
                        json=claim_body(id_number="642226198505050022", full_name="李四",
                                        account_holder="李四",
                                        certificate_number="TZ-2026-0002"))
    assert other.status_code == 201, other.json
    assert _decide(client, login("township"), other.json["id"], "approve").status_code == 200
    returned = _decide(client, township, claim_id, "return", "请补充身份证复印件")
    assert returned.status_code == 200, returned.json
    assert returned.json["stage"] == "correction"
