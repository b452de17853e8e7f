"""Pages and the API choose a task's form by the registry (workflow/services/task_forms.py): a
task whose form is not registered is shown with nothing to decide and refused with a clear
error, on the claim page, the workbench and the API alike, changing nothing. On SQLite and
PostgreSQL."""

from __future__ import annotations

import itertools

from flask import Flask
from sqlalchemy import select, update

from tests.conftest import PASSWORD, claim_input
from tests.integration.helpers import actions, file, id_number_of, person
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.persistence.models import Claim, HumanTask

_serials = itertools.count(700)


def _claim_with_form(app: Flask, form: str) -> tuple[int, str]:
    """A new claim at township review whose open task names `form`."""
    f, rt = sessions(app), runtime(app)
    who = person(f, next(_serials))
    claim_id = file(f, rt, who, claim_input(certificate_number=f"TZ-FORM-{who.user_id}",
                                            id_number=id_number_of(f, who)))
    with f.begin() as s:
        s.execute(update(HumanTask).where(HumanTask.claim_id == claim_id).values(form=form))
        task_id = s.scalar(select(HumanTask.task_id).where(HumanTask.claim_id == claim_id))
    assert task_id is not None
    return claim_id, task_id


def _unchanged(app: Flask, claim_id: int) -> None:
    with sessions(app)() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None and claim.stage == "township_review"
    assert actions(sessions(app), claim_id) == [("submitted", None)]


def test_an_unknown_form_is_refused_through_the_api(app):
    claim_id, task_id = _claim_with_form(app, "mystery")
    api = app.test_client()
    token = api.post("/api/v1/auth/login", json={"username": "township", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.json['token']}"}
    shown = api.get(f"/api/v1/claims/{claim_id}", headers=headers)
    assert shown.status_code == 200
    assert [(t["form"], t["decisions"]) for t in shown.json["tasks"]] == [("mystery", [])]
    refused = api.post(f"/api/v1/claims/{claim_id}/tasks/{task_id}", headers=headers,
                       json={"decision": "approve", "comment": "",
                             "version": shown.json["version"]})
    assert refused.status_code == 409, refused.json
    assert "form is not one this service knows" in refused.json["message"]
    _unchanged(app, claim_id)


def test_an_unknown_form_is_shown_and_refused_on_the_pages(app, browser):
    claim_id, task_id = _claim_with_form(app, "mystery")
    township = browser("township")
    page = township.get(f"/claims/{claim_id}")
    assert page.status_code == 200
    assert 'name="decision"' not in page.get_data(as_text=True)  # nothing to decide
    assert township.get(f"/workbench/claims/{claim_id}").status_code == 200
    refused = post(township, f"/claims/{claim_id}/tasks/{task_id}",
                   {"decision": "approve", "form": "mystery"}, form_page=f"/claims/{claim_id}")
    assert refused.status_code == 409
    _unchanged(app, claim_id)


def test_a_registered_form_still_decides(app, browser):
    """The same path with the form the process names: the registry's effect runs."""
    claim_id, task_id = _claim_with_form(app, "review")
    township = browser("township")
    decided = post(township, f"/claims/{claim_id}/tasks/{task_id}",
                   {"decision": "approve", "form": "review"}, form_page=f"/claims/{claim_id}")
    assert decided.status_code == 302
    assert actions(sessions(app), claim_id)[-1] == ("decided", "approve")
