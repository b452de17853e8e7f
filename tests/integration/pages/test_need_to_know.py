"""Whole ID numbers and accounts only while the viewer's task needs them
(workflow.domain.need_to_know), through the pages, the API, the scans and the exports."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select, update

from tests.conftest import NOW
from tests.integration.helpers import actors_of, decide, due_claims
from tests.integration.pages.conftest import form_claim, post
from web.db import runtime, sessions
from workflow.persistence.models import Attachment, Claim, ExportJob, User
from workflow.services import exports

ID = "11010519491231002X"  # the fixture applicant's
ID_MASKED = "110105********002X"
ACCOUNT = "6228480000000000000"
ACCOUNT_MASKED = "**** 0000"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED_SCAN = "只有正在审核身份的审核人员"  # the page's words for a scan not served now


def _file_with_scans(app: Any, browser: Any) -> tuple[int, int, int]:
    """The applicant files a claim through the form with an ID card and a certificate scan:
    (claim, ID card scan, certificate scan)."""
    filed = post(browser("applicant"), "/claims/new", {
        **form_claim(), "action": "submit",
        "attachment_id_card": (io.BytesIO(PNG), "身份证.png"),
        "attachment_certificate_scan": (io.BytesIO(PDF), "证书.pdf")},
        form_page="/claims/new", content_type="multipart/form-data")
    assert filed.status_code == 302, filed.get_data(as_text=True)
    with sessions(app)() as s:
        claim = s.scalars(select(Claim)).one()
        kinds = {a.kind: a.id for a in s.scalars(select(Attachment))}
    return claim.id, kinds["id_card"], kinds["certificate_scan"]


def _approve(client: Any, claim_id: int) -> None:
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    action = re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    answer = post(client, action, {"version": version, "form": "review",
                                   "decision": "approve"}, form_page=f"/claims/{claim_id}")
    assert answer.status_code == 302, answer.get_data(as_text=True)


def _api(app: Any, who: str, path: str) -> Any:
    from tests.conftest import PASSWORD

    client = app.test_client()
    token = client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    return client.get(path, headers={"Authorization": f"Bearer {token.json['token']}"}).json


def _export(app: Any, client: Any, kind: str, **params: str) -> int:
    started = post(client, "/exports", {"kind": kind, **params}, form_page="/exports")
    assert started.status_code == 303, started.get_data(as_text=True)
    exports.run_pending(sessions(app), runtime(app).clock)
    return int(started.headers["Location"].rsplit("/", 1)[1])


def _rows(answer: Any) -> list[list[Any]]:
    assert answer.status_code == 200, answer.status_code
    return [[c.value for c in row]
            for row in load_workbook(io.BytesIO(answer.data)).active.iter_rows()]


def test_the_township_sees_the_whole_id_only_while_it_reviews_identity(app, browser):
    claim_id, id_card, certificate = _file_with_scans(app, browser)
    township = browser("township")
    url = f"/claims/{claim_id}"

    page = township.get(url).get_data(as_text=True)
    assert ID in page and ACCOUNT not in page and ACCOUNT_MASKED in page
    assert f"{url}/files/{id_card}" in page  # linked while the review is open
    scan = township.get(f"{url}/files/{id_card}")
    assert scan.status_code == 200 and scan.data == PNG
    shown = _api(app, "township", f"/api/v1/claims/{claim_id}")
    assert (shown["id_number"], shown["account_number"], shown["whole_numbers"]) == (
        ID, ACCOUNT_MASKED, ["id_number"])
    queue = _api(app, "township", "/api/v1/queue")["items"]
    assert [i["claim"]["id_number"] for i in queue] == [ID]
    job = _export(app, township, "training")
    assert _rows(township.get(f"/exports/{job}/file"))[2][3] == ID

    _approve(township, claim_id)  # the same reviewer, the same claim, past their task

    page = township.get(url).get_data(as_text=True)
    assert ID not in page and ID_MASKED in page and ACCOUNT not in page
    assert f"{url}/files/{id_card}" not in page and REFUSED_SCAN in page
    assert f"{url}/files/{certificate}" in page
    refused = township.get(f"{url}/files/{id_card}")
    assert refused.status_code == 403 and PNG not in refused.data
    assert REFUSED_SCAN in refused.get_data(as_text=True)
    assert township.get(f"{url}/files/{certificate}").status_code == 200
    shown = _api(app, "township", f"/api/v1/claims/{claim_id}")
    assert (shown["id_number"], shown["whole_numbers"]) == (ID_MASKED, [])
    job = _export(app, township, "training")
    ledger = township.get(f"/exports/{job}/file")
    assert _rows(ledger)[2][3] == ID_MASKED and ID.encode() not in ledger.data


def test_department_and_bureau_never_see_the_whole_id_nor_the_id_card(app, browser):
    claim_id, id_card, certificate = _file_with_scans(app, browser)
    _approve(browser("township"), claim_id)
    url = f"/claims/{claim_id}"
    for who in ("department", "bureau"):  # the bureau: acceptance, then objections
        client = browser(who)
        page = client.get(url).get_data(as_text=True)
        assert f"{url}/tasks/" in page  # their task is open, and still no whole numbers
        assert ID not in page and ID_MASKED in page and ACCOUNT not in page
        assert f"{url}/files/{id_card}" not in page
        assert client.get(f"{url}/files/{id_card}").status_code == 403
        assert client.get(f"{url}/files/{certificate}").status_code == 200  # theirs to judge
        shown = _api(app, who, f"/api/v1/claims/{claim_id}")
        assert (shown["id_number"], shown["account_number"]) == (ID_MASKED, ACCOUNT_MASKED)
        assert [i["claim"]["id_number"] for i in _api(app, who, "/api/v1/queue")["items"]] \
            == [ID_MASKED]
        if who == "department":
            _approve(client, claim_id)


def test_a_claim_no_township_reviews_shows_its_department_the_whole_id(app, browser):
    """Under Lanzhou New Area's pack the HR bureau's reviewer checks identity and certificate
    together (policy.filing): the department review is the identity review."""
    from tests.integration.pages.test_pack_claims_pages import FORM, TOLD

    app.config["POLICY_PACKS"] = "pengyang,lanzhou"
    filed = post(browser("applicant"), "/claims/new", {
        **FORM, **TOLD, "attachment_id_card": (io.BytesIO(PNG), "身份证.png"),
        "attachment_certificate_scan": (io.BytesIO(PDF), "证书.pdf")},
        form_page="/claims/new?pack=lanzhou", content_type="multipart/form-data")
    assert filed.status_code == 302, filed.get_data(as_text=True)
    with sessions(app)() as s:
        claim_id = s.scalars(select(Claim.id)).one()
        id_card = s.scalars(select(Attachment.id).where(Attachment.kind == "id_card")).one()
    reviewer, url = browser("hr_department"), f"/claims/{claim_id}"
    assert ID in reviewer.get(url).get_data(as_text=True)
    assert reviewer.get(f"{url}/files/{id_card}").status_code == 200
    _approve(reviewer, claim_id)
    assert ID not in reviewer.get(url).get_data(as_text=True)
    assert reviewer.get(f"{url}/files/{id_card}").status_code == 403


def test_finance_sees_the_whole_account_while_paying_it(app, browser):
    f, rt = sessions(app), runtime(app)
    people = actors_of(f)
    paid, waiting = due_claims(f, rt, people, 2, "TZ-PAY")
    finance = browser("finance")
    page = finance.get(f"/claims/{waiting}").get_data(as_text=True)
    assert ACCOUNT in page and ID not in page
    shown = _api(app, "finance", f"/api/v1/claims/{waiting}")
    assert (shown["account_number"], shown["whole_numbers"]) == (ACCOUNT, ["account_number"])
    assert {i["claim"]["account_number"] for i in _api(app, "finance", "/api/v1/queue")[
        "items"]} == {ACCOUNT}
    app.extensions["test.clock"][0] = NOW + timedelta(days=20)
    decide(f, rt, people["finance"], paid, "paid")
    page = finance.get(f"/claims/{paid}").get_data(as_text=True)
    assert ACCOUNT not in page and ACCOUNT_MASKED in page  # paid: no task needs it now
    for who in ("township", "department", "bureau", "admin"):  # nobody else, at payment
        assert ACCOUNT not in browser(who).get(f"/claims/{waiting}").get_data(as_text=True)


def _finance_export(app: Any, browser: Any) -> tuple[Any, int]:
    f, rt = sessions(app), runtime(app)
    due_claims(f, rt, actors_of(f), 1, "TZ-EXP")
    finance = browser("finance")
    job = _export(app, finance, "training")
    assert _rows(finance.get(f"/exports/{job}/file"))[2][22] == ACCOUNT  # whole: at payment
    return finance, job


def _set_user(app: Any, browser: Any, username: str, **form: str) -> None:
    with sessions(app)() as s:
        user_id = s.scalars(select(User.id).where(User.username == username)).one()
    answer = post(browser("admin"), f"/admin/users/{user_id}", form,
                  form_page=f"/admin/users/{user_id}")
    assert answer.status_code == 302, answer.get_data(as_text=True)


def _withdrawn(app: Any, job: int) -> tuple[str, bool]:
    with sessions(app)() as s:
        row = s.get(ExportJob, job)
        return row.status, s.scalar(select(ExportJob.content).where(ExportJob.id == job)) \
            is None


def test_an_export_is_refused_once_its_finance_officer_is_demoted(app, browser):
    finance, job = _finance_export(app, browser)
    _set_user(app, browser, "finance", role="department_reviewer", scope="market", active="y")
    answer = finance.get(f"/exports/{job}/file")  # the old session ended with the role change
    assert answer.status_code == 302 and ACCOUNT.encode() not in answer.data
    again = browser("finance")  # logged in anew, now a department's reviewer
    answer = again.get(f"/exports/{job}/file")
    assert answer.status_code == 403 and ACCOUNT.encode() not in answer.data
    assert "不再具有" in answer.get_data(as_text=True)
    assert _withdrawn(app, job) == ("withdrawn", True)  # the file is gone, not just refused
    assert "已撤回" in again.get(f"/exports/{job}").get_data(as_text=True)


def test_an_export_is_refused_once_its_finance_officer_is_deactivated(app, browser):
    finance, job = _finance_export(app, browser)
    _set_user(app, browser, "finance", role="finance_officer")  # "active" unticked
    answer = finance.get(f"/exports/{job}/file")  # an old session cookie
    assert answer.status_code in (302, 401, 403) and ACCOUNT.encode() not in answer.data
    assert _withdrawn(app, job) == ("withdrawn", True)


def test_the_download_checks_the_account_as_it_is_now(app, browser):
    """However the role changed (not through the users page here), the file is refused."""
    finance, job = _finance_export(app, browser)
    with sessions(app).begin() as s:
        s.execute(update(User).where(User.username == "finance").values(
            role="department_reviewer", scope="market"))
    answer = finance.get(f"/exports/{job}/file")
    assert answer.status_code == 403 and ACCOUNT.encode() not in answer.data
