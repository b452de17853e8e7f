"""Two reviewers never work one claim (issue 18 item 8): a task is claimed, released, taken
over; a decision on a task someone else holds is refused with who holds it; two reviewers
claiming at once end with one holder. Through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import NOW, PASSWORD, claim_input
from tests.integration.helpers import actions, file, id_number_of, person
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.persistence.models import AuditEvent, Claim, HumanTask, TaskHold, User
from workflow.services import decisions, users
from workflow.services.errors import ConflictError

ROUNDS = 12
_serials = itertools.count(300)


def _second_township(app: Flask) -> None:
    """Another reviewer of the same township (白阳镇), 李审核."""
    with sessions(app).begin() as s:
        users.create_user(s, "township2", PASSWORD, "township_reviewer", "白阳镇李审核", NOW,
                          scope="baiyang")


def _claim(app: Flask, prefix: str = "TZ-HOLD") -> tuple[int, str]:
    """A new person's claim at township review: (claim id, its task id)."""
    f, rt = sessions(app), runtime(app)
    who = person(f, next(_serials))
    claim_id = file(f, rt, who, claim_input(certificate_number=f"{prefix}-{who.user_id}",
                                            id_number=id_number_of(f, who)))
    with f() as s:
        task_id = s.scalar(select(HumanTask.task_id).where(HumanTask.claim_id == claim_id))
    assert task_id is not None
    return claim_id, task_id


def _token(app: Flask, username: str) -> dict[str, str]:
    answer = app.test_client().post("/api/v1/auth/login",
                                    json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json['token']}"}


def _stage(app: Flask, claim_id: int) -> str:
    with sessions(app)() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        return claim.stage


def _decide_page(user: Any, claim_id: int, task_id: str, decision: str = "approve",
                 **extra: Any) -> Any:
    return post(user, f"/workbench/claims/{claim_id}/decide",
                {"task_id": task_id, "decision": decision, **extra},
                form_page=f"/workbench/claims/{claim_id}")


def test_a_held_claim_is_refused_to_others_until_taken_over_released_or_expired(app, browser):
    _second_township(app)
    claim_id, task_id = _claim(app)
    wang, li = browser("township"), browser("township2")
    api = app.test_client()

    held = post(wang, f"/workbench/claims/{claim_id}/hold", {"task_id": task_id},
                form_page=f"/workbench/claims/{claim_id}")
    assert held.status_code == 302
    with sessions(app)() as s:
        row = s.scalars(select(TaskHold)).one()
        assert (row.task_id, row.claim_id, row.held_at) == (task_id, claim_id, NOW)
        assert row.expires_at == NOW + timedelta(minutes=30)  # TASK_HOLD_MINUTES by default
    # Li sees it held, in the queue and on the claim, and cannot decide it: by page or API.
    assert "白阳镇审核员" in li.get("/workbench").get_data(as_text=True)
    page = li.get(f"/workbench/claims/{claim_id}").get_data(as_text=True)
    assert "白阳镇审核员" in page and 'name="take_over" value="1"' in page
    refused = _decide_page(li, claim_id, task_id)
    assert refused.status_code == 409 and "白阳镇审核员" in refused.get_data(as_text=True)
    answer = api.post(f"/api/v1/claims/{claim_id}/tasks/{task_id}",
                      json={"decision": "approve"}, headers=_token(app, "township2"))
    assert answer.status_code == 409
    assert answer.json["fields"]["held_by"] == "白阳镇审核员"
    assert "held by 白阳镇审核员 until 2026-11-02 17:30" in answer.json["message"]
    assert _stage(app, claim_id) == "township_review"
    # Claiming it is refused too, unless Li takes it over: recorded on the claim's timeline.
    again = api.post(f"/api/v1/claims/{claim_id}/tasks/{task_id}/claim", json={},
                     headers=_token(app, "township2"))
    assert again.status_code == 409 and again.json["fields"]["held_by"] == "白阳镇审核员"
    taken = post(li, f"/workbench/claims/{claim_id}/hold", {"task_id": task_id,
                                                           "take_over": "1"},
                 form_page=f"/workbench/claims/{claim_id}")
    assert taken.status_code == 302
    assert ("taken_over", None) in actions(sessions(app), claim_id)
    timeline = li.get(f"/workbench/claims/{claim_id}").get_data(as_text=True)
    assert "由白阳镇审核员办理至 2026-11-02 17:30" in timeline  # whose hold it ended
    # Now Wang is the one refused; Li releases it, and Wang's decision goes through.
    assert _decide_page(wang, claim_id, task_id).status_code == 409
    released = post(li, f"/workbench/claims/{claim_id}/release", {"task_id": task_id},
                    form_page=f"/workbench/claims/{claim_id}")
    assert released.status_code == 302
    assert _decide_page(wang, claim_id, task_id).status_code == 302
    assert _stage(app, claim_id) == "department_review"
    with sessions(app)() as s:  # the decision ended every hold on its task
        assert s.scalars(select(TaskHold).where(TaskHold.task_id == task_id)).all() == []


def test_a_hold_expires_and_a_decision_ends_it(app, browser):
    _second_township(app)
    claim_id, task_id = _claim(app)
    wang, li = _token(app, "township"), _token(app, "township2")
    api = app.test_client()
    path = f"/api/v1/claims/{claim_id}/tasks/{task_id}"
    mine = api.post(f"{path}/claim", json={}, headers=wang)
    assert mine.status_code == 200, mine.json
    assert mine.json["holder_name"] == "白阳镇审核员" and mine.json["mine"] is True
    queue = api.get("/api/v1/queue", headers=li).json["items"]
    assert [i["hold"]["holder_name"] for i in queue] == ["白阳镇审核员"]
    assert api.post(path, json={"decision": "approve"}, headers=li).status_code == 409
    app.extensions["test.clock"][0] = NOW + timedelta(minutes=31)  # Wang walked away
    assert api.get("/api/v1/queue", headers=li).json["items"][0]["hold"] is None
    taken = api.post(f"{path}/claim", json={}, headers=li)
    assert taken.status_code == 200 and taken.json["holder_name"] == "白阳镇李审核"
    assert ("taken_over", None) not in actions(sessions(app), claim_id)  # it had expired
    assert api.post(path, json={"decision": "approve"}, headers=wang).status_code == 409
    decided = api.post(path, json={"decision": "approve"}, headers=li)
    assert decided.status_code == 200, decided.json
    with sessions(app)() as s:
        assert s.scalars(select(TaskHold)).all() == []


def test_only_a_reviewer_who_may_work_the_task_claims_it(app, browser):
    claim_id, task_id = _claim(app)
    api = app.test_client()
    path = f"/api/v1/claims/{claim_id}/tasks/{task_id}/claim"
    answers = {who: api.post(path, json={}, headers=_token(app, who)).status_code
               for who in ("other_township", "department", "bureau", "applicant", "finance")}
    # Another township and the department (none routed yet) do not see the claim; the bureau
    # sees it but the task is not its own; applicants and finance take no holds.
    assert answers == {"other_township": 404, "department": 404, "bureau": 403,
                       "applicant": 403, "finance": 403}
    gone = api.post(f"/api/v1/claims/{claim_id}/tasks/no-such-task/claim", json={},
                    headers=_token(app, "township"))
    assert gone.status_code == 409
    with sessions(app)() as s:
        assert s.scalars(select(TaskHold)).all() == []


def test_a_held_task_is_refused_by_the_decision_service_itself(app, browser):
    """The hook at the start of decisions.complete_task: bulk approval, the API and pages alike."""
    _second_township(app)
    claim_id, task_id = _claim(app)
    api = app.test_client()
    assert api.post(f"/api/v1/claims/{claim_id}/tasks/{task_id}/claim", json={},
                    headers=_token(app, "township")).status_code == 200
    f = sessions(app)
    with f() as s:
        li = users.actor_of(s.scalars(select(User).where(
            User.username == "township2")).one())
    with pytest.raises(ConflictError, match="held by 白阳镇审核员"), f.begin() as s:
        decisions.complete_task(s, runtime(app), li, claim_id, task_id, "approve")
    bulk = post(browser("township2"), "/workbench/bulk-approve", {"claim_ids": str(claim_id)},
                form_page="/workbench", follow_redirects=True)
    assert "白阳镇审核员" in bulk.get_data(as_text=True)  # skipped, and why
    assert _stage(app, claim_id) == "township_review"


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def test_two_reviewers_claiming_at_once_exactly_one_wins(app, browser):
    """Each round two reviewers claim one claim's task at the same moment (a barrier releases
    both requests): one gets it, the other is told who did; one row, the winner's. Before the
    unique task id and the compare-and-set both would have held it."""
    _second_township(app)
    wang, li = _token(app, "township"), _token(app, "township2")
    first, second = app.test_client(), app.test_client()
    winners = []
    for round_ in range(ROUNDS):
        claim_id, task_id = _claim(app, f"TZ-RACE{round_}")
        if round_ % 2:  # half the rounds race over an expired hold of a third party
            assert first.post(f"/api/v1/claims/{claim_id}/tasks/{task_id}/claim", json={},
                              headers=wang).status_code == 200
            app.extensions["test.clock"][0] += timedelta(minutes=31)
        path = f"/api/v1/claims/{claim_id}/tasks/{task_id}/claim"
        answers = _at_once(partial(first.post, path, json={}, headers=wang),
                           partial(second.post, path, json={}, headers=li))
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 409], [a.get_json() for a in answers]
        won = next(a for a in answers if a.status_code == 200).json["holder_name"]
        lost = next(a for a in answers if a.status_code == 409).json["fields"]["held_by"]
        assert won == lost  # the loser is told who holds it
        with sessions(app)() as s:
            rows = s.scalars(select(TaskHold).where(TaskHold.task_id == task_id)).all()
            assert len(rows) == 1 and rows[0].version == 1 + round_ % 2
        winners.append(won)
    assert set(winners) <= {"白阳镇审核员", "白阳镇李审核"}


def test_two_reviewers_opening_the_next_claim_at_once_get_different_claims(app, browser):
    """'Take the next free claim' by two reviewers at the same moment: never the same claim."""
    _second_township(app)
    wang, li = browser("township"), browser("township2")
    for round_ in range(ROUNDS // 3):
        ids = [_claim(app, f"TZ-NEXT{round_}-{i}")[0] for i in range(2)]
        tokens = [re.search(r'name="csrf_token" value="([^"]+)"',
                            u.get("/workbench").get_data(as_text=True)).group(1)
                  for u in (wang, li)]
        answers = _at_once(
            partial(wang.post, "/workbench/start", data={"csrf_token": tokens[0]}),
            partial(li.post, "/workbench/start", data={"csrf_token": tokens[1]}))
        opened = [int(re.search(r"/workbench/claims/(\d+)", a.headers["Location"]).group(1))
                  for a in answers]
        assert len(set(opened)) == 2, opened
        with sessions(app)() as s:
            holders = {h.claim_id: h.holder_id for h in s.scalars(select(TaskHold))
                       if h.claim_id in ids}
        assert set(holders) == set(ids) and len(set(holders.values())) == 2
        for claim_id in ids:  # done with them: both decided, the queue is empty again
            task = next(t for t in _tasks(app, claim_id))
            holder = wang if holders[claim_id] == _user_id(app, "township") else li
            assert _decide_page(holder, claim_id, task).status_code == 302


def _tasks(app: Flask, claim_id: int) -> list[str]:
    with sessions(app)() as s:
        return list(s.scalars(select(HumanTask.task_id).where(HumanTask.claim_id == claim_id)))


def _user_id(app: Flask, username: str) -> int:
    with sessions(app)() as s:
        return s.scalars(select(User.id).where(User.username == username)).one()


def test_a_take_over_keeps_its_note_as_a_phrase_the_api_as_english(app, browser):
    """The timeline note is stored with its phrase (the audit chain keeps rows as written, so
    it is kept when recorded): the page says it from the phrase, the API gives the English and
    no `changes`, as it always has."""
    _second_township(app)
    claim_id, task_id = _claim(app, "TZ-NOTE")
    wang, li = browser("township"), browser("township2")
    assert post(wang, f"/workbench/claims/{claim_id}/hold", {"task_id": task_id},
                form_page=f"/workbench/claims/{claim_id}").status_code == 302
    assert post(li, f"/workbench/claims/{claim_id}/hold", {"task_id": task_id,
                                                           "take_over": "1"},
                form_page=f"/workbench/claims/{claim_id}").status_code == 302
    with sessions(app)() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id,
                                                   AuditEvent.action == "taken_over")).one()
        assert event.comment == "held by 白阳镇审核员 until 2026-11-02 17:30"
        assert event.changes == {"said": {"t": "held by %(holder)s until %(until)s",
                                          "v": [["holder", "白阳镇审核员"],
                                                ["until", "2026-11-02 17:30"]]}}
    detail = app.test_client().get(f"/api/v1/claims/{claim_id}",
                                   headers=_token(app, "township2"))
    [entry] = [e for e in detail.json["timeline"] if e["action"] == "taken_over"]
    assert (entry["comment"], entry["changes"]) == (
        "held by 白阳镇审核员 until 2026-11-02 17:30", None)
    timeline = li.get(f"/workbench/claims/{claim_id}").get_data(as_text=True)
    assert "由白阳镇审核员办理至 2026-11-02 17:30" in timeline
