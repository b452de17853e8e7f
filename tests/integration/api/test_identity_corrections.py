"""After a department's return, a correction that changes who the applicant is or the account
paid goes back to the township; one that changes only the certificate goes back to the
department (issue 17 item 7; 003 三(三): the township verifies identity, the department the
certificate). A claim under a pack without a township step goes back to the HR bureau's
reviewers, who check both. The timeline says why."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.integration.api.conftest import claim_body
from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_pack_claims_api import ALL, lanzhou
from tests.integration.pages.conftest import browser  # noqa: F401 - fixture
from workflow.services import corrections

RETURN = "证书编号与证书不符"


def _queue(client: FlaskClient, headers: dict[str, str]) -> set[str]:
    answer = client.get("/api/v1/queue", headers=headers)
    assert answer.status_code == 200, answer.json
    return {item["claim"]["reference"] for item in answer.json["items"]}


def _returned_by_the_department(client: FlaskClient, login: Any) -> tuple[int, str]:
    filed = client.post("/api/v1/claims", headers=login("applicant"), json=claim_body())
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    assert _decide(client, login("township"), claim_id, "approve").status_code == 200
    returned = _decide(client, login("department"), claim_id, "return", RETURN)
    assert returned.status_code == 200 and returned.json["stage"] == "correction"
    return claim_id, filed.json["reference"]


@pytest.mark.parametrize(("changes", "reviewer", "note"), [
    ({"account_number": "6228 4800 0000 0000 999"}, "township", corrections.TO_TOWNSHIP),
    ({"bank_name": "彭阳县农村信用合作联社"}, "township", corrections.TO_TOWNSHIP),
    ({"full_name": "张叁", "account_holder": "张叁"}, "township", corrections.TO_TOWNSHIP),
    ({"township": "wangwa"}, "other_township", corrections.TO_TOWNSHIP),
    ({"target_group": "registered_unemployed"}, "township", corrections.TO_TOWNSHIP),
    ({"certificate_number": "TZ-2026-0009"}, "department", corrections.TO_DEPARTMENT),
    ({"phone": "13900000009"}, "department", corrections.TO_DEPARTMENT),
], ids=["account", "bank", "name", "township", "target group", "certificate", "phone"])
def test_a_correction_after_a_department_return_goes_where_its_change_is_verified(
        client, login, changes, reviewer, note):
    claim_id, reference = _returned_by_the_department(client, login)
    fixed = _decide(client, login("applicant"), claim_id, "resubmit", changes=changes)
    assert fixed.status_code == 200, fixed.json
    expected = "department_review" if reviewer == "department" else "township_review"
    assert fixed.json["stage"] == expected
    assert set(fixed.json["timeline"][-2]["changes"]) == set(changes)
    assert (fixed.json["timeline"][-1]["action"], fixed.json["timeline"][-1]["stage"],
            fixed.json["timeline"][-1]["comment"]) == ("routed", expected, note)
    for queue_of in ("township", "other_township", "department"):
        assert (reference in _queue(client, login(queue_of))) == (queue_of == reviewer)
    if reviewer != "department":  # the township verifies identity, then the certificate again
        assert _decide(client, login(reviewer), claim_id, "approve").json["stage"] == \
            "department_review"
        assert reference in _queue(client, login("department"))


def test_a_correction_after_the_township_s_return_goes_back_to_it_without_a_note(client, login):
    filed = client.post("/api/v1/claims", headers=login("applicant"), json=claim_body())
    claim_id = filed.json["id"]
    assert _decide(client, login("township"), claim_id, "return", "银行卡号有误").status_code \
        == 200
    fixed = _decide(client, login("applicant"), claim_id, "resubmit",
                    changes={"certificate_number": "TZ-2026-0009"}).json
    assert fixed["stage"] == "township_review"
    assert [e["action"] for e in fixed["timeline"]] == ["submitted", "decided", "decided"]


def test_a_pack_without_a_township_goes_back_to_the_hr_bureau_and_says_so(app, client, login):
    app.config["POLICY_PACKS"] = ALL
    filed = client.post("/api/v1/claims", headers=login("applicant"), json=lanzhou())
    assert filed.status_code == 201, filed.json
    claim_id, reference = filed.json["id"], filed.json["reference"]
    reviewer = login("hr_department")
    assert _decide(client, reviewer, claim_id, "return", "银行账户有误").status_code == 200
    fixed = _decide(client, login("applicant"), claim_id, "resubmit",
                    changes={"account_number": "6228 4800 0000 0000 999"})
    assert fixed.status_code == 200, fixed.json
    assert (fixed.json["stage"], fixed.json["department"], fixed.json["township"]) == (
        "department_review", "hr_bureau", "")
    assert fixed.json["timeline"][-1]["comment"] == corrections.TO_HR_BUREAU
    assert reference in _queue(client, reviewer)
    assert reference not in _queue(client, login("township"))


def test_the_claim_page_says_why_in_chinese(client, login, browser):  # noqa: F811
    claim_id, _ = _returned_by_the_department(client, login)
    _decide(client, login("applicant"), claim_id, "resubmit",
            changes={"account_number": "6228 4800 0000 0000 999"})
    page = browser("applicant").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "退回后重新审核" in page
    assert "身份信息已更改：先由乡镇重新审核申请人身份，再由行业主管部门审核证书" in page
