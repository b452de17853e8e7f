"""A diagram element that fails at run time is told on the page in Chinese (issue 17 item 8)."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.api.conftest import claim_body
from tests.integration.api.test_diagram_budget import BOMBS, deploy_bomb
from tests.integration.pages.conftest import post
from web.db import sessions
from workflow.persistence.models import HumanTask


def test_the_page_says_it_in_chinese(app, client, login, browser):
    deploy_bomb(app, BOMBS["C-level"])
    filed = client.post("/api/v1/claims", headers=login("applicant"),
                        json=claim_body(township="wangwa"))
    assert filed.status_code == 201, filed.json
    reviewer = browser("other_township")
    page = f"/claims/{filed.json['id']}"
    with sessions(app)() as session:
        task_id = session.scalar(select(HumanTask.task_id).where(
            HumanTask.claim_id == filed.json["id"]))
    answer = post(reviewer, f"{page}/tasks/{task_id}", {"decision": "approve", "comment": ""},
                  form_page=page)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 409, text
    assert "流程无法继续" in text and "Gateway_township" in text
    assert "未保存任何更改" in text
    assert reviewer.get(page).status_code == 200
