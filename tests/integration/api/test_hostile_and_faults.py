"""Hostile input at the boundaries and a database that goes away mid-request.

Each test states the fault or the attack and the invariant it checks.
"""

from __future__ import annotations

import io

import pytest
from flask import g, request
from sqlalchemy import create_engine, func, select, text

from tests.integration.api.conftest import claim_body
from web.db import get_session, sessions
from workflow.persistence.models import Attachment, Claim

SCRIPT = "<script>alert(1)</script>"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _claims(app) -> int:
    with sessions(app)() as s:
        return s.scalar(select(func.count()).select_from(Claim)) or 0


def test_an_oversized_body_is_refused_cleanly(app, client, login):
    """Attack: a body over MAX_CONTENT_LENGTH. Invariant: 413 with the error object, nothing
    stored, the next request answers normally."""
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    big = {**claim_body(), "certificate_issuer": "x" * (100 * 1024)}
    answer = client.post("/api/v1/claims", json=big, headers=login("applicant"))
    assert answer.status_code == 413 and answer.json["error"] == "request_entity_too_large"
    assert _claims(app) == 0
    assert client.post("/api/v1/claims", json=claim_body(),
                       headers=login("applicant")).status_code == 201


def test_wrong_types_get_a_message_per_field(client, login):
    """Attack: numbers, lists and objects where text is expected. Invariant: 422 naming each."""
    answer = client.post("/api/v1/claims", headers=login("applicant"), json={
        **claim_body(), "full_name": ["张三"], "phone": 13800000000,
        "certificate_issued_on": {"y": 2026}})
    assert answer.status_code == 422
    assert {"full_name", "phone", "certificate_issued_on"} <= set(answer.json["fields"])


def test_markup_in_text_fields_is_shown_as_text_on_every_page(app, client, login):
    """Attack: script in fields a reviewer reads (issuer, bank, a return reason, an objection).
    Invariant: every page shows it escaped; the raw markup never reaches a page."""
    applicant = login("applicant")
    claim = client.post("/api/v1/claims", headers=applicant, json=claim_body(
        certificate_issuer=SCRIPT, bank_name=f"银行{SCRIPT}")).json
    township = login("township")
    task = client.get(f"/api/v1/claims/{claim['id']}", headers=township).json["tasks"][0]
    client.post(f"/api/v1/claims/{claim['id']}/tasks/{task['task_id']}", headers=township,
                json={"decision": "return", "comment": f"请补充{SCRIPT}"})
    pages = {}
    for who, path in (("township", f"/claims/{claim['id']}"), ("applicant", "/claims"),
                      ("applicant", f"/claims/{claim['id']}"), ("bureau", "/queue"),
                      ("bureau", f"/claims/{claim['id']}")):
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["user_id"], session["epoch"] = _user_id(app, who), 0
        pages[(who, path)] = browser.get(path).get_data(as_text=True)
    for key, html in pages.items():
        assert SCRIPT not in html, key
    shown = pages[("township", f"/claims/{claim['id']}")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def _user_id(app, username: str) -> int:
    from workflow.persistence.models import User

    with sessions(app)() as s:
        return s.scalar(select(User.id).where(User.username == username))


def test_path_tricks_in_file_names_stay_names(app, tmp_path):
    """Attack: an upload named to climb out of the upload folder. Invariant: stored under a
    random key inside it; the download's name has no directory in it."""
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["user_id"], session["epoch"] = _user_id(app, "applicant"), 0
    from tests.integration.pages.conftest import post

    answer = post(browser, "/claims/new", {"full_name": "张三", "action": "save",
                                           "attachment_certificate_scan": (
                                               io.BytesIO(PNG), "../../../../etc/cron.d/x.png")},
                  form_page="/claims/new", content_type="multipart/form-data")
    assert answer.status_code == 302
    with sessions(app)() as s:
        stored = s.scalars(select(Attachment)).one()
    assert "/" not in stored.filename and ".." not in stored.filename
    uploads = tmp_path / "uploads"
    files = [p for p in uploads.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [stored.storage_key]
    assert not any(p.name == "x.png" for p in tmp_path.parent.rglob("x.png"))
    download = browser.get(f"/drafts/files/{stored.id}")
    assert download.data == PNG
    assert "/" not in download.headers.get("Content-Disposition", "").split("filename", 1)[-1]


@pytest.fixture
def postgres_only(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("killing a server connection needs PostgreSQL")
    return db_url


def test_the_database_going_away_mid_request_gives_a_clean_503(app, client, login,
                                                                 postgres_only):
    """Fault: the request's database connection is killed while the request runs.
    Invariant: 503 with the error object and Retry-After, nothing saved, and the next
    request works on a fresh connection."""

    @app.before_request
    def _kill_own_connection() -> None:
        if request.headers.get("X-Fault") == "kill":
            get_session().execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))

    headers = login("applicant")
    answer = client.post("/api/v1/claims", json=claim_body(),
                         headers={**headers, "X-Fault": "kill"})
    assert answer.status_code == 503 and answer.json["error"] == "unavailable"
    assert answer.headers["Retry-After"] == "5"
    assert _claims(app) == 0
    assert client.post("/api/v1/claims", json=claim_body(), headers=headers).status_code == 201


def test_the_database_going_away_before_the_commit_loses_the_whole_request(app, client, login,
                                                                           postgres_only):
    """Fault: the connection dies after the claim, its task and its audit event were written
    but before the commit. Invariant: 503, none of them is kept, the next filing works."""
    admin = create_engine(postgres_only)

    @app.after_request  # registered last, so it runs before the app's own commit
    def _kill_before_commit(response):  # type: ignore[no-untyped-def]
        if request.headers.get("X-Fault") == "kill-before-commit" and "db" in g:
            pid = g.db.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with admin.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return response

    headers = login("applicant")
    try:
        answer = client.post("/api/v1/claims", json=claim_body(),
                             headers={**headers, "X-Fault": "kill-before-commit"})
    finally:
        admin.dispose()
    assert answer.status_code == 503 and answer.json["error"] == "unavailable"
    assert _claims(app) == 0
    again = client.post("/api/v1/claims", json=claim_body(), headers=headers)
    assert again.status_code == 201
    from workflow.services.audit import verify_chain

    with sessions(app)() as s:
        assert verify_chain(s).intact


def test_numbers_no_database_id_can_be_are_refused_before_the_database(client, login):
    """Attack: ids past 64 bits in paths and bodies (schemathesis found one). Invariant: 404
    or 422 with the error object, never a driver overflow (500)."""
    huge = 2**63
    headers = login("bureau")
    assert client.get(f"/api/v1/claims/{huge}", headers=headers).status_code == 404
    assert client.post(f"/api/v1/claims/{huge}/tasks/x", headers=headers,
                       json={"decision": "approve"}).status_code == 404
    answer = client.post("/api/v1/notices", headers=headers, json={
        "starts_on": "2026-12-01", "contact_office": "股", "contact_phone": "1",
        "contact_address": "址", "claim_ids": [huge]})
    assert answer.status_code == 422 and "claim_ids" in answer.json["fields"]
    assert client.get(f"/api/v1/queue?offset={huge}", headers=headers).status_code == 422
    assert client.get(f"/notices/{huge}").status_code == 404
