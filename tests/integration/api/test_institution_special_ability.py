"""Huzhou 004 一 2 paid to the training institution, through HTTP (issue 19 item 3):
"可按照有关规定给予个人或培训机构一定标准的职业培训补贴". An organisation registers as a training
institution with its credit code, files the trainees who obtained a special-ability certificate,
the claim runs the one lifecycle (the HR bureau reviews, acceptance waits until HZ-ZX is set)
and pays the institution; a certificate is paid once, whether the person or the institution
claims it, also when both file at the same moment. What an organisation is decides what it may
file. On SQLite and PostgreSQL (the app fixture)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_enterprise_claims import STRONG, as_enterprise, enterprise_body
from tests.integration.api.test_enterprise_rosters_of_packs import id_of
from tests.integration.api.test_pack_claims_api import ALL, _file, huzhou
from tests.integration.helpers import actors_of, publish
from tests.integration.pages.conftest import (  # noqa: F401 - fixture
    browser,
    set_amount,
)
from web.db import runtime, sessions
from workflow.persistence.models import CertificateSlot, Claim, NoticeEntry, RosterRow

KIND = "hz_special_ability_institution"
INSTITUTION_CODES = ("52330500MJ7XXXX0AE", "52330500MJ7YYYY0BQ")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def as_institution(client, n: int = 0, org_type: str = "training_institution") -> dict[str, str]:
    name = f"湖州市某职业技能培训学校{n}"
    body = enterprise_body(n, username=f"school{n}", name=name, account_holder=name,
                           credit_code=INSTITUTION_CODES[n], org_type=org_type)
    registered = client.post("/api/v1/enterprises", json=body)
    assert registered.status_code == 201, registered.json
    assert registered.json["org_type"] == org_type
    answer = client.post("/api/v1/auth/login", json={"username": f"school{n}",
                                                     "password": STRONG})
    return {"Authorization": f"Bearer {answer.json['token']}"}


def trainee(n: int, **overrides: str) -> dict[str, str]:
    return {"full_name": f"学员{n}", "id_number": id_of(n), "person_group": "毕业年度高校毕业生",
            "project_name": "新能源汽车动力电池装配专项职业能力",
            "industry": "新能源汽车及关键零部件",
            "certificate_number": f"HZ-ZX-{n:04d}", "certificate_issued_on": "2026-02-20",
            **overrides}


def roster(*rows: dict[str, str]) -> dict[str, Any]:
    return {"roster_kind": KIND, "attested": True, "rows": list(rows)}


def _person(**overrides: Any) -> dict[str, Any]:
    """The applicant's own 一 2 claim of a special-ability certificate."""
    return huzhou(**{"subsidy_kind": "special_ability_training", "target_group": "graduate",
                     "industry": "nev", "certificate_name": "新能源汽车动力电池装配专项职业能力",
                     "certificate_number": "HZ-ZX-0100", **overrides})


def _huzhou(app) -> None:
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = NOW


def test_registration_says_what_the_organisation_is(app, client):
    bad = client.post("/api/v1/enterprises", json=enterprise_body(org_type="university"))
    assert bad.status_code == 422 and "org_type" in bad.json["fields"]
    # An account that does not say is an enterprise's (the API as it was).
    assert client.post("/api/v1/enterprises", json=enterprise_body()).json[
        "org_type"] == "enterprise"


def test_trainee_rows_are_checked_by_004_one_2(app, client):
    _huzhou(app)
    headers = as_institution(client)
    answer = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(
        trainee(0, person_group="退休人员"), trainee(1, industry="纺织"),
        trainee(2, certificate_issued_on="2025-03-01"), trainee(3, certificate_number="")))
    assert answer.status_code == 422
    found = {(e["row"], e["column"]): e["message"] for e in answer.json["rows"]}
    assert set(found) == {(2, "person_group"), (3, "industry"), (4, "certificate_issued_on"),
                          (5, "certificate_number")}
    assert "六类人员" in found[(2, "person_group")] and "五" in found[(4, "certificate_issued_on")]
    unattested = client.post("/api/v1/enterprise/claims", headers=headers,
                             json={**roster(trainee(0)), "attested": False})
    assert "一 2" in unattested.json["fields"]["attested"]
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(Claim)) == 0


def test_what_an_organisation_is_decides_what_it_may_file(app, client):
    """一 2 pays 培训机构: an enterprise does not file it; an institution files no enterprise
    roster (003 二(四) 以工代训 pays the enterprise)."""
    _huzhou(app)
    firm = as_enterprise(client)
    refused = client.post("/api/v1/enterprise/claims", headers=firm, json=roster(trainee(0)))
    assert refused.status_code == 422
    assert "Training institution" in refused.json["fields"]["roster_kind"]
    school = as_institution(client)
    pengyang = client.post("/api/v1/enterprise/claims", headers=school, json={
        "roster_kind": "work_for_training", "attested": True, "rows": [{"full_name": "x"}]})
    assert pengyang.status_code == 422
    assert "Enterprise" in pengyang.json["fields"]["roster_kind"]
    other = as_institution(client, 1, org_type="other_entity")
    assert client.post("/api/v1/enterprise/claims", headers=other,
                       json=roster(trainee(0))).status_code == 422


def test_the_institution_is_paid_once_hz_zx_is_set(app, client, login, browser):  # noqa: F811
    _huzhou(app)
    headers = as_institution(client)
    filed = client.post("/api/v1/enterprise/claims", headers=headers,
                        json=roster(trainee(0), trainee(1, person_group="其他需求人群")))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    # No township step (Huzhou); the HR bureau's reviewers, as the person's claim of 一 2.
    assert (filed.json["department"], filed.json["stage"]) == ("hr_bureau", "department_review")
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200
    bureau = login("bureau")
    refused = _decide(client, bureau, claim_id, "approve")
    assert refused.status_code == 422
    said = refused.json["fields"]["decision"]
    assert "not configured" in said and "HZ-ZX" in said and "一 2" in said
    assert set_amount(browser("admin"), {"pack": "huzhou", "entry_code": "HZ-ZX",
                                         "amount": "500", "note": "市人力社保局有关规定"},
                      form_page="/admin/policy?pack=huzhou").status_code == 302
    accepted = _decide(client, bureau, claim_id, "approve")
    assert accepted.status_code == 200, accepted.json
    assert (accepted.json["amount_fen"], accepted.json["account_holder"]) == (
        2 * 50_000, "湖州市某职业技能培训学校0")
    f, rt = sessions(app), runtime(app)
    batch = publish(f, rt, actors_of(f)["bureau"])
    with f() as s:
        lines = s.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch.id)).all()
        assert len(lines) == 2 and all(e.certificate.startswith(
            "专项职业能力证书职业培训补贴，付培训机构：湖州市某职业技能培训学校0") for e in lines)


def test_a_certificate_the_person_claimed_is_not_paid_to_the_institution(app, client, login):
    _huzhou(app)
    person = _file(client, login("applicant"), _person())
    assert person.status_code == 201, person.json
    school = as_institution(client)
    again = client.post("/api/v1/enterprise/claims", headers=school, json=roster(
        trainee(0), trainee(1, certificate_number=" hz-zx-0100 ")))
    assert again.status_code == 422
    assert [(e["row"], e["column"]) for e in again.json["rows"]] == [(3, "certificate_number")]
    assert "paid once" in again.json["rows"][0]["message"]


def test_a_certificate_the_institution_claimed_is_not_paid_to_the_person(app, client, login):
    _huzhou(app)
    school = as_institution(client)
    filed = client.post("/api/v1/enterprise/claims", headers=school,
                        json=roster(trainee(100, certificate_number="HZ-ZX-0100")))
    assert filed.status_code == 201, filed.json
    person = _file(client, login("applicant"), _person())
    assert person.status_code == 422
    assert "paid once" in person.json["fields"]["certificate_number"]
    # Rejected, the institution's claim gives the certificate back: the person files it.
    assert _decide(client, login("hr_department"), filed.json["id"], "reject",
                   "证书非本机构培训").status_code == 200
    assert _file(client, login("applicant"), _person()).status_code == 201


def test_the_person_and_the_institution_filing_at_once_are_paid_once(app, login):
    _huzhou(app)
    clients = [app.test_client(), app.test_client()]
    heads = [login("applicant"), as_institution(clients[1])]
    barrier, answers = threading.Barrier(2), [0, 0]

    def file(n: int) -> None:
        barrier.wait()
        if n == 0:
            answers[n] = _file(clients[0], heads[0], _person()).status_code
        else:
            answers[n] = clients[1].post("/api/v1/enterprise/claims", headers=heads[1], json=roster(
                trainee(100, certificate_number="HZ-ZX-0100"))).status_code

    threads = [threading.Thread(target=file, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) in ([201, 422], [201, 409], [201, 503])
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(CertificateSlot)) == 1
        assert s.scalar(select(func.count()).select_from(Claim)) == 1
        assert s.scalar(select(func.count()).select_from(RosterRow)) == (answers[1] == 201)


def test_a_struck_trainees_certificate_is_free_for_the_person(app, client, login):
    """A trainee the reviewer strikes out of the institution's roster is not paid there, so
    the certificate's key goes back: the person may claim it; the others stay held."""
    _huzhou(app)
    school = as_institution(client)
    filed = client.post("/api/v1/enterprise/claims", headers=school, json=roster(
        trainee(1), trainee(100, certificate_number="HZ-ZX-0100")))
    assert filed.status_code == 201, filed.json
    assert _file(client, login("applicant"), _person()).status_code == 422
    struck = _decide(client, login("hr_department"), filed.json["id"], "approve",
                     strikes=[{"row": 3, "reason": "证书非本机构培训"}])
    assert struck.status_code == 200, struck.json
    with sessions(app)() as s:
        assert set(s.scalars(select(CertificateSlot.slot))) == {"hz_zx:HZ-ZX-0001"}
    assert _file(client, login("applicant"), _person()).status_code == 201
