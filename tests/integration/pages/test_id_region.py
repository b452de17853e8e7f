"""Valid ID numbers whose county code is newer than the birth (issue 17 item 13).

Pengyang's code is 640425 since 2001 (642226 before): a person born there in 1990 whose number
was assigned after 2001 has a 640425 number, and python-stdnum's `ric.validate` refuses it
because the code was not in use in 1990. GB 11643 numbers keep the code where they were
assigned: only format, birth date and check digit refuse; the region mismatch is a warning the
township reviewer sees among the automatic checks, which does not block bulk approval."""

from __future__ import annotations

import re

from stdnum.cn import ric

from tests.integration.pages.conftest import claim_body, form_claim, post

SECRET = "plum tractor quietly 1987"


def _number(body: str) -> str:
    """17 digits and their GB 11643 check digit."""
    return body + ric.calc_check_digit(body + "0")


WANG = _number("64042519900101123")  # 640425199001011238: born 1990, code in use since 2001
ZHAO = _number("64042519851231004")
WARNING = "身份证号码地址码在出生年份已启用: 提示"
DETAIL = "地址码 640425 在出生年份 1990 年未启用（启用年份：彭阳县 2001–），请核对身份证件"


def test_python_stdnum_alone_refuses_these_numbers():
    """What the issue reports; if a later stdnum accepts them, this tells us so."""
    assert not ric.is_valid(WANG) and not ric.is_valid(ZHAO)


def _page(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def _correct(client, claim_id: int, **data: str):
    page = _page(client, f"/claims/{claim_id}")
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    action = re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', page).group(1)
    return post(client, action, {"version": version, "form": "claim_correction", **data},
                form_page=f"/claims/{claim_id}")


def test_registration_filing_correction_and_the_api_accept_them_and_warn_the_township(
        app, browser):
    wang = app.test_client()
    registered = post(wang, "/register", {"username": "wangwu", "password": SECRET,
                                          "full_name": "王五", "id_number": WANG,
                                          "phone": "13800000001"})
    assert registered.status_code == 302, registered.get_data(as_text=True)
    # Registering logs nobody in (the answer tells nothing of the number): log in.
    assert post(wang, "/login", {"username": "wangwu", "password": SECRET}).status_code == 302
    mine = dict(full_name="王五", account_holder="王五", id_number=WANG,
                account_number="6228480000000005555")
    filed = post(wang, "/claims/new", form_claim(**mine))
    assert filed.status_code == 302, re.findall(r'class="error"[^>]*>[^<]*', filed.get_data(
        as_text=True))
    claim_id = int(filed.headers["Location"].rsplit("/", 1)[1])

    township = browser("township")
    page = _page(township, f"/claims/{claim_id}")
    assert WARNING in page and DETAIL in page and 'class="warn"' in page
    assert WANG in page  # identity review sees the whole number
    queue = _page(township, "/queue")
    assert WARNING in queue and "需人工核查" not in queue
    assert f'name="claim_ids" value="{claim_id}"' in queue  # a warning does not block
    returned = post(township, _action(page), {"version": _version(page), "form": "review",
                                              "decision": "return", "comment": "请补正电话"},
                    form_page=f"/claims/{claim_id}")
    assert returned.status_code == 302
    corrected = _correct(wang, claim_id, decision="resubmit",
                         **form_claim(**mine, phone="13800000009"))
    assert corrected.status_code == 302, corrected.get_data(as_text=True)
    assert WARNING in _page(township, f"/claims/{claim_id}")

    # The API: registration, filing, a quote with the applicant's own number.
    api = app.test_client()
    assert api.post("/api/v1/auth/register", json={
        "username": "zhaoliu", "password": SECRET, "full_name": "赵六", "id_number": ZHAO,
        "phone": "13800000002"}).status_code == 202
    token = api.post("/api/v1/auth/login", json={"username": "zhaoliu",
                                                 "password": SECRET}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    answer = api.post("/api/v1/claims", headers=headers, json=claim_body(
        full_name="赵六", account_holder="赵六", id_number=ZHAO, certificate_number="TZ-ZHAO",
        account_number="6228480000000006666"))
    assert answer.status_code == 201, answer.json
    quote = api.post("/api/v1/quote", headers=headers, json={
        "id_number": ZHAO, "township": "baiyang", "target_group": "rural_migrant",
        "certificate_code": "PY-22", "certificate_issued_on": "2026-05-01"}).json
    assert [r for r in quote["reasons"] if r["rule"] == "id_number" and not r["passed"]] == []

    # An administrator records such a number on an applicant account.
    admin = browser("admin")
    created = post(admin, "/admin/users", {
        "username": "sunqi", "password": SECRET + " admin", "role": "applicant",
        "full_name": "孙七", "id_number": _number("64042519920505003")},
        form_page="/admin/users")
    assert created.status_code == 302, created.get_data(as_text=True)


def test_format_birth_date_and_check_digit_still_refuse_with_the_field_message(app):
    client = app.test_client()
    for wrong in (WANG[:-1] + ("0" if WANG[-1] != "0" else "1"),  # check digit
                  _number("64042519901301123"),  # month 13
                  "64042519900101123"):  # 17 characters
        answer = client.post("/api/v1/auth/register", json={
            "username": f"u{wrong[-4:]}", "password": SECRET, "full_name": "王五",
            "id_number": wrong, "phone": "13800000001"})
        assert answer.status_code == 422
        assert answer.json["fields"]["id_number"] == ["not a valid resident ID number (GB 11643)"]


def _action(page: str) -> str:
    return re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', page).group(1)


def _version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)
