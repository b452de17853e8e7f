"""Huzhou 004 二 4 其余50% through HTTP (issue 19 item 3): the employer that was paid the first
50% for its class files the rest for each trainee still employed in Huzhou 6 months after
starting work: 400 yuan a trainee, never the whole class, only trainees the first filing
counted as employed, each once (also when two filings race), after the first claim is paid,
and once 6 months of work have passed. On SQLite and PostgreSQL (the app fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_enterprise_claims import STRONG, as_enterprise
from tests.integration.api.test_enterprise_rosters_of_packs import (
    _accept,
    _file_class,
    id_of,
    trainee,
)
from tests.integration.api.test_pack_claims_api import ALL
from tests.integration.helpers import at_once
from web.db import sessions
from workflow.persistence.models import Claim, NoticeEntry, RosterRow

SECOND = "hz_directed_training_second"
CLASS_OF_FIVE = [trainee(0), trainee(1), trainee(2), trainee(3, employed_on="2026-09-15"),
                 trainee(4, employed=False)]  # 4 of 5 employed: the first 50% pays all 5


def still(n: int, employed_on: str = "2026-06-01", **overrides: str) -> dict[str, str]:
    return {"full_name": f"学员{n}", "id_number": id_of(n), "employed_on": employed_on,
            "still_employed": "是", "employer": "湖州某汽车零部件有限公司", **overrides}


def file_second(client, headers, follows: Any, *rows: dict[str, str]) -> Any:
    return client.post("/api/v1/enterprise/claims", headers=headers, json={
        "roster_kind": SECOND, "attested": True, "rows": list(rows), "follows": follows})


def at(app, day: datetime) -> None:
    app.extensions["test.clock"][0] = day


def firm(client, n: int = 0) -> dict[str, str]:
    """The enterprise signed in afresh (its token lapses when the clock moves on)."""
    answer = client.post("/api/v1/auth/login", json={"username": f"firm{n}",
                                                     "password": STRONG})
    assert answer.status_code == 200, answer.json
    return {"Authorization": f"Bearer {answer.json['token']}"}


def publish(app, client, bureau, claim_id: int) -> dict[str, Any]:
    answer = client.post("/api/v1/notices", headers=bureau, json={
        "starts_on": app.extensions["test.clock"][0].date().isoformat(),
        "contact_office": "区人社局就业科", "contact_phone": "0572-2000000",
        "contact_address": "湖州市吴兴区", "claim_ids": [claim_id]})
    assert answer.status_code == 201, answer.json
    return answer.json


def pay(app, client, login, claim_id: int) -> None:
    """Accept, publish, let the notice window close and record the payment, as the bureau and
    the finance officer do."""
    accepted = _accept(client, login, claim_id)
    assert accepted.status_code == 200, accepted.json
    publish(app, client, login("bureau"), claim_id)
    at(app, app.extensions["test.clock"][0] + timedelta(days=10))
    assert client.post("/api/v1/admin/timers/fire", headers=login("admin")).status_code == 200
    paid = _decide(client, login("finance"), claim_id, "paid")
    assert paid.json["status"] == "paid", paid.json


def paid_class(app, client, login, headers) -> dict[str, Any]:
    app.config["POLICY_PACKS"] = ALL
    at(app, datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    filed = _file_class(client, headers, CLASS_OF_FIVE)
    assert filed.status_code == 201, filed.json
    pay(app, client, login, filed.json["id"])
    return filed.json


def test_the_rest_is_paid_per_trainee_still_employed_after_the_first_claim_is_paid(
        app, client, login):
    """其余50%: 对就业人员在实现就业后6个月仍在湖就业的 (per person: the whole-class bracket is the
    first half's), 400 yuan each, to the employer, after 6 months of work."""
    app.config["POLICY_PACKS"] = ALL
    at(app, datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    headers = as_enterprise(client)
    first = _file_class(client, headers, CLASS_OF_FIVE)
    assert first.status_code == 201, first.json
    early = file_second(client, headers, first.json["id"], still(0))
    assert early.status_code == 422
    assert "not paid" in early.json["fields"]["follows"]  # accepted is not enough
    pay(app, client, login, first.json["id"])
    at(app, datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    headers = firm(client)
    soon = file_second(client, headers, first.json["id"], still(0))
    assert soon.status_code == 422, soon.json
    assert [(e["row"], e["column"]) for e in soon.json["rows"]] == [(2, "employed_on")]
    assert "2026-12-01" in soon.json["rows"][0]["message"]  # 实现就业后6个月
    at(app, datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    headers = firm(client)
    bad = file_second(client, headers, first.json["id"],
                      still(0, still_employed="不清楚"), still(1, full_name="别人"),
                      still(2, employed_on="2026-05-01"), still(3, employed_on="2026-09-15"),
                      still(4), still(5), still(1, still_employed="是", employer=""))
    assert bad.status_code == 422
    found = {(e["row"], e["column"]): e["message"] for e in bad.json["rows"]}
    assert set(found) == {(2, "still_employed"), (3, "full_name"), (4, "employed_on"),
                          (5, "employed_on"), (6, "id_number"), (7, "id_number"),
                          (8, "id_number")}
    assert "2026-06-01" in found[(4, "employed_on")]  # the first filing's day
    assert "2027-03-15" in found[(5, "employed_on")]
    assert "对就业人员" in found[(6, "id_number")]  # not employed: the whole class paid him once
    rest = file_second(client, headers, first.json["id"], still(0), still(1, still_employed="否",
                                                                          employer=""), still(2))
    assert rest.status_code == 201, rest.json
    assert [w["amount_fen"] for w in rest.json["roster"]] == [40_000, 0, 40_000]
    assert {w["follows"] for w in rest.json["roster"]} == {first.json["reference"]}
    accepted = _accept(client, login, rest.json["id"])
    assert accepted.status_code == 200, accepted.json
    assert accepted.json["amount_fen"] == 2 * 40_000  # 其余50% of 每人800元, not the class
    assert "其余50%" in accepted.json["amount_rule"]
    batch = publish(app, client, login("bureau"), rest.json["id"])
    with sessions(app)() as s:  # the one no longer employed is not on the notice
        lines = s.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch["id"])
                          ).all()
        assert sorted((e.name, e.amount_fen) for e in lines) == [("学员0", 40_000),
                                                                 ("学员2", 40_000)]
        assert all(e.certificate.startswith("定向培训其余50%，付企业：") for e in lines)
    again = file_second(client, headers, first.json["id"], still(0))
    assert again.status_code == 422 and "already counted" in again.json["rows"][0]["message"]
    # The trainee employed on 2026-09-15 is filed once his 6 months have passed.
    at(app, datetime(2027, 3, 16, 2, 0, tzinfo=UTC))
    headers = firm(client)
    late = file_second(client, headers, first.json["id"], still(3, employed_on="2026-09-15"))
    assert late.status_code == 201, late.json


def test_the_first_claim_must_be_a_paid_first_half_of_the_same_employer(app, client, login):
    headers, other = as_enterprise(client, 0), as_enterprise(client, 1)
    first = paid_class(app, client, login, headers)
    at(app, datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    headers, other = firm(client, 0), firm(client, 1)
    missing = file_second(client, headers, None, still(0))
    assert missing.status_code == 422 and "follows" in missing.json["fields"]
    unknown = file_second(client, headers, 999_999, still(0))
    # Another employer's claim is told as missing (no oracle on other enterprises' claims).
    foreign = file_second(client, other, first["id"], still(0))
    assert foreign.status_code == 422
    assert foreign.json["fields"] == unknown.json["fields"]
    rest = file_second(client, headers, first["id"], still(0))
    assert rest.status_code == 201, rest.json
    pay(app, client, login, rest.json["id"])
    headers = firm(client)
    # A paid follow-up is not a first half: it cannot be followed in its turn.
    chained = file_second(client, headers, rest.json["id"], still(1))
    assert chained.status_code == 422 and "another kind" in chained.json["fields"]["follows"]
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(Claim)) == 2


def test_two_follow_ups_filed_at_once_pay_a_trainee_once(app, client, login):
    headers = as_enterprise(client)
    first = paid_class(app, client, login, headers)
    at(app, datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    token = firm(client)["Authorization"]
    clients = [app.test_client(), app.test_client()]
    answers = at_once(*(lambda n=n: file_second(clients[n], {"Authorization": token},
                                                first["id"], still(n), still(2)).status_code
                        for n in range(2)))
    assert sorted(answers) in ([201, 422], [201, 409], [201, 503])
    with sessions(app)() as s:
        taken = s.scalars(select(RosterRow.full_name).where(
            RosterRow.slot == SECOND)).all()
        assert sorted(taken) in (["学员0", "学员2"], ["学员1", "学员2"])
        assert s.scalar(select(func.count()).select_from(Claim).where(
            Claim.subsidy_kind == SECOND)) == 1
