"""Lanzhou New Area's kinds of issue 19 item 3 through HTTP, as applicants and the bureau use
them: 000 附件2 备注2 technician training and 备注5's conditions refused per field with their
clause; 001 四 competition rewards and 002 二(五) living allowances filed, shown as "not
configured" with the reason why on the form and the claim, and accepted once an administrator
sets the amount."""

from __future__ import annotations

import re

import pytest

from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_pack_claims_api import ALL, lanzhou
from tests.integration.pages.conftest import (  # noqa: F401 - fixture
    browser,
    post,
    scan_files,
    set_amount,
)
from web.db import sessions
from workflow.persistence.models import Claim

TECHNICIAN = dict(subsidy_kind="technician_training", target_group="enterprise_employee",
                  certificate_name="焊工", certificate_level="technician",
                  certificate_number="JS-2026-0001", front_line_post=True, declaration_met=True,
                  by_training=True, class_hours=None, skill_certificate=None, employed=None)
AWARD = dict(subsidy_kind="competition_reward", target_group="enterprise_employee",
             certificate_name="焊接", award_level="gold", certificate_number="DS-2026-0007",
             class_hours=None, skill_certificate=None, employed=None)
LIVING = dict(subsidy_kind="living_allowance", certificate_name="养老护理员",
              certificate_number="SH-2026-0001", class_hours=None, skill_certificate=None,
              employed=None)


def _file(client, headers, **change):
    return client.post("/api/v1/claims", headers=headers, json=lanzhou(**change))


def _none_filed(app) -> bool:
    with sessions(app)() as s:
        return s.query(Claim).count() == 0


@pytest.mark.parametrize(("change", "field", "words"), [
    # 附件2 备注5: the certificate obtained, and employment after employment-skills training.
    ({"employed": False}, "employed", "附件2 备注5 就业技能培训合格人员"),
    ({"skill_certificate": "none"}, "skill_certificate", "附件2 备注5"),
    ({"skill_certificate": None}, "skill_certificate", "Missing data"),
    ({"employed": None}, "employed", "Missing data"),
    # Project-based training: 60 hours, not B's 100, but not fewer.
    ({"project_based": True, "class_hours": 59}, "class_hours", "项目化培训时长不得低于60课时"),
    # 附件2 备注2: each condition of technician training.
    ({**TECHNICIAN, "front_line_post": False}, "front_line_post", "生产一线岗位"),
    ({**TECHNICIAN, "declaration_met": False}, "declaration_met", "申报条件"),
    ({**TECHNICIAN, "by_training": False}, "by_training", "通过培训取得"),
    ({**TECHNICIAN, "by_training": None}, "by_training", "Missing data"),
    ({**TECHNICIAN, "target_group": "rural_migrant"}, "target_group", "附件2 备注2 企业职工"),
    ({**TECHNICIAN, "certificate_level": "senior_worker"}, "certificate_level", "备注2"),
    # 001 四: an award of a national competition; 002 二(五): whom the allowance covers.
    ({**AWARD, "award_level": "first"}, "award_level", "001_300a128483aeb037.txt 四"),
    ({**LIVING, "certificate_name": "中式烹调师", "certificate_level": "intermediate"},
     "certificate_name", "002_bb54aa0badca5692.txt 二(五)"),
])
def test_lanzhou_conditions_are_refused_per_field_with_their_clause(app, client, login, change,
                                                                    field, words):
    app.config["POLICY_PACKS"] = ALL
    answer = _file(client, login("applicant"), **change)
    assert answer.status_code == 422, answer.json
    assert words in str(answer.json["fields"].get(field)), answer.json["fields"]
    assert _none_filed(app)


def test_project_based_training_is_filed_with_60_class_hours(app, client, login):
    # 附件2 备注5 培训时长不得低于60课时: category B's 100 does not apply to it.
    app.config["POLICY_PACKS"] = ALL
    filed = _file(client, login("applicant"), project_based=True, class_hours=60)
    assert filed.status_code == 201, filed.json
    assert (filed.json["project_based"], filed.json["skill_certificate"],
            filed.json["employed"]) == (True, "skill_level", True)


@pytest.mark.parametrize(("kind", "entry", "amount", "words"), [
    (TECHNICIAN, "TECH", "2500", "technician training at level technician is not configured"),
    (AWARD, "AWARD-GOLD", "10000", "the reward for a gold award is not configured"),
    (LIVING, "LIVING", "600", "the living allowance is not configured"),
])
def test_a_kind_without_an_amount_is_filed_and_waits_for_it_saying_why(
        app, client, login, browser, kind, entry, amount, words):  # noqa: F811
    app.config["POLICY_PACKS"] = ALL
    filed = _file(client, login("applicant"), **kind)
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert (filed.json["subsidy_kind"], filed.json["department"]) == (kind["subsidy_kind"],
                                                                     "hr_bureau")
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200
    # The applicant's page says why it waits, in Chinese; the bureau's acceptance is refused.
    page = browser("applicant").get(f"/claims/{claim_id}").get_data(as_text=True)
    why = re.search(r'id="awaits-amount-why">([^<]*)<', page)
    assert why is not None and "未配置" in why.group(1)
    refused = _decide(client, login("bureau"), claim_id, "approve")
    assert refused.status_code == 422 and words in refused.json["fields"]["decision"]
    admin = browser("admin")
    done = set_amount(admin, {"pack": "lanzhou", "entry_code": entry, "amount": amount,
                              "note": "印发版文件"}, form_page="/admin/policy?pack=lanzhou")
    assert done.status_code == 302, done.get_data(as_text=True)
    accepted = _decide(client, login("bureau"), claim_id, "approve")
    assert accepted.status_code == 200, accepted.json
    assert accepted.json["amount_fen"] == int(amount) * 100


FORM = {"policy_pack": "lanzhou", "full_name": "张三", "id_number": "11010519491231002X",
        "phone": "13800000000", "target_group": "enterprise_employee",
        "subsidy_kind": "technician_training", "certificate_name": "焊工",
        "certificate_level": "technician", "front_line_post": "true", "declaration_met": "false",
        "by_training": "true", "certificate_number": "JS-2026-0001",
        "certificate_issued_on": "2026-05-01", "certificate_issuer": "兰州新区某职业技能鉴定机构",
        "bank_name": "中国农业银行兰州新区支行", "account_number": "6228480000000000000",
        "account_holder": "张三", "action": "submit"}


def test_the_form_asks_the_conditions_and_says_why_an_amount_is_not_configured(
        app, browser):  # noqa: F811
    app.config["POLICY_PACKS"] = "pengyang,lanzhou"
    applicant = browser("applicant")
    form = applicant.get("/claims/new?pack=lanzhou").get_data(as_text=True)
    for name in ("front_line_post", "declaration_met", "by_training", "skill_certificate",
                 "employed", "project_based", "award_level"):
        assert f'name="{name}"' in form
    assert 'id="unconfigured-kinds"' in form and "生活费补贴" in form
    # A condition not met: refused beside its field, in Chinese, with its clause; nothing lost.
    refused = post(applicant, "/claims/new", {**FORM, **scan_files()},
                   form_page="/claims/new?pack=lanzhou")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and _none_filed(app)
    error = re.search(r'id="e-declaration_met">([^<]*)<', html).group(1)
    assert "不具备晋升技师、高级技师申报条件" in error and "备注2" in error
    assert '<option value="true" selected>' in html and 'value="JS-2026-0001"' in html
    # The preview says why the amount is not configured before anything is filed.
    preview = applicant.get("/claims/new/amount", query_string={
        **FORM, "declaration_met": "true"}).get_data(as_text=True)
    why = re.search(r'id="unpriced-why">([^<]*)<', preview)
    assert why is not None and "技师培训补贴标准未配置" in why.group(1)
    told = re.search(r'name="unpriced_ok" value="([^"]*)"', preview).group(1)
    filed = post(applicant, "/claims/new", {**FORM, **scan_files(), "declaration_met": "true",
                                            "unpriced_ok": told},
                 form_page="/claims/new?pack=lanzhou")
    assert filed.status_code == 302, filed.get_data(as_text=True)
    with sessions(app)() as s:
        claim = s.query(Claim).one()
        assert (claim.subsidy_kind, claim.certificate_code, claim.front_line_post,
                claim.declaration_met, claim.by_training) == (
            "technician_training", "TECH", True, True, True)
