"""Huzhou 004 三 6 evaluation-project development funding, through HTTP (issue 19 item 3):
"对各类主体承接...评价项目开发更新的，开发成果经评审符合资助条件的，给予每个项目最高5万元补贴资助".
Any registered organisation files one project with its review's conclusion; the industry's
department reviews, acceptance waits until an administrator sets HZ-XM, the project is paid the
least of what it asked, the standard and 50,000 yuan, to the organisation, and the public notice
names the organisation and the project. A project is filed once while live, also when two
filings race. On SQLite and PostgreSQL (the app fixture)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from tests.integration.api.conftest import SCAN_PDF
from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_enterprise_claims import as_enterprise
from tests.integration.api.test_enterprise_rosters_of_packs import _reviewer
from tests.integration.api.test_institution_special_ability import as_institution
from tests.integration.api.test_pack_claims_api import ALL
from tests.integration.helpers import actors_of, at_once, publish
from tests.integration.pages.conftest import (  # noqa: F401 - fixture
    browser,
    set_amount,
)
from web.db import runtime, sessions
from workflow.persistence.models import Attachment, Claim, NoticeEntry, ProjectClaim

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def project(**overrides: Any) -> dict[str, Any]:
    return {"project_name": "养老护理员职业技能等级认定题库开发", "project_type": "question_bank",
            "industry": "elderly_care", "reviewed_on": "2026-02-10", "requested_fen": 4_000_000,
            "review_scan": {"filename": "评审结论.pdf",
                            "content": base64.b64encode(SCAN_PDF).decode()}, **overrides}


def _file(client, headers, body) -> Any:
    return client.post("/api/v1/enterprise/projects", headers=headers, json=body)


def _huzhou(app) -> None:
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = NOW


def test_each_problem_of_a_project_is_said_by_field(app, client):
    _huzhou(app)
    headers = as_institution(client, org_type="other_entity")
    schema = _file(client, headers, project(requested_fen=5_000_001, review_scan=None))
    assert schema.status_code == 422
    assert {"requested_fen", "review_scan"} <= set(schema.json["fields"])
    rules = _file(client, headers, project(project_type="培训课程", industry="textiles",
                                           reviewed_on="2026-03-20", project_name="  "))
    assert rules.status_code == 422
    fields = rules.json["fields"]
    assert set(fields) == {"project_type", "industry", "reviewed_on", "project_name"}
    assert "三 6" in fields["project_type"] and "五" in fields["reviewed_on"]
    bad_scan = _file(client, headers, project(review_scan={
        "filename": "x.pdf", "content": base64.b64encode(b"not a pdf").decode()}))
    assert bad_scan.status_code == 422
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(Claim)) == 0
        assert s.scalar(select(func.count()).select_from(ProjectClaim)) == 0


def test_a_pack_not_offered_has_no_project_kind(app, client):
    answer = _file(client, as_enterprise(client), project())
    assert answer.status_code == 422 and "project_kind" in answer.json["fields"]


def test_a_project_is_paid_to_the_organisation_once_hz_xm_is_set(app, client, login,
                                                                 browser):  # noqa: F811
    _huzhou(app)
    _reviewer(app, "civil", "hz_civil_affairs")
    school = as_institution(client, org_type="other_entity")
    filed = _file(client, school, project())
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    # 市人力社保局与相关行业主管部门: 养老护理's department (民政局) reviews, the bureau accepts.
    assert (filed.json["department"], filed.json["stage"]) == ("hz_civil_affairs",
                                                               "department_review")
    assert filed.json["project"]["requested_fen"] == 4_000_000
    assert _decide(client, login("civil"), claim_id, "approve").status_code == 200
    bureau = login("bureau")
    refused = _decide(client, bureau, claim_id, "approve")
    assert refused.status_code == 422
    said = refused.json["fields"]["decision"]
    assert "not configured" in said and "HZ-XM" in said and "三 6" in said
    # The bureau's page of the claim (priced at acceptance, not by a person's quote).
    page = browser("bureau").get(f"/claims/{claim_id}", headers={"Accept-Language": "zh"})
    shown = page.get_data(as_text=True)
    assert page.status_code == 200 and "养老护理员职业技能等级认定题库开发" in shown
    # The reviewer sees what the project is and what was asked, not only its name.
    section = shown[shown.index('id="project"'):]
    assert "题库" in section and "40,000.00" in section
    mine = client.get(f"/api/v1/enterprise/claims/{claim_id}", headers=school)
    assert mine.json["project"]["project_type"] == "question_bank"
    assert set_amount(browser("admin"), {"pack": "huzhou", "entry_code": "HZ-XM",
                                         "amount": "60000", "note": "实施办法"},
                      form_page="/admin/policy?pack=huzhou").status_code == 302
    accepted = _decide(client, bureau, claim_id, "approve")
    assert accepted.status_code == 200, accepted.json
    # 60,000 set is above the ceiling, 40,000 asked is less: the 40,000 asked.
    assert (accepted.json["amount_fen"], accepted.json["account_holder"]) == (
        4_000_000, "湖州市某职业技能培训学校0")
    f, rt = sessions(app), runtime(app)
    batch = publish(f, rt, actors_of(f)["bureau"])
    with f() as s:
        [line] = s.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch.id)).all()
        assert line.name == "湖州市某职业技能培训学校0" and line.amount_fen == 4_000_000
        assert line.certificate.startswith(
            "评价项目开发资助：养老护理员职业技能等级认定题库开发，付单位")
        assert s.scalar(select(Attachment.kind).where(Attachment.claim_id == claim_id)) == \
            "certificate_scan"
    # The same project again is refused, by any spelling of its spaces.
    again = _file(client, school, project(project_name="养老护理员职业技能等级认定题库开发 "))
    assert again.status_code == 422 and "paid once" in again.json["fields"]["project_name"]


def test_the_ceiling_limits_what_an_enterprise_is_paid(app, client, login, browser):  # noqa: F811
    _huzhou(app)
    firm = as_enterprise(client)
    filed = _file(client, firm, project(industry="biomedicine", requested_fen=5_000_000,
                                        project_type="special_ability"))
    assert filed.status_code == 201, filed.json
    _reviewer(app, "economy", "hz_economy")
    assert filed.json["department"] == "hz_economy"
    assert _decide(client, login("economy"), filed.json["id"], "approve").status_code == 200
    assert set_amount(browser("admin"), {"pack": "huzhou", "entry_code": "HZ-XM",
                                         "amount": "30000", "note": "实施办法"},
                      form_page="/admin/policy?pack=huzhou").status_code == 302
    accepted = _decide(client, login("bureau"), filed.json["id"], "approve")
    assert accepted.json["amount_fen"] == 3_000_000  # the standard set, below what was asked


def test_a_rejected_project_may_be_filed_again(app, client, login):
    _huzhou(app)
    _reviewer(app, "civil", "hz_civil_affairs")
    headers = as_institution(client)
    first = _file(client, headers, project())
    assert _decide(client, login("civil"), first.json["id"], "reject",
                   "评审结论不符合资助条件").status_code == 200
    assert _file(client, headers, project()).status_code == 201


def test_one_project_filed_twice_at_once_is_filed_once(app):
    _huzhou(app)
    clients = [app.test_client(), app.test_client()]
    headers = as_institution(clients[0])
    answers = at_once(*(lambda c=c: _file(c, headers, project()).status_code
                        for c in clients))
    assert sorted(answers) in ([201, 422], [201, 409], [201, 503])
    with sessions(app)() as s:
        assert s.scalar(select(func.count()).select_from(Claim)) == 1
        assert s.scalar(select(func.count()).select_from(ProjectClaim)) == 1
