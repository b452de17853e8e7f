"""Striking workers out of an enterprise's roster on the claim page (issue 19 item 3): the
reviewer ticks a worker and gives the reason; a missing reason comes back in Chinese beside
that row, with what was typed and ticked kept; the struck worker is shown struck through with
the reason, to the reviewer and to the enterprise."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.integration.api.test_enterprise_claims import STRONG
from tests.integration.api.test_roster_strikes import _filed, _task
from tests.integration.pages.conftest import post
from web.db import sessions
from workflow.persistence.models import RosterRow

ZH = {"Accept-Language": "zh"}


def _api(client, username: str, password: str = PASSWORD) -> dict[str, str]:
    answer = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    return {"Authorization": f"Bearer {answer.json['token']}"}


def test_a_reviewer_strikes_a_worker_on_the_claim_page(app, client, browser):
    claim_id = _filed(client)
    task_id = _task(client, _api(client, "township"), claim_id)["task_id"]
    township, page = browser("township"), f"/claims/{claim_id}"
    shown = township.get(page, headers=ZH).get_data(as_text=True)
    assert 'name="strike" value="3"' in shown and 'name="strike_3"' in shown
    action = f"/claims/{claim_id}/tasks/{task_id}"
    missing = post(township, action, {"form": "review", "decision": "approve",
                                      "strike": ["3", "4"], "strike_4": "已离职"},
                   form_page=page, headers=ZH)
    assert missing.status_code == 422
    text = missing.get_data(as_text=True)
    beside = re.search(r'id="e-strike_3">([^<]+)<', text)
    assert beside and beside.group(1) == "剔除职工须填写理由"
    assert 'value="已离职"' in text  # what was typed is kept
    assert re.search(r'value="4" id="strike-4"\s+checked', text)  # and what was ticked
    with sessions(app)() as s:
        assert s.scalar(select(RosterRow).where(RosterRow.struck_at.is_not(None))) is None
    done = post(township, action, {"form": "review", "decision": "approve", "strike": "3",
                                   "strike_3": "身份证号与姓名不符"}, form_page=page)
    assert done.status_code == 302, done.get_data(as_text=True)
    seen = township.get(page, headers=ZH).get_data(as_text=True)
    assert '<tr class="struck"><td><del>3</del></td><td><del>工人1</del>' in seen
    assert "身份证号与姓名不符" in seen and "职工被剔出花名册" in seen  # the row, the timeline
    firm = browser(None)
    assert post(firm, "/login", {"username": "firm0", "password": STRONG}).status_code == 302
    theirs = firm.get(page, headers=ZH).get_data(as_text=True)
    assert "<del>工人1</del>" in theirs and "身份证号与姓名不符" in theirs


def test_bureau_acceptance_offers_the_rows_not_struck_yet(app, client, browser):
    claim_id = _filed(client)
    for who, strikes in (("township", [{"row": 3, "reason": "已离职"}]), ("hr_department", [])):
        headers = _api(client, who)
        task_id = _task(client, headers, claim_id)["task_id"]
        assert client.post(f"/api/v1/claims/{claim_id}/tasks/{task_id}", headers=headers, json={
            "decision": "approve", "strikes": strikes}).status_code == 200
    shown = browser("bureau").get(f"/claims/{claim_id}", headers=ZH).get_data(as_text=True)
    assert 'name="strike" value="2"' in shown and 'name="strike" value="4"' in shown
    assert 'name="strike" value="3"' not in shown  # struck already: shown struck through
    assert "<del>工人1</del>" in shown and "已离职" in shown
