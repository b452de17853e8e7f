"""Claims under Lanzhou New Area's and Huzhou's packs through the REST API: offered by the
deployment's POLICY_PACKS, checked per field with the pack's clauses, reviewed by the HR bureau's
own reviewers (no township step), priced at acceptance by the pack (an amount the source lost
stops it, naming the entry, until an administrator sets it), Huzhou's split recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.integration.api.conftest import SCANS
from tests.integration.api.test_claims_api import _decide
from tests.integration.pages.conftest import (  # noqa: F401 - fixture
    browser,
    post,
    set_amount,
)
from web.db import sessions
from workflow.persistence.models import Claim

ALL = "pengyang,lanzhou,huzhou"
PERSON = dict(full_name="张三", id_number="11010519491231002X", phone="13800000000",
              bank_name="中国农业银行兰州新区支行", account_number="6228 4800 0000 0000 000",
              account_holder="张三", scans=SCANS)


def lanzhou(**overrides: Any) -> dict[str, Any]:
    body = {**PERSON, "policy_pack": "lanzhou", "target_group": "rural_migrant",
            "subsidy_kind": "employment_skills", "certificate_name": "养老护理员",
            "class_hours": 100, "certificate_number": "194700",
            # 附件2 备注5: a skill certificate obtained, and employed after the training.
            "skill_certificate": "skill_level", "employed": True,
            "certificate_issued_on": "2026-05-01", "certificate_issuer": "兰州新区某职业培训学校"}
    body.update(overrides)
    return body


def huzhou(**overrides: Any) -> dict[str, Any]:
    body = {**PERSON, "policy_pack": "huzhou", "target_group": "rural_migrant",
            "subsidy_kind": "directed_training", "certificate_name": "养老护理员定向培训",
            "certificate_number": "HZ-DX-2026-0001", "certificate_issued_on": "2026-02-20",
            "certificate_issuer": "湖州市某职业技能培训学校"}
    body.update(overrides)
    return body


def _file(client, headers, body):
    return client.post("/api/v1/claims", headers=headers, json=body)


def test_a_pack_the_deployment_does_not_offer_is_refused(client, login):
    answer = _file(client, login("applicant"), lanzhou())
    assert answer.status_code == 422
    assert answer.json["fields"] == {"policy_pack": "this policy pack is not offered here"}


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"class_hours": None}, "class_hours", "Missing data"),
    ({"class_hours": 90}, "class_hours", "四(一) B类培训总课时不少于100课时"),
    ({"certificate_number": "300001"}, "certificate_number", "附件4"),
    ({"certificate_name": "宇航员"}, "certificate_name", "附件2"),
    ({"subsidy_kind": "directed_training"}, "subsidy_kind", "Must be one of"),
    ({"target_group": "poverty_watch"}, "target_group", "Must be one of"),
    ({"certificate_issued_on": "2025-12-01"}, "certificate_issued_on", "2026-01-01"),
    ({"subsidy_kind": "entrepreneurship", "class_hours": 56}, "course", "Missing data"),
])
def test_lanzhou_facts_are_refused_per_field_with_the_clause(app, client, login, change, field,
                                                             words):
    app.config["POLICY_PACKS"] = ALL
    answer = _file(client, login("applicant"), lanzhou(**change))
    assert answer.status_code == 422, answer.json
    assert field in answer.json["fields"] and words in str(answer.json["fields"][field])
    with sessions(app)() as s:
        assert s.query(Claim).count() == 0


def test_a_lanzhou_claim_is_reviewed_by_the_bureau_and_priced_by_its_pack(app, client, login,
                                                                         browser):  # noqa: F811
    app.config["POLICY_PACKS"] = ALL
    applicant = login("applicant")
    filed = _file(client, applicant, lanzhou())
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert (filed.json["stage"], filed.json["department"], filed.json["township"]) == (
        "department_review", "hr_bureau", "")
    assert (filed.json["policy_pack"], filed.json["subsidy_kind"], filed.json["class_hours"],
            filed.json["certificate_code"]) == ("lanzhou", "employment_skills", 100, "B-113")
    # No township sees it; the HR bureau's own reviewers do.
    assert client.get("/api/v1/queue", headers=login("township")).json["total"] == 0
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200

    bureau = login("bureau")
    refused = _decide(client, bureau, claim_id, "approve")
    assert refused.status_code == 422
    assert "category B is not configured" in refused.json["fields"]["decision"]
    admin = browser("admin")
    done = set_amount(admin, {"pack": "lanzhou", "entry_code": "B", "amount": "1500",
                              "note": "印发版附件2"}, form_page="/admin/policy?pack=lanzhou")
    assert done.status_code == 302
    accepted = _decide(client, bureau, claim_id, "approve").json
    # 养老护理员: category B, 附件3 row 3: 1500 + 20% (附件2 备注1).
    assert (accepted["amount_fen"], accepted["policy_pack"], accepted["policy_version"]) == (
        180000, "lanzhou", 1)
    assert "附件3 第3行" in accepted["amount_rule"]

    # Another authority's subsidy does not use up Pengyang's (003 二(三) counts its own).
    pengyang = client.post("/api/v1/quote", headers=applicant, json={
        "township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-22",
        "certificate_issued_on": "2026-05-01", "id_number": PERSON["id_number"]}).json
    cap = next(r for r in pengyang["reasons"] if r["rule"] == "cap")
    assert cap["passed"] and cap["detail"].startswith("0 accepted")
    # The same training certificate is never subsidised twice, whichever pack is asked.
    again = _file(client, applicant, lanzhou(certificate_issued_on="2026-06-01"))
    assert again.status_code == 422 and "certificate_number" in again.json["fields"]


def test_huzhou_claims_are_filed_for_certificates_within_its_dates_and_paid_in_halves(
        app, client, login, browser):  # noqa: F811
    """004 五 bounds the day the certificate is obtained, not the day of filing: 一 3 files by
    the city's rules, not in the seeds, so the filing deadline is not configured."""
    app.config["POLICY_PACKS"] = ALL
    assert app.extensions["test.clock"][0].date().isoformat() == "2026-11-02"  # after 1 August
    late = _file(client, login("applicant"), huzhou(certificate_issued_on="2026-08-02"))
    assert late.status_code == 422 and "policy_pack" not in late.json["fields"]
    assert late.json["fields"]["certificate_issued_on"] == (
        "2026-08-02 is outside the pack's dates: 2025-04-01 – 2026-08-01 "
        "(004_7b2ca6ac373157b2.txt 五)")
    early = _file(client, login("applicant"), huzhou(certificate_issued_on="2025-03-01"))
    assert early.status_code == 422 and "2025-04-01" in early.json["fields"][
        "certificate_issued_on"]
    filed = _file(client, login("applicant"), huzhou(certificate_issued_on="2026-07-15"))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert (filed.json["department"], filed.json["stage"]) == ("hr_bureau", "department_review")
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200
    panel = browser("bureau").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "分期拨付" in panel and "其余50%" in panel  # the bureau sees the split it accepts
    accepted = _decide(client, login("bureau"), claim_id, "approve").json
    assert accepted["amount_fen"] == 40000  # the first half of 800 yuan (004 4)
    first, second = accepted["installments"]
    assert (first["amount_fen"], first["state"], second["amount_fen"], second["state"]) == (
        40000, "accepted", 40000, "awaiting_condition")
    assert "6 months" in second["condition"] and "其余50%" in second["clause"]


def test_a_later_installment_is_recorded_ahead_and_confirmed_through_the_api(app, client,
                                                                              login):
    """Huzhou 004 4 其余50%: an API client records the start of employment before the second
    half is due (the task stays open), is refused before the day, and confirms on it."""
    from tests.integration.pages.test_installment_pages import first_half_paid

    clock = app.extensions["test.clock"]
    claim_id = first_half_paid(app, clock)
    bureau = login("bureau")
    (task,) = client.get(f"/api/v1/claims/{claim_id}", headers=bureau).json["tasks"]
    assert task["decisions"] == ["confirm", "lapse", "schedule"]
    clock[0] = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    bureau = login("bureau")  # a token lasts 12 hours: log in again months later
    recorded = _decide(client, bureau, claim_id, "schedule", started_on="2026-03-05")
    assert recorded.status_code == 200, recorded.json
    assert recorded.json["installments"][1]["confirm_from"] == "2026-09-05"
    still = client.get(f"/api/v1/claims/{claim_id}", headers=bureau).json["tasks"]
    assert [t["task_id"] for t in still] == [task["task_id"]]
    early = _decide(client, bureau, claim_id, "confirm")
    assert early.status_code == 422
    assert early.json["fields"]["started_on"].startswith(
        "installment 2 can be confirmed from 2026-09-05")
    clock[0] = datetime(2026, 9, 5, 2, 0, tzinfo=UTC)
    bureau = login("bureau")
    confirmed = _decide(client, bureau, claim_id, "confirm", "社保缴费记录")
    assert confirmed.status_code == 200, confirmed.json
    assert (confirmed.json["stage"], confirmed.json["amount_fen"]) == ("awaiting_notice", 80000)


def test_a_huzhou_special_ability_claim_waits_for_its_standard_then_pays_the_person(
        app, client, login, browser):  # noqa: F811
    """004 一 2: 专项职业能力证书 ... 一定标准的职业培训补贴: the standard is not in 004, so the
    claim is filed and reviewed, waits at acceptance naming its entry, and is priced once an
    administrator sets HZ-ZX; the individual is paid."""
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    filed = _file(client, login("applicant"), huzhou(
        subsidy_kind="special_ability_training", target_group="graduate", industry="nev",
        certificate_name="新能源汽车动力电池装配专项职业能力", certificate_number="HZ-ZX-0001"))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200
    bureau = login("bureau")
    refused = _decide(client, bureau, claim_id, "approve")
    assert refused.status_code == 422
    assert "HZ-ZX" in refused.json["fields"]["decision"] and "一 2" in refused.json["fields"][
        "decision"]
    done = set_amount(browser("admin"), {"pack": "huzhou", "entry_code": "HZ-ZX",
                                         "amount": "500", "note": "市人力社保局有关规定"},
                      form_page="/admin/policy?pack=huzhou")
    assert done.status_code == 302
    accepted = _decide(client, bureau, claim_id, "approve").json
    assert (accepted["amount_fen"], accepted["account_holder"]) == (50000, "张三")


def _post(**overrides: Any) -> dict[str, Any]:
    """004 一 3: an elderly-care certificate obtained within 五's dates, a post after it."""
    return huzhou(**{"subsidy_kind": "care_post", "certificate_code": "4-10-01-05",
                     "certificate_name": "养老护理员", "certificate_number": "HZ-YL-0001",
                     "certificate_issued_on": "2026-07-15", "industry": "elderly_care",
                     "employer": "湖州市某养老服务中心", "employed_on": "2026-09-01",
                     **overrides})


@pytest.mark.parametrize(("change", "field", "words"), [
    # 12 months from 2025-05-01 end on 2026-05-01 (自证书核发之日起12个月内).
    ({"certificate_issued_on": "2025-05-01", "employed_on": "2026-05-02"}, "employed_on",
     "more than 12 months"),
    ({"industry": "ecommerce"}, "industry", "养老护理"),
    ({"certificate_code": "6-18-01-01"}, "certificate_code", "elderly care"),
    ({"employed_on": None}, "employed_on", "Missing data"),
    ({"employer": ""}, "employer", "required"),
])
def test_a_huzhou_post_claim_is_refused_per_field_with_its_clause(app, client, login, change,
                                                                  field, words):
    app.config["POLICY_PACKS"] = ALL
    answer = _file(client, login("applicant"), _post(**change))
    assert answer.status_code == 422, answer.json
    said = str(answer.json["fields"].get(field))
    assert words in said and ("一 3" in said or words in ("Missing data", "required")), said
    with sessions(app)() as s:
        assert s.query(Claim).count() == 0


def test_a_huzhou_post_claim_waits_for_its_allowance_then_is_paid(app, client, login,
                                                                  browser):  # noqa: F811
    """004 一 3: filed on 2026-11-02 (after 五's end) for a certificate of 2026-07-15 and a post
    from 2026-09-01; the allowance's rules are not in 004, so it waits for HZ-GW-YL."""
    app.config["POLICY_PACKS"] = ALL
    filed = _file(client, login("applicant"), _post())
    assert filed.status_code == 201, filed.json
    assert (filed.json["industry"], filed.json["employed_on"]) == ("elderly_care", "2026-09-01")
    claim_id = filed.json["id"]
    assert _decide(client, login("hr_department"), claim_id, "approve").status_code == 200
    bureau = login("bureau")
    refused = _decide(client, bureau, claim_id, "approve")
    assert refused.status_code == 422 and "HZ-GW-YL" in refused.json["fields"]["decision"]
    assert set_amount(browser("admin"), {"pack": "huzhou", "entry_code": "HZ-GW-YL",
                                         "amount": "300", "note": "实施办法"},
                      form_page="/admin/policy?pack=huzhou").status_code == 302
    assert _decide(client, bureau, claim_id, "approve").json["amount_fen"] == 30000


def test_huzhou_staff_training_is_reviewed_by_the_industry_department(app, client, login):
    """004 二 5: 与其建立劳动关系的从业人员 ... 具体由行业主管部门负责: a labour relation by the
    end of the training, and the industry's department (not the HR bureau) reviews."""
    from tests.conftest import PASSWORD
    from workflow.services import users

    app.config["POLICY_PACKS"] = ALL
    with sessions(app).begin() as s:
        users.create_user(s, "civil_affairs", PASSWORD, "department_reviewer", "民政局审核员",
                          datetime(2026, 1, 1, tzinfo=UTC), scope="hz_civil_affairs")
    staff = huzhou(subsidy_kind="staff_training", certificate_name="养老护理员职工培训",
                   certificate_number="HZ-ZG-0001", certificate_issued_on="2026-07-15",
                   industry="elderly_care", employer="湖州市某养老服务中心")
    late = _file(client, login("applicant"), {**staff, "employed_on": "2026-07-16"})
    assert late.status_code == 422 and "二 5" in late.json["fields"]["employed_on"]
    filed = _file(client, login("applicant"), {**staff, "employed_on": "2024-03-01"})
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert (filed.json["department"], filed.json["stage"]) == ("hz_civil_affairs",
                                                               "department_review")
    # The HR bureau's own reviewers do not see it; the civil-affairs reviewer does.
    assert client.get(f"/api/v1/claims/{claim_id}", headers=login("hr_department")
                      ).status_code == 404
    approved = _decide(client, login("civil_affairs"), claim_id, "approve")
    assert approved.status_code == 200, approved.json
    assert approved.json["stage"] == "bureau_acceptance"
