"""Striking workers out of an enterprise's roster through the API (issue 19 item 3): a reviewer
approves the rest; the struck worker stays on record (who, when, why, in the timeline), is not
paid (acceptance sums the rest, the notice lists the rest, the payment pays the rest) and is
free to be claimed on another claim. Refusals come back per field. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from tests.integration.api.conftest import claim_body
from tests.integration.api.test_enterprise_claims import STRONG, as_enterprise, roster, worker
from tests.integration.api.test_enterprise_rosters_of_packs import _file_class, trainee
from tests.integration.api.test_pack_claims_api import ALL
from tests.integration.helpers import publish
from web.db import runtime, sessions
from workflow.persistence.models import Claim, NoticeEntry, RosterRow, User
from workflow.services import payments, timers
from workflow.services.users import actor_of


def _task(client, headers: dict[str, str], claim_id: int) -> dict[str, Any]:
    shown = client.get(f"/api/v1/claims/{claim_id}", headers=headers)
    assert shown.status_code == 200, shown.json
    [task] = shown.json["tasks"]
    return task


def _decide(client, headers: dict[str, str], claim_id: int, decision: str = "approve",
            **body: Any) -> Any:
    task = _task(client, headers, claim_id)
    return client.post(f"/api/v1/claims/{claim_id}/tasks/{task['task_id']}", headers=headers,
                       json={"decision": decision, **body})


def _filed(client, n: int = 0, workers: tuple[int, ...] = (0, 1, 2)) -> int:
    filed = client.post("/api/v1/enterprise/claims", headers=as_enterprise(client, n),
                        json=roster(*(worker(w) for w in workers)))
    assert filed.status_code == 201, filed.json
    return int(filed.json["id"])


def _rows(app, claim_id: int) -> list[RosterRow]:
    with sessions(app)() as s:
        return list(s.scalars(select(RosterRow).where(RosterRow.claim_id == claim_id)
                              .order_by(RosterRow.row_number)))


def test_a_struck_worker_stays_on_record_and_is_not_paid(app, client, login):
    claim_id = _filed(client)
    township = login("township")
    shown = client.get(f"/api/v1/claims/{claim_id}", headers=township).json
    assert [w["row"] for w in shown["roster"]] == [2, 3, 4]  # what the reviewer strikes by
    answer = _decide(client, township, claim_id, strikes=[
        {"row": 4, "reason": "该职工未在本企业就业"}])
    assert answer.status_code == 200, answer.json
    struck = {w["row"]: w["struck"] for w in answer.json["roster"]}
    assert struck[2] is None and struck[3] is None
    assert struck[4]["reason"] == "该职工未在本企业就业"
    assert struck[4]["stage"] == "township_review"
    [event] = [e for e in answer.json["timeline"] if e["action"] == "struck"]
    assert "row 4" in event["comment"] and "该职工未在本企业就业" in event["comment"]
    with sessions(app)() as s:
        township_id = s.scalar(select(User.id).where(User.username == "township"))
    row = _rows(app, claim_id)[2]
    assert (row.struck_by, row.struck_reason, row.amount_fen) == (
        township_id, "该职工未在本企业就业", 0)
    assert row.struck_at is not None
    # The enterprise sees the worker struck out, and why.
    mine = client.get(f"/api/v1/enterprise/claims/{claim_id}",
                      headers=as_enterprise_again(client))
    assert [w["struck"]["reason"] for w in mine.json["roster"] if w["struck"]] == [
        "该职工未在本企业就业"]
    assert _decide(client, login("hr_department"), claim_id).status_code == 200
    bureau = login("bureau")
    assert _decide(client, bureau, claim_id).status_code == 200
    with sessions(app)() as s:
        claim = s.get(Claim, claim_id)
        assert claim.amount_fen == 2 * 150_000  # the two left, not three
        assert "2 worker(s)" in claim.amount_rule
    f, rt = sessions(app), runtime(app)
    with f() as s:
        bureau_actor = actor_of(s.scalar(select(User).where(User.username == "bureau")))
    batch = publish(f, rt, bureau_actor)
    with f() as s:
        lines = s.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch.id)).all()
        assert sorted(e.name for e in lines) == ["工人0", "工人1"]  # not 工人2, struck
    timers.fire_due(f, rt, batch.closes_at)
    app.extensions["test.clock"][0] = batch.closes_at + timedelta(minutes=1)
    with f.begin() as s:
        finance = actor_of(s.scalar(select(User).where(User.username == "finance")))
        paying = payments.create_batch(s, finance, rt.clock())
        assert (paying.line_count, paying.total_fen) == (1, 300_000)


def as_enterprise_again(client) -> dict[str, str]:
    """The enterprise of `_filed(client, 0)` logged in again."""
    answer = client.post("/api/v1/auth/login", json={"username": "firm0", "password": STRONG})
    return {"Authorization": f"Bearer {answer.json['token']}"}


def test_bad_strikes_are_refused_per_field_and_change_nothing(app, client, login):
    claim_id = _filed(client)
    township = login("township")
    cases = [([{"row": 3, "reason": "  "}], "strike_3", "reason is required"),
             ([{"row": 9, "reason": "查无此人"}], "strike_9", "not on this claim"),
             ([{"row": 3, "reason": "重复"}, {"row": 3, "reason": "重复"}], "strike_3",
              "named twice"),
             ([{"row": n, "reason": "不符合"} for n in (2, 3, 4)], "strikes",
              "reject the claim instead")]
    for strikes, field, message in cases:
        answer = _decide(client, township, claim_id, strikes=strikes)
        assert answer.status_code == 422, answer.json
        assert message in answer.json["fields"][field], answer.json
    rejecting = _decide(client, township, claim_id, "reject", comment="材料不全",
                        strikes=[{"row": 3, "reason": "不符合"}])
    assert rejecting.status_code == 422 and "only when approving" in rejecting.json["fields"][
        "strikes"]
    assert all(r.struck_at is None and r.slot is not None for r in _rows(app, claim_id))
    assert _task(client, township, claim_id)["form"] == "review"  # still open, undecided
    # A struck row cannot be struck again at the next review.
    assert _decide(client, township, claim_id, strikes=[
        {"row": 3, "reason": "不符合"}]).status_code == 200
    again = _decide(client, login("hr_department"), claim_id, strikes=[
        {"row": 3, "reason": "不符合"}])
    assert again.status_code == 422 and "already struck" in again.json["fields"]["strike_3"]


def test_no_strike_once_the_amount_is_fixed_nor_on_a_persons_claim(app, client, login):
    claim_id = _filed(client)
    for who in ("township", "hr_department", "bureau"):
        assert _decide(client, login(who), claim_id).status_code == 200
    with sessions(app)() as s:
        bureau = actor_of(s.scalar(select(User).where(User.username == "bureau")))
    # On notice the bureau's task is the objection review or none; payment's is finance's.
    batch = publish(sessions(app), runtime(app), bureau)
    timers.fire_due(sessions(app), runtime(app), batch.closes_at)
    paying = _decide(client, login("finance"), claim_id, "paid",
                     strikes=[{"row": 3, "reason": "不符合"}])
    assert paying.status_code == 422 and "strikes" in paying.json["fields"]
    assert all(r.struck_at is None for r in _rows(app, claim_id))
    person = client.post("/api/v1/claims", headers=login("applicant"), json=claim_body())
    assert person.status_code == 201, person.json
    answer = _decide(client, login("township"), person.json["id"],
                     strikes=[{"row": 2, "reason": "不符合"}])
    assert answer.status_code == 422 and "not on this claim" in answer.json["fields"][
        "strike_2"]


def test_a_struck_workers_slot_is_freed_for_another_claim(app, client, login):
    claim_id = _filed(client, 0, (0, 1))
    other = as_enterprise(client, 1)
    before = client.post("/api/v1/enterprise/claims", headers=other, json=roster(worker(1)))
    assert before.status_code == 422  # counted on the first claim
    assert _decide(client, login("township"), claim_id, strikes=[
        {"row": 3, "reason": "该职工已由其他企业申报"}]).status_code == 200
    after = client.post("/api/v1/enterprise/claims", headers=other, json=roster(worker(1)))
    assert after.status_code == 201, after.json
    # Counted once: on the other claim; the first keeps the struck row on record.
    assert [r.slot for r in _rows(app, claim_id)] == ["work_for_training", None]
    assert _rows(app, int(after.json["id"]))[0].slot == "work_for_training"


def test_a_huzhou_class_is_recomputed_without_its_struck_trainee(app, client, login):
    """004 二 4 (整班在我市就业率达到80%以上的，按全班学员人数享受补贴): 4 of 5 employed pays all 5;
    once an employed trainee is struck out the class (as filed, 5) has 3 employed, 60%: only
    the 3 are paid. A strike leaving no one paid is refused: reject the claim instead."""
    app.config["POLICY_PACKS"] = ALL
    whole = _file_class(client, as_enterprise(client, 0),
                        [trainee(n, employed=n != 4) for n in range(5)])
    assert whole.status_code == 201, whole.json
    assert [w["amount_fen"] for w in whole.json["roster"]] == [40_000] * 5
    department = login("hr_department")
    struck = _decide(client, department, whole.json["id"], strikes=[
        {"row": 2, "reason": "该学员未在湖州就业"}])
    assert struck.status_code == 200, struck.json
    assert [w["amount_fen"] for w in struck.json["roster"]] == [0] + [40_000] * 3 + [0]
    accepted = _decide(client, login("bureau"), whole.json["id"])
    assert accepted.status_code == 200 and accepted.json["amount_fen"] == 3 * 40_000
    few = _file_class(client, as_enterprise(client, 1),
                      [trainee(5), trainee(6, employed=False)])
    assert [w["amount_fen"] for w in few.json["roster"]] == [40_000, 0]
    nobody = _decide(client, department, few.json["id"], strikes=[
        {"row": 2, "reason": "该学员未在湖州就业"}])
    assert nobody.status_code == 422 and "no worker left on this roster is paid" in nobody.json[
        "fields"]["strikes"]
    assert all(r.struck_at is None for r in _rows(app, few.json["id"]))
