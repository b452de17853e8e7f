"""Roster kinds of the Huzhou and Lanzhou packs through HTTP (issue 19 item 3): filed by an
enterprise, reviewed by whom the pack says (no township step in either: the pack's Filing), and
followed to the amount paid to the enterprise, or to acceptance refused because the source
states no amount ("not configured") until an administrator sets the kind's entry. On SQLite
and PostgreSQL (the app fixture)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_enterprise_claims import WORKERS, as_enterprise
from tests.integration.api.test_pack_claims_api import ALL, PERSON, _file, huzhou
from tests.integration.helpers import actors_of, publish
from tests.integration.pages.conftest import (  # noqa: F401 - fixture
    browser,
    post,
    set_amount,
)
from web.db import runtime, sessions
from workflow.persistence.models import Claim, NoticeEntry, RosterRow
from workflow.services import users


def _reviewer(app, username: str, scope: str) -> None:
    with sessions(app).begin() as s:
        users.create_user(s, username, PASSWORD, "department_reviewer", username,
                          datetime(2026, 1, 1, tzinfo=UTC), scope=scope)


def apprentice(n: int, **overrides: str) -> dict[str, str]:
    # The clock is 2026-03-02: year 1 of a contract from 2025-05-01 has begun, year 2 not.
    return {"full_name": f"学徒{n}", "id_number": WORKERS[n], "worker_type": "新招用人员",
            "industry": "生物医药", "contract_start": "2025-05-01",
            "contract_end": "2028-04-30", "subsidy_year": "1", **overrides}


def roster(kind: str, *rows: dict[str, str]) -> dict[str, Any]:
    return {"roster_kind": kind, "attested": True, "rows": list(rows)}


HZ = "hz_enterprise_apprenticeship"


def test_a_pack_the_deployment_does_not_offer_offers_no_roster_kind(app, client):
    """POLICY_PACKS is Pengyang's alone by default: Huzhou's and Lanzhou's kinds are refused."""
    headers = as_enterprise(client)
    for kind, row in ((HZ, apprentice(0)), (LZ, winner(0))):
        answer = client.post("/api/v1/enterprise/claims", headers=headers,
                             json=roster(kind, row))
        assert answer.status_code == 422
        assert answer.json["fields"] == {"roster_kind": "no such kind of roster"}


def test_huzhou_apprenticeship_rows_are_checked_by_004_two_7(app, client):
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    headers = as_enterprise(client)
    answer = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(
        HZ, apprentice(0, worker_type="临时工"),
        apprentice(1, contract_end="2026-02-27"),
        apprentice(2, subsidy_year="2"),
        apprentice(0, id_number="640425199001011238", industry="电子商务",
                   full_name="别人")))
    assert answer.status_code == 422
    found = {(e["row"], e["column"]): e["message"] for e in answer.json["rows"]}
    assert set(found) == {(2, "worker_type"), (3, "contract_end"), (4, "subsidy_year"),
                          (5, "id_number"), (5, "industry")}
    assert "三 7" in found[(3, "contract_end")] and "2026-05-01" in found[(4, "subsidy_year")]
    third = client.post("/api/v1/enterprise/claims", headers=headers,
                        json=roster(HZ, apprentice(0, subsidy_year="3")))
    assert "1 or 2" in third.json["rows"][0]["message"]  # 补贴期限最长不超过2年
    with sessions(app)() as s:
        assert s.query(Claim).count() == 0 and s.query(RosterRow).count() == 0


def test_huzhou_apprenticeship_is_paid_to_the_enterprise_at_most_6000_a_year(
        app, client, login, browser):  # noqa: F811
    """004 三 7: 按每人每年最高6000元的标准给予企业: reviewed by the industry's department (二 5),
    not configured until an administrator sets HZ-XT, never more than 6000 yuan a worker."""
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    _reviewer(app, "economy", "hz_economy")
    headers = as_enterprise(client)
    filed = client.post("/api/v1/enterprise/claims", headers=headers,
                        json=roster(HZ, apprentice(0), apprentice(1)))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    # No township step (Huzhou's Filing.township_review); 生物医药 is 经信局's (industries.py).
    assert (filed.json["department"], filed.json["stage"]) == ("hz_economy",
                                                               "department_review")
    assert [w["amount_fen"] for w in filed.json["roster"]] == [None, None]
    assert client.get(f"/api/v1/claims/{claim_id}", headers=login("hr_department")
                      ).status_code == 404
    assert _decide(client, login("economy"), claim_id, "approve").status_code == 200
    bureau = login("bureau")
    refused = _decide(client, bureau, claim_id, "approve")
    assert refused.status_code == 422
    said = refused.json["fields"]["decision"]
    assert "not configured" in said and "HZ-XT" in said and "三 7" in said
    done = set_amount(browser("admin"), {"pack": "huzhou", "entry_code": "HZ-XT",
                                         "amount": "8000", "note": "区县操作办法"},
                      form_page="/admin/policy?pack=huzhou")
    assert done.status_code == 302
    accepted = _decide(client, bureau, claim_id, "approve")
    assert accepted.status_code == 200, accepted.json
    assert accepted.json["amount_fen"] == 2 * 600_000  # 8000 set, 6000 the most
    assert "cap" in accepted.json["amount_rule"]
    with sessions(app)() as s:
        assert [r.amount_fen for r in s.query(RosterRow).order_by(RosterRow.row_number)] == [
            600_000, 600_000]
    # Year 1 of a worker is counted once, by any enterprise.
    other = as_enterprise(client, 1)
    again = client.post("/api/v1/enterprise/claims", headers=other,
                        json=roster(HZ, apprentice(0)))
    assert again.status_code == 422 and "already counted" in again.json["rows"][0]["message"]


def test_huzhou_no_longer_offers_the_individual_apprenticeship(app, client, login):
    """004 三 7 pays 新型学徒制培训补贴 to the enterprise (签订...劳动合同的企业 ... 给予企业), so a
    person cannot file it: the enterprise files the roster kind instead."""
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    answer = _file(client, login("applicant"), huzhou(subsidy_kind="apprenticeship", years=2,
                                                      certificate_name="学徒制"))
    assert answer.status_code == 422
    assert "subsidy_kind" in answer.json["fields"]


LZ = "lz_competition_unit_reward"


def winner(n: int, **overrides: str) -> dict[str, str]:
    return {"full_name": f"选手{n}", "id_number": WORKERS[n], "competition": "第二届全国技能大赛",
            "award": "金牌", "awarded_on": "2026-09-20", **overrides}


def test_lanzhou_rewards_the_winners_unit_once_its_standard_is_set(app, client, login,
                                                                  browser):  # noqa: F811
    """001 四: 获奖选手及所在单位 ... 比照省级对获奖选手的资金奖励标准: the unit files its winners;
    the provincial standard is not in the seeds, so acceptance says the amount is not
    configured, naming the award's entry, until an administrator sets it."""
    app.config["POLICY_PACKS"] = ALL
    headers = as_enterprise(client)
    bad = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(
        LZ, winner(0, award="一等奖"), winner(1, awarded_on="2025-12-01")))
    assert [(e["row"], e["column"]) for e in bad.json["rows"]] == [(2, "award"),
                                                                    (3, "awarded_on")]
    filed = client.post("/api/v1/enterprise/claims", headers=headers,
                        json=roster(LZ, winner(0), winner(1, award="银牌")))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert (filed.json["department"], filed.json["stage"]) == ("hr_bureau",
                                                               "department_review")
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200
    bureau = login("bureau")
    refused = _decide(client, bureau, claim_id, "approve")
    assert refused.status_code == 422
    said = refused.json["fields"]["decision"]
    assert "not configured" in said and "UNIT-GOLD、UNIT-SILVER" in said and "四" in said
    for code, amount in (("UNIT-GOLD", "20000"), ("UNIT-SILVER", "10000")):
        done = set_amount(browser("admin"), {"pack": "lanzhou", "entry_code": code,
                                             "amount": amount, "note": "甘肃省技能大赛奖励标准"},
                          form_page="/admin/policy?pack=lanzhou")
        assert done.status_code == 302
    accepted = _decide(client, bureau, claim_id, "approve")
    assert accepted.status_code == 200, accepted.json
    assert (accepted.json["amount_fen"], accepted.json["account_holder"]) == (
        3_000_000, "彭阳县示范企业0有限公司")


HZ_CLASS = "hz_directed_training_class"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_of(n: int) -> str:
    body = f"33050219900101{n:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS,
                                                                strict=True)) % 11]


def trainee(n: int, employed: bool = True, **overrides: str) -> dict[str, str]:
    # The clock is 2026-11-02: more than 6 months after the class ended on 2026-03-31.
    return {"full_name": f"学员{n}", "id_number": id_of(n), "class_name": "新能源汽车装调定向班",
            "training_end": "2026-03-31", "employed_in_huzhou": "是" if employed else "否",
            "employed_on": "2026-06-01" if employed else "", **overrides}


def _file_class(client, headers, rows) -> Any:
    return client.post("/api/v1/enterprise/claims", headers=headers,
                       json=roster(HZ_CLASS, *rows))


def _accept(client, login, claim_id: int) -> Any:
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200
    return _decide(client, login("bureau"), claim_id, "approve")


def test_huzhou_directed_training_pays_the_whole_class_at_80_percent(app, client, login):
    """004 二 4: 按照培训后6个月内在我市用人单位实现就业的人数给予首期50%培训补贴（整班在我市就业率
    达到80%以上的，按全班学员人数享受补贴）, 每人800元: 4 of 5 employed pays all 5 their 400
    yuan; 3 of 5 pays the 3 employed."""
    app.config["POLICY_PACKS"] = ALL
    headers = as_enterprise(client)
    bad = _file_class(client, headers, [
        trainee(0), trainee(1, employed_in_huzhou="不知道"), trainee(2, employed_on=""),
        trainee(3, class_name="另一个班")])
    assert {(e["row"], e["column"]) for e in bad.json["rows"]} == {
        (3, "employed_in_huzhou"), (4, "employed_on"), (5, "class_name")}
    whole = _file_class(client, headers, [trainee(n, employed=n != 4) for n in range(5)])
    assert whole.status_code == 201, whole.json
    assert (whole.json["department"], whole.json["stage"]) == ("hr_bureau", "department_review")
    accepted = _accept(client, login, whole.json["id"])
    assert accepted.status_code == 200, accepted.json
    assert accepted.json["amount_fen"] == 5 * 40_000  # the whole class, first 50%
    other = as_enterprise(client, 1)
    part = _file_class(client, other, [trainee(n, employed=n < 8) for n in range(5, 10)])
    assert part.status_code == 201, part.json
    assert [w["amount_fen"] for w in part.json["roster"]] == [40_000] * 3 + [0, 0]
    assert _accept(client, login, part.json["id"]).json["amount_fen"] == 3 * 40_000
    # The notice lists who is paid: the 2 of the part class not counted are not on it.
    f, rt = sessions(app), runtime(app)
    batch = publish(f, rt, actors_of(f)["bureau"])
    with f() as s:
        lines = s.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch.id)).all()
        assert sorted(e.amount_fen for e in lines) == [40_000] * 8
        assert all(e.certificate.startswith("定向培训首期50%，付企业：") for e in lines)
    # A trainee employed 6 months and a half after the training is not counted.
    late = _file_class(client, other, [trainee(10), trainee(11, employed_on="2026-10-15")])
    assert [w["amount_fen"] for w in late.json["roster"]] == [40_000, 0]
    # A class of which no one is counted pays nothing: it is not filed.
    nobody = _file_class(client, other, [trainee(12, employed=False)])
    assert nobody.status_code == 422 and "no worker on this roster is paid" in nobody.json[
        "rows"][0]["message"]
    # A trainee is in one class's claim only.
    again = _file_class(client, other, [trainee(0)])
    assert again.status_code == 422 and "already counted" in again.json["rows"][0]["message"]


def test_a_class_is_filed_once_its_six_months_have_passed(app, client):
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)
    answer = _file_class(client, as_enterprise(client), [trainee(0)])
    assert answer.status_code == 422
    assert [(e["row"], e["column"]) for e in answer.json["rows"]] == [(2, "training_end")]
    assert "二 4" in answer.json["rows"][0]["message"]


def test_a_trainee_is_paid_once_by_their_own_claim_or_the_employers_class(app, client, login):
    """004 二 4 pays 800 yuan a trainee once: a trainee's own directed_training claim and the
    employer's class roster count the same subsidy, whichever comes first holds them (the
    other refused without naming it); a withdrawn claim lets the other count them."""
    app.config["POLICY_PACKS"] = ALL
    applicant = login("applicant")
    own = _file(client, applicant, huzhou())
    assert own.status_code == 201, own.json
    headers = as_enterprise(client)
    rows = [trainee(0), trainee(1, full_name="张三", id_number=PERSON["id_number"])]
    refused = _file_class(client, headers, rows)
    assert refused.status_code == 422, refused.json
    assert [(e["row"], e["column"]) for e in refused.json["rows"]] == [(3, "id_number")]
    assert "张三" not in str(refused.json) and own.json["reference"] not in str(refused.json)
    assert client.post(f"/api/v1/claims/{own.json['id']}/withdraw", headers=applicant,
                       json={"reason": "由用人单位申报"}).status_code == 200
    assert _file_class(client, headers, rows).status_code == 201
    again = _file(client, applicant, huzhou())
    assert again.status_code == 422
    assert "roster already counts you" in again.json["fields"]["subsidy_kind"]
