"""A training institution's pages (issue 19 item 3, Huzhou 004 一 2 给予培训机构): it registers
saying what it is, is offered only the roster it may file, uploads its trainees' sheet, and a
refused sheet is said row by row in Chinese; an enterprise is not offered the institution's
kind."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from tests.integration.api.conftest import SCAN_PDF
from tests.integration.api.test_enterprise_claims import STRONG
from tests.integration.api.test_institution_special_ability import INSTITUTION_CODES, trainee
from tests.integration.api.test_pack_claims_api import ALL
from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import registered, sheet
from workflow.domain.policy.huzhou.institution import INSTITUTION_SPECIAL_KIND

ZH = {"Accept-Language": "zh"}
HEADERS = [c.header for c in INSTITUTION_SPECIAL_KIND.columns]


def _register(browser, org_type: str):
    anon = browser(None)
    name = "湖州市某职业技能培训学校"
    return post(anon, "/enterprise/register", {
        "org_type": org_type, "name": name, "credit_code": INSTITUTION_CODES[0],
        "township": "baiyang", "phone": "13900000000", "bank_name": "湖州银行",
        "account_number": "6228480000000009900", "account_holder": name,
        "username": "school0", "password": STRONG}, headers=ZH)


def test_an_institution_registers_and_files_its_trainees(app, browser):
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    form = browser(None).get("/enterprise/register", headers=ZH).get_data(as_text=True)
    assert "单位类型" in form and "培训机构" in form and "其他主体（科研机构、院校）" in form
    wrong = _register(browser, "university")
    assert wrong.status_code == 422 and 'id="e-org_type"' in wrong.get_data(as_text=True)
    assert _register(browser, "training_institution").status_code == 302
    user = browser(None)
    assert post(user, "/login", {"username": "school0", "password": STRONG}).status_code == 302
    page = user.get("/enterprise/claims", headers=ZH).get_data(as_text=True)
    assert "hz_special_ability_institution.xlsx" in page and "work_for_training" not in page
    assert "本机构确认以上每名学员均经本机构培训并取得相应专项职业能力证书" in page
    rows = [[trainee(0)[c.name] for c in INSTITUTION_SPECIAL_KIND.columns],
            [trainee(1, person_group="退休人员")[c.name] for c in INSTITUTION_SPECIAL_KIND.columns]]
    refused = post(user, "/enterprise/claims", {
        "roster_kind": INSTITUTION_SPECIAL_KIND.kind, "attested": INSTITUTION_SPECIAL_KIND.kind,
        "sheet": (io.BytesIO(sheet(*rows, headers=HEADERS)), "学员.xlsx")},
        form_page="/enterprise/claims", headers=ZH)
    assert refused.status_code == 422
    said = refused.get_data(as_text=True)
    assert "第 3 行" in said or "第3行" in said
    assert "学员须属于以下人员之一" in said
    filed = post(user, "/enterprise/claims", {
        "roster_kind": INSTITUTION_SPECIAL_KIND.kind, "attested": INSTITUTION_SPECIAL_KIND.kind,
        "sheet": (io.BytesIO(sheet(rows[0], headers=HEADERS)), "学员.xlsx")},
        form_page="/enterprise/claims", headers=ZH)
    assert filed.status_code == 302, filed.get_data(as_text=True)


def test_an_enterprise_is_not_offered_the_institutions_kind(app, browser):
    app.config["POLICY_PACKS"] = ALL
    page = registered(browser).get("/enterprise/claims").get_data(as_text=True)
    assert "work_for_training" in page and INSTITUTION_SPECIAL_KIND.kind not in page


def test_an_organisation_files_a_project_and_a_refused_form_keeps_everything(app, browser):
    """Huzhou 004 三 6 from the page: the amount in yuan, the review's conclusion attached; a
    refused form says each problem in Chinese beside its field and keeps what was typed and
    the file."""
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert _register(browser, "other_entity").status_code == 302
    user = browser(None)
    assert post(user, "/login", {"username": "school0", "password": STRONG}).status_code == 302
    page = user.get("/enterprise/claims", headers=ZH).get_data(as_text=True)
    assert 'id="project-form"' in page and 'id="roster-form"' not in page  # no roster kind
    form = {"project_kind": "hz_evaluation_project", "project_name": "电子商务师题库开发",
            "project_type": "question_bank", "industry": "ecommerce",
            "reviewed_on": "2026-02-10", "requested_yuan": "60000"}
    refused = post(user, "/enterprise/projects", {
        **form, "review_scan": (io.BytesIO(SCAN_PDF), "评审结论.pdf")},
        form_page="/enterprise/claims", headers=ZH)
    assert refused.status_code == 422
    said = refused.get_data(as_text=True)
    assert 'id="e-requested_yuan"' in said and "电子商务师题库开发" in said
    assert "Kept from" not in said and "评审结论.pdf" in said  # the file kept, said in Chinese
    filed = post(user, "/enterprise/projects", {
        **form, "requested_yuan": "40,000", "kept": re.search(
            r'name="kept" value="([^"]+)"', said).group(1), "kept_name": "评审结论.pdf"},
        form_page="/enterprise/claims", headers=ZH)
    assert filed.status_code == 302, filed.get_data(as_text=True)
    listed = user.get("/enterprise/claims", headers=ZH).get_data(as_text=True)
    assert "电子商务师题库开发" in listed
