"""Enterprise payees through HTTP (issue 19 item 3, Pengyang 003 二(四) 以工代训): an enterprise
registers with its credit code, files a roster, the claim runs the one lifecycle and the bank
file pays the enterprise once; a worker is counted once, also when two enterprises file at the
same moment; an enterprise sees only its own claims. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from tests.integration.helpers import actors_of, decide, publish
from web.db import runtime, sessions
from workflow.persistence.models import Claim, Enterprise, NoticeEntry, RosterRow
from workflow.services import payments, timers, users

STRONG = "river stone lantern 42"
CODES = ("91640425MA76XXXX0T", "91640425MA76YYYY0G")
WORKERS = ("640425199001011238", "640425199202022347", "640425199503033453")


def enterprise_body(n: int = 0, **overrides: Any) -> dict[str, Any]:
    name = f"彭阳县示范企业{n}有限公司"
    return {"username": f"firm{n}", "password": STRONG, "name": name,
            "credit_code": CODES[n], "township": "baiyang", "phone": "13900000000",
            "bank_name": "宁夏银行彭阳支行", "account_number": f"62284800000000099{n}0",
            "account_holder": name, **overrides}


def worker(n: int, **overrides: str) -> dict[str, str]:
    # NOW is 2026-11-02: training of 31 days ended in October, employed since July.
    return {"full_name": f"工人{n}", "id_number": WORKERS[n], "training_start": "2026-09-01",
            "training_end": "2026-10-01", "certificate_number": f"JY-2026-{n}",
            "employed_since": "2026-07-01", **overrides}


def roster(*rows: dict[str, str]) -> dict[str, Any]:
    return {"roster_kind": "work_for_training", "attested": True, "rows": list(rows)}


def as_enterprise(client, n: int = 0, body: dict[str, Any] | None = None) -> dict[str, str]:
    answer = client.post("/api/v1/enterprises", json=body or enterprise_body(n))
    assert answer.status_code == 201, answer.json
    answer = client.post("/api/v1/auth/login", json={"username": f"firm{n}",
                                                     "password": STRONG})
    assert answer.status_code == 200, answer.json
    return {"Authorization": f"Bearer {answer.json['token']}"}


def test_registration_checks_the_credit_code_and_seals_the_account(app, client):
    bad = client.post("/api/v1/enterprises", json=enterprise_body(
        credit_code="91640425MA76XXXX0X", account_holder="别人"))
    assert bad.status_code == 422
    assert "credit code" in bad.json["fields"]["credit_code"]
    assert "held by the enterprise" in bad.json["fields"]["account_holder"]
    good = client.post("/api/v1/enterprises", json=enterprise_body())
    assert good.status_code == 201
    assert good.json["account_number"] != enterprise_body()["account_number"]  # masked
    again = client.post("/api/v1/enterprises", json=enterprise_body(username="firm9"))
    assert again.status_code == 422 and "already registered" in again.json["fields"][
        "credit_code"]
    with sessions(app)() as s:
        stored = s.scalar(select(Enterprise))
        raw = s.connection().exec_driver_sql(
            "SELECT account_number FROM enterprises").scalar_one()
        assert stored.account_number == "6228480000000009900" and "6228" not in raw
        assert stored.account_number_hash


def test_each_bad_row_is_refused_by_row_and_column_and_nothing_is_saved(app, client):
    headers = as_enterprise(client)
    answer = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(
        worker(0), worker(1, training_end="2026-09-20", id_number="640425199202022348"),
        worker(2, employed_since="2026-09-01"), worker(0)))
    assert answer.status_code == 422
    found = {(e["row"], e["column"]) for e in answer.json["rows"]}
    assert found == {(3, "id_number"), (4, "employed_since"), (5, "id_number")}
    ok_ids = worker(1, training_end="2026-09-20")
    short = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(ok_ids))
    assert [(e["row"], e["column"]) for e in short.json["rows"]] == [(2, "training_end")]
    unattested = client.post("/api/v1/enterprise/claims", headers=headers,
                             json={**roster(worker(0)), "attested": False})
    assert unattested.status_code == 422 and "attested" in unattested.json["fields"]
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(Claim)) == 0
        assert s.scalar(select(func.count()).select_from(RosterRow)) == 0


def test_the_claim_runs_the_lifecycle_and_pays_the_enterprise_once(app, client):
    headers = as_enterprise(client)
    filed = client.post("/api/v1/enterprise/claims", headers=headers,
                        json=roster(worker(0), worker(1)))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert all(w["id_number"] not in WORKERS and w["id_number"][-4:] in ("1238", "2347")
               for w in filed.json["roster"])  # masked
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    for reviewer in ("township", "hr_department", "bureau"):
        decide(f, rt, a[reviewer], claim_id, "approve")
    with f() as s:
        claim = s.get(Claim, claim_id)
        assert claim.amount_fen == 2 * 150_000 and claim.payee_kind == "enterprise"
        assert "003 二(四)" in claim.amount_rule
    batch = publish(f, rt, a["bureau"])
    with f() as s:  # one line per worker, naming the enterprise paid and its credit code
        lines = s.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch.id)
                          .order_by(NoticeEntry.row_number)).all()
        assert [(e.name, e.masked_id[-4:], e.amount_fen) for e in lines] == [
            ("工人0", "1238", 150_000), ("工人1", "2347", 150_000)]
        assert all(e.masked_id not in WORKERS and "彭阳县示范企业0有限公司（91640425MA76XXXX0T）"
                   in e.certificate for e in lines)
        # The notice is Chinese only: the subsidy in the clause's words, no English title.
        assert all(e.certificate.startswith("以工代训，付企业：") for e in lines)
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
        _, rows = payments.export_payments(s, a["finance"], batch_id, rt.clock())
    [line] = rows
    assert (line.payee_name, line.account_number, line.amount_fen) == (
        "彭阳县示范企业0有限公司", "6228480000000009900", 300_000)


def test_a_worker_is_counted_in_one_claim_only(app, client):
    first, other = as_enterprise(client, 0), as_enterprise(client, 1)
    assert client.post("/api/v1/enterprise/claims", headers=first,
                       json=roster(worker(0))).status_code == 201
    again = client.post("/api/v1/enterprise/claims", headers=other,
                        json=roster(worker(1), worker(0)))
    assert again.status_code == 422
    assert [(e["row"], e["column"]) for e in again.json["rows"]] == [(3, "id_number")]
    assert "already counted" in again.json["rows"][0]["message"]
    assert "示范企业0" not in str(again.json)  # the other enterprise is not named


def test_two_enterprises_filing_one_worker_at_once_count_it_once(app):
    clients = [app.test_client(), app.test_client()]
    heads = [as_enterprise(clients[n], n) for n in range(2)]
    barrier, answers = threading.Barrier(2), [0, 0]

    def file(n: int) -> None:
        barrier.wait()
        answers[n] = clients[n].post("/api/v1/enterprise/claims", headers=heads[n],
                                     json=roster(worker(2))).status_code

    threads = [threading.Thread(target=file, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) in ([201, 422], [201, 409], [201, 503])
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(RosterRow)) == 1
        assert s.scalar(select(func.count()).select_from(Claim)) == 1


def test_an_enterprise_sees_only_its_own_claims(app, client):
    first, other = as_enterprise(client, 0), as_enterprise(client, 1)
    claim_id = client.post("/api/v1/enterprise/claims", headers=first,
                           json=roster(worker(0))).json["id"]
    assert client.get(f"/api/v1/enterprise/claims/{claim_id}", headers=first).status_code == 200
    assert client.get(f"/api/v1/enterprise/claims/{claim_id}", headers=other).status_code == 404
    assert client.get(f"/api/v1/claims/{claim_id}", headers=other).status_code in (403, 404)


def apprentice(n: int, level: str, year: str = "2026", **overrides: str) -> dict[str, str]:
    return {"full_name": f"学徒{n}", "id_number": WORKERS[n], "level": level,
            "training_year": year, "certificate_number": f"ZJ-{n}",
            "certificate_issued_on": "2026-10-15", **overrides}


def test_apprentices_are_paid_to_the_enterprise_by_level_once_a_year(app, client):
    """003 二(五) 企业新型学徒制: 高级工 8000, 技师 11000, 高级技师 15000 yuan per person a year."""
    headers = as_enterprise(client)
    body = {"roster_kind": "apprenticeship", "attested": True}
    bad = client.post("/api/v1/enterprise/claims", headers=headers, json={**body, "rows": [
        apprentice(0, "中级工"), apprentice(1, "技师", "2029")]})
    assert bad.status_code == 422
    assert {(e["row"], e["column"]) for e in bad.json["rows"]} == {(2, "level"),
                                                                   (3, "training_year")}
    filed = client.post("/api/v1/enterprise/claims", headers=headers, json={**body, "rows": [
        apprentice(0, "高级工"), apprentice(1, "技师"), apprentice(2, "高级技师")]})
    assert filed.status_code == 201, filed.json
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    for reviewer in ("township", "hr_department", "bureau"):
        decide(f, rt, a[reviewer], filed.json["id"], "approve")
    with f() as s:
        claim = s.get(Claim, filed.json["id"])
        assert claim.amount_fen == 800_000 + 1_100_000 + 1_500_000
        assert "003 二(五)" in claim.amount_rule
    same_year = client.post("/api/v1/enterprise/claims", headers=headers, json={
        **body, "rows": [apprentice(0, "技师")]})
    assert same_year.status_code == 422 and same_year.json["rows"][0]["column"] == "id_number"
    # Another year is another subsidy; and 以工代训 is a subsidy of its own.
    app.extensions["test.clock"][0] = app.extensions["test.clock"][0].replace(year=2027)
    headers = {"Authorization": "Bearer " + client.post("/api/v1/auth/login", json={
        "username": "firm0", "password": STRONG}).json["token"]}  # a year on: a new token
    assert client.post("/api/v1/enterprise/claims", headers=headers, json={
        **body, "rows": [apprentice(0, "技师", "2027")]}).status_code == 201
    assert client.post("/api/v1/enterprise/claims", headers=headers,
                       json=roster(worker(0))).status_code == 201


def test_a_rejected_claim_gives_its_workers_back(app, client):
    """A worker of a claim the township rejected may be filed again (the claim paid nobody)."""
    headers = as_enterprise(client)
    claim_id = client.post("/api/v1/enterprise/claims", headers=headers,
                           json=roster(worker(0))).json["id"]
    f, rt = sessions(app), runtime(app)
    decide(f, rt, actors_of(f)["township"], claim_id, "reject", "结业证书不实")
    again = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(worker(0)))
    assert again.status_code == 201, again.json
    with f() as s:
        assert s.scalar(select(func.count()).select_from(RosterRow).where(
            RosterRow.slot.is_not(None))) == 1


def test_an_enterprise_withdraws_its_claim_and_its_workers_are_free(app, client):
    """An enterprise withdraws its own roster claim before acceptance (as an applicant does);
    its workers may be filed again, another enterprise cannot withdraw it (404)."""
    headers, other = as_enterprise(client, 0), as_enterprise(client, 1)
    claim_id = client.post("/api/v1/enterprise/claims", headers=headers,
                           json=roster(worker(0))).json["id"]
    assert client.post(f"/api/v1/claims/{claim_id}/withdraw", headers=other,
                       json={"reason": "x"}).status_code == 404
    taken = client.post("/api/v1/enterprise/claims", headers=other, json=roster(worker(0)))
    assert taken.status_code == 422  # still counted on the first claim
    gone = client.post(f"/api/v1/claims/{claim_id}/withdraw", headers=headers,
                       json={"reason": "名单有误，重新申报"})
    assert gone.status_code == 200, gone.json
    assert gone.json["status"] == "withdrawn"
    again = client.post("/api/v1/enterprise/claims", headers=other, json=roster(worker(0)))
    assert again.status_code == 201, again.json
