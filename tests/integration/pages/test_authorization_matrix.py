"""Every endpoint × every role × own scope / other scope / anonymous, answers written out.

The world: claim C of `applicant` in 白阳镇 (baiyang), waiting for the market department's
review, with a certificate scan and an ID card scan; a draft of `applicant` with a scan; a
public notice whose two claims are now due for payment and sit in a payment batch. "Own" is
the user whose claim, township or department that is ("applicant", "township", "department");
"other" is the same role elsewhere ("other_applicant", "other_township", "other_department").

Each request runs in a transaction that is rolled back, so every cell sees the same world and
an allowed request really does its work (a valid body is sent wherever one makes sense).
Answers: a status code, or "login" (401 for the API, a redirect to the login page for pages).
A route without a row here fails the test: a new endpoint must say who may use it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import g
from sqlalchemy import func, select

from tests.integration.helpers import (
    actors_of,
    decide,
    file,
    id_number_of,
    person,
    publish,
)
from tests.integration.pages.authorization_table import (
    CSRF,
    ID_CARD_READERS,
    MATRIX,
    PNG,
    WHO,
)
from web.db import files, runtime, sessions
from workflow.persistence.models import (
    Attachment,
    Claim,
    HumanTask,
    NoticeBatch,
    PaymentBatch,
    ProcessDefinition,
    User,
)
from workflow.services import (
    attachments,
    drafts,
    exports,
    payments,
    process_drafts,
    timers,
)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)



@pytest.fixture
def world(app) -> dict[str, Any]:
    f, rt = sessions(app), runtime(app)
    actors = actors_of(f)
    claim = file(f, rt, actors["applicant"], _claim_input())
    decide(f, rt, actors["township"], claim, "approve")
    due = []
    for i in range(2):  # other people's claims, on to public notice
        who = person(f, 10 + i)
        due.append(file(f, rt, who, _claim_input(certificate_number=f"TZ-DUE-{i}",
                                                 id_number=id_number_of(f, who),
                                                 account_number=f"62284800000000{10 + i:05d}")))
        for reviewer in ("township", "department", "bureau"):
            decide(f, rt, actors[reviewer], due[-1], "approve")
    batch = publish(f, rt, actors["bureau"])
    timers.fire_due(f, rt, batch.closes_at)
    app.extensions["test.clock"][0] = batch.closes_at
    with f.begin() as s:
        scan = attachments.store(s, files(app), actors["applicant"], attachments.Upload(
            "certificate_scan", "证书.png", PNG), batch.closes_at, 10**6, claim_id=claim)
        id_card = attachments.store(s, files(app), actors["applicant"], attachments.Upload(
            "id_card", "身份证.png", PNG), batch.closes_at, 10**6, claim_id=claim)
        draft = drafts.save_draft(s, actors["applicant"], {"full_name": "张三"},
                                  batch.closes_at)
        draft_scan = attachments.store(s, files(app), actors["applicant"], attachments.Upload(
            "certificate_scan", "草稿.png", PNG), batch.closes_at, 10**6, draft=draft)
        spare = drafts.save_draft(s, actors["applicant"], {}, batch.closes_at)
        paying = payments.create_batch(s, actors["finance"], batch.closes_at)
        process_draft = process_drafts.start(s, actors["admin"], batch.closes_at)
        export = exports.request_export(s, actors["applicant"], "my_claims", {},
                                        batch.closes_at)
        task = s.query(HumanTask).filter_by(claim_id=claim).one()
        ids = {u.username: u.id for u in s.query(User)}
        due_ref = s.get(Claim, due[0]).reference
        world = {"due_ref": due_ref, "claim": claim, "scan": scan.id, "id_card": id_card.id,
                 "draft": draft.id,
                 "spare": spare.id, "draft_scan": draft_scan.id, "task": task.task_id,
                 "notice": batch.id, "payment": paying.id, "due": due[0], "user": ids["township"],
                 "ids": ids, "process_draft": process_draft.id, "export": export.id,
                 "definition": s.scalar(select(func.max(ProcessDefinition.id)))}
        assert s.query(Attachment).count() == 3 and s.get(NoticeBatch, batch.id)
        assert s.get(PaymentBatch, paying.id).line_count == 2

    @app.after_request
    def _roll_back(response: Any) -> Any:  # runs before the app's commit (registered later)
        db = g.get("db")
        if db is not None:
            db.rollback()
        return response

    return world


def _claim_input(**overrides: Any) -> Any:
    from tests.conftest import claim_input

    return claim_input(**{"certificate_number": "TZ-MATRIX-C", **overrides})


def _client(app: Any, who: str, world: dict[str, Any]) -> tuple[Any, str]:
    client = app.test_client()
    if who != "anon":
        with client.session_transaction() as session:
            session["user_id"], session["epoch"] = world["ids"][who], 0
    token = CSRF.search(client.get("/login").get_data(as_text=True))
    assert token is not None
    return client, token.group(1)


def _answer(response: Any) -> str:
    if response.status_code == 401 or (response.status_code == 302 and "/login" in
                                       response.headers.get("Location", "")):
        return "login"
    return str(response.status_code)


def _send(client: Any, token: str, method: str, path: str, kind: str | None, body: Any) -> Any:
    if kind == "json":
        return client.open(path, method=method, json=body)
    if kind in ("form", "multipart"):
        data = dict(body or {})
        if kind == "multipart":
            data = {k: (io.BytesIO(v), "scan.png") if isinstance(v, bytes) else v
                    for k, v in data.items()}
        return client.open(path, method=method, data={**data, "csrf_token": token},
                           content_type="multipart/form-data" if kind == "multipart" else None)
    return client.open(path, method=method, data={"csrf_token": token} if method == "POST"
                       else None)


def _routes(app: Any) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_a_row(app):
    missing = sorted(_routes(app) - set(MATRIX))
    stale = sorted(set(MATRIX) - _routes(app))
    assert missing == [], f"routes without an authorization row: {missing}"
    assert stale == [], f"rows for routes that no longer exist: {stale}"


def test_the_matrix(app, world):
    observed: dict[tuple[str, str], str] = {}
    for (method, rule), (path, kind, body, _expected) in MATRIX.items():
        cells = []
        for who in WHO:
            client, token = _client(app, who, world)
            resolved = path.format(**world)
            data = body(world) if isinstance(body, Callable) else body
            response = _send(client, token, method, resolved, kind, data)
            cells.append(_answer(response))
            response.close()  # static files and downloads are streamed
        observed[(method, rule)] = "  ".join(f"{c:<5}" for c in cells).strip()
    wrong = {key: (" ".join(MATRIX[key][3].split()), " ".join(got.split()))
             for key, got in observed.items() if MATRIX[key][3].split() != got.split()}
    assert wrong == {}, "\n".join(f"{k}: expected {e}\n{' ' * len(str(k))}       got {o}"
                                  for k, (e, o) in wrong.items())


def test_bulk_approval_never_reaches_another_scope(app, world):
    """Bulk approval answers 302 to every reviewer; only the claim's own department's
    approves it."""
    approved = {}
    for who in ("other_township", "other_department", "township", "department"):
        client, token = _client(app, who, world)
        client.post("/queue/bulk-approve", data={"claim_ids": str(world["claim"]),
                                                 "csrf_token": token})
        with client.session_transaction() as session:
            flashes = [message for _, message in session.get("_flashes", [])]
        approved[who] = next(m for m in flashes if "已通过" in m)  # 已通过 N 件申请。
    assert {who: re.search(r"\d+", message)[0] for who, message in approved.items()} == {
        "other_township": "0", "other_department": "0", "township": "0", "department": "1"}


def test_an_id_card_scan_past_identity_review(app, world):
    """The claim waits at department review: its ID card scan is its applicant's alone now; to
    reviewers who see the claim it answers 403, to anyone else the claim does not exist."""
    got = []
    for who in WHO:
        client, _token = _client(app, who, world)
        got.append(_answer(client.get(f"/claims/{world['claim']}/files/{world['id_card']}")))
    assert got == ID_CARD_READERS.split()
