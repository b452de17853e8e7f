"""A returned roster claim corrected by its enterprise through HTTP (issue 19 item 3): the
enterprise reads why it was returned, sends a corrected roster checked as at filing, and the
claim goes back to the reviewer who returned it; workers dropped are freed, new ones taken, a
worker another live claim counts is refused, also when both happen at the same moment;
acceptance, the notice and the payment use the corrected rows. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from stdnum.cn import ric

from tests.integration.api.test_enterprise_claims import as_enterprise, roster, worker
from tests.integration.helpers import actors_of, decide, publish
from web.db import runtime, sessions
from workflow.persistence.models import AuditEvent, Claim, NoticeEntry, RosterRow
from workflow.services import corrections, enterprise_claims, payments, timers, users

RETURNED = "工人1的结业证书编号有误，请更正后重新提交"


def other_worker(n: int, **overrides: str) -> dict[str, str]:
    """A worker beyond test_enterprise_claims' three, with a valid ID number of their own."""
    body = f"64042519880808{n:03d}"
    return worker(0, full_name=f"新工人{n}", certificate_number=f"JY-NEW-{n}",
                  id_number=body + ric.calc_check_digit(body + "0"), **overrides)


def correct(client, headers: dict[str, str], claim_id: int, *rows: dict[str, str],
            **extra: Any) -> Any:
    return client.post(f"/api/v1/enterprise/claims/{claim_id}/roster", headers=headers,
                       json={"rows": list(rows), **extra})


def returned_claim(app, client, by: str = "hr_department", n: int = 0,
                   rows: tuple[dict[str, str], ...] = ()) -> tuple[dict[str, str], int]:
    """Enterprise n's claim for workers 0 and 1 (or `rows`), returned by `by` with RETURNED."""
    headers = as_enterprise(client, n)
    filed = client.post("/api/v1/enterprise/claims", headers=headers,
                        json=roster(*(rows or (worker(0), worker(1)))))
    assert filed.status_code == 201, filed.json
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    if by == "hr_department":
        decide(f, rt, a["township"], filed.json["id"], "approve")
    decide(f, rt, a[by], filed.json["id"], "return", RETURNED)
    return headers, filed.json["id"]


def workers_of(app, claim_id: int) -> list[str]:
    with sessions(app)() as s:
        return [r.id_number for r in s.scalars(select(RosterRow).where(
            RosterRow.claim_id == claim_id).order_by(RosterRow.row_number))]


def test_a_corrected_roster_is_reviewed_again_and_is_what_is_paid(app, client):
    """Returned by the department, a roster naming a new worker goes through the township's
    identity review first (003 三(三)), as a person's changed identity does."""
    headers, claim_id = returned_claim(app, client)
    mine = client.get("/api/v1/enterprise/claims", headers=headers).json["items"]
    assert [(c["id"], c["stage"], c["returned"]["comment"]) for c in mine] == [
        (claim_id, "correction", RETURNED)]
    one = client.get(f"/api/v1/enterprise/claims/{claim_id}", headers=headers).json
    assert one["returned"]["comment"] == RETURNED and one["returned"]["stage"] == \
        "department_review"
    new = other_worker(1)
    fixed = correct(client, headers, claim_id, worker(0), new, comment="已更正")
    assert fixed.status_code == 200, fixed.json
    assert fixed.json["stage"] == "township_review" and fixed.json["returned"] is None
    assert [w["full_name"] for w in fixed.json["roster"]] == ["工人0", "新工人1"]
    assert workers_of(app, claim_id) == [worker(0)["id_number"], new["id_number"]]
    with sessions(app)() as s:  # the timeline says what changed
        event = s.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id,
                                                   AuditEvent.decision == "resubmit")).one()
        assert event.changes["workers"] == {"from": 2, "to": 2, "added": 1, "removed": 1}
        assert event.comment == "已更正"
        routed = s.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id,
                                                    AuditEvent.action == "routed")).one()
        assert routed.comment == corrections.TO_TOWNSHIP
    # Worker 1, dropped, is free: another enterprise files them.
    other = as_enterprise(client, 1)
    assert client.post("/api/v1/enterprise/claims", headers=other,
                       json=roster(worker(1))).status_code == 201
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    for reviewer in ("township", "hr_department", "bureau"):
        decide(f, rt, a[reviewer], claim_id, "approve")
    with f() as s:
        assert s.get(Claim, claim_id).amount_fen == 2 * 150_000
    batch = publish(f, rt, a["bureau"], (claim_id,))
    with f() as s:
        assert [e.name for e in s.scalars(select(NoticeEntry).where(
            NoticeEntry.batch_id == batch.id).order_by(NoticeEntry.row_number))] == [
            "工人0", "新工人1"]
    timers.fire_due(f, rt, batch.closes_at)
    app.extensions["test.clock"][0] = batch.closes_at + timedelta(minutes=1)
    with f.begin() as s:
        second = users.actor_of(users.create_user(s, "finance2", "correct horse",
                                                  "finance_officer", "财务复核", rt.clock()))
    with f.begin() as s:
        paying = payments.create_batch(s, a["finance"], rt.clock())
        assert (paying.line_count, paying.total_fen) == (1, 300_000)
        batch_id = paying.id
    with f.begin() as s:
        payments.approve_batch(s, second, batch_id, rt.clock())
    with f.begin() as s:
        _, lines = payments.export_payments(s, a["finance"], batch_id, rt.clock())
    assert [(line.payee_name, line.amount_fen) for line in lines] == [
        ("彭阳县示范企业0有限公司", 300_000)]


def test_a_refused_roster_changes_nothing_and_says_each_row(app, client):
    headers, claim_id = returned_claim(app, client, by="township")
    bad = correct(client, headers, claim_id, worker(0),
                  other_worker(1, training_end="2026-09-10"), worker(0))
    assert bad.status_code == 422
    assert {(e["row"], e["column"]) for e in bad.json["rows"]} == {(3, "training_end"),
                                                                   (4, "id_number")}
    empty = correct(client, headers, claim_id)
    assert empty.status_code == 422 and empty.json["rows"][0]["column"] == "roster"
    assert workers_of(app, claim_id) == [worker(0)["id_number"], worker(1)["id_number"]]
    shown = client.get(f"/api/v1/enterprise/claims/{claim_id}", headers=headers).json
    assert shown["stage"] == "correction" and shown["returned"]["comment"] == RETURNED
    # Returned by the township: back to the township.
    fixed = correct(client, headers, claim_id, worker(0), worker(1), worker(2))
    assert fixed.status_code == 200 and fixed.json["stage"] == "township_review"


def test_a_worker_another_live_claim_counts_is_refused(app, client):
    other = as_enterprise(client, 1)
    assert client.post("/api/v1/enterprise/claims", headers=other,
                       json=roster(worker(2))).status_code == 201
    headers, claim_id = returned_claim(app, client)
    refused = correct(client, headers, claim_id, worker(0), worker(2))
    assert refused.status_code == 422
    assert [(e["row"], e["column"]) for e in refused.json["rows"]] == [(3, "id_number")]
    assert "already counted" in refused.json["rows"][0]["message"]
    assert "示范企业1" not in str(refused.json)  # the other enterprise is not named
    assert workers_of(app, claim_id) == [worker(0)["id_number"], worker(1)["id_number"]]
    # Its own workers are not "another claim's": kept on the corrected roster.
    assert correct(client, headers, claim_id, worker(1), worker(0)).status_code == 200


def test_only_the_enterprise_corrects_and_only_a_returned_claim(app, client):
    headers, claim_id = returned_claim(app, client)
    other = as_enterprise(client, 1)
    assert correct(client, other, claim_id, worker(0)).status_code == 404
    assert client.get(f"/api/v1/enterprise/claims/{claim_id}", headers=other).status_code == 404
    dropped = correct(client, headers, claim_id, worker(0))
    # Only a worker dropped: no identity new to the township, straight back to the department.
    assert dropped.status_code == 200 and dropped.json["stage"] == "department_review"
    again = correct(client, headers, claim_id, worker(0))  # back with the department now
    assert again.status_code == 409 and "not waiting for correction" in again.json["message"]
    assert workers_of(app, claim_id) == [worker(0)["id_number"]]
    # A stale version (the claim changed since the enterprise read it) is refused too.
    f, rt = sessions(app), runtime(app)
    decide(f, rt, actors_of(f)["hr_department"], claim_id, "return", RETURNED)
    stale = correct(client, headers, claim_id, worker(1), version=1)
    assert stale.status_code == 409
    assert workers_of(app, claim_id) == [worker(0)["id_number"]]


def test_a_correction_and_another_filing_of_one_worker_at_once_leave_one_holder(app):
    _race(app)


def test_when_both_checked_before_either_stored_the_constraint_keeps_one_holder(app,
                                                                               monkeypatch):
    """Both requests find the worker free before either stores its rows (the pre-check held
    until the other has checked too): the unique slot constraint refuses the second. SQLite
    runs one writer at a time, so there the second waits and its pre-check refuses it."""
    from workflow.services import roster_revisions  # the correction's pre-check

    meet = threading.Barrier(2)

    def checked_then_wait(check):
        def wrapper(*args: Any, **kw: Any) -> Any:
            found = check(*args, **kw)
            try:
                meet.wait(timeout=3)
            except threading.BrokenBarrierError:
                pass  # one writer at a time (SQLite): the other waits for the lock instead
            return found
        return wrapper

    monkeypatch.setattr(enterprise_claims, "counted", checked_then_wait(
        enterprise_claims.counted))
    monkeypatch.setattr(roster_revisions, "counted", checked_then_wait(roster_revisions.counted))
    _race(app)


def _race(app) -> None:
    clients = [app.test_client(), app.test_client()]
    headers, claim_id = returned_claim(app, clients[0])
    other = as_enterprise(clients[1], 1)
    barrier, answers = threading.Barrier(2), [0, 0]

    def send(n: int) -> None:
        barrier.wait()
        if n == 0:
            answers[0] = correct(clients[0], headers, claim_id, worker(0),
                                 worker(2)).status_code
        else:
            answers[1] = clients[1].post("/api/v1/enterprise/claims", headers=other,
                                         json=roster(worker(2))).status_code

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # One wins; the other is refused (422 counted, or 409/503 where the database made it wait
    # and then gave up): never both.
    assert sorted(answers) in ([200, 422], [201, 422], [200, 409], [201, 409], [200, 503],
                               [201, 503]), answers
    with sessions(app)() as s:
        holders = [r.claim_id for r in s.scalars(select(RosterRow))
                   if r.id_number == worker(2)["id_number"]]
        stage = s.get(Claim, claim_id).stage
    assert len(holders) == 1
    mine = workers_of(app, claim_id)
    if holders == [claim_id]:  # the correction won: the whole corrected roster
        assert mine == [worker(0)["id_number"], worker(2)["id_number"]]
        assert stage == "township_review"  # a new worker: identity reviewed first
    else:  # the filing won: the claim is as it was, still waiting for its correction
        assert mine == [worker(0)["id_number"], worker(1)["id_number"]]
        assert stage == "correction"


def test_a_corrected_industry_is_reviewed_by_its_own_department(app, client, login):
    """Huzhou 004 二 5: the roster's industry names the department that reviews it; a roster
    corrected to another industry goes to that department (no township in Huzhou's pack), the
    rows checked by the kind's own rules as at filing."""
    from tests.integration.api.test_claims_api import _decide
    from tests.integration.api.test_enterprise_rosters_of_packs import (
        HZ,
        _reviewer,
        apprentice,
    )
    from tests.integration.api.test_pack_claims_api import ALL

    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    _reviewer(app, "economy", "hz_economy")
    _reviewer(app, "commerce", "hz_commerce")
    headers = as_enterprise(client)
    filed = client.post("/api/v1/enterprise/claims", headers=headers, json={
        "roster_kind": HZ, "attested": True, "rows": [apprentice(0), apprentice(1)]})
    assert filed.status_code == 201 and filed.json["department"] == "hz_economy", filed.json
    claim_id = filed.json["id"]
    assert _decide(client, login("economy"), claim_id, "return", RETURNED).status_code == 200
    bad = correct(client, headers, claim_id, apprentice(0, industry="电子商务"),
                  apprentice(1, worker_type="临时工", industry="电子商务"))
    assert bad.status_code == 422
    assert [(e["row"], e["column"]) for e in bad.json["rows"]] == [(3, "worker_type")]
    fixed = correct(client, headers, claim_id, apprentice(0, industry="电子商务"))
    assert fixed.status_code == 200, fixed.json
    assert (fixed.json["stage"], fixed.json["department"]) == ("department_review",
                                                               "hz_commerce")
    assert _decide(client, login("commerce"), claim_id, "approve").status_code == 200
