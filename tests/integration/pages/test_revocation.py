"""Sessions are revocable: logout, a new password, deactivation and a change of role or scope
end every session cookie and bearer token the user had, including a cookie copied elsewhere
(users.session_epoch). Driven through HTTP as a browser and an API client would."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import NOW, PASSWORD
from tests.integration.api.conftest import claim_body
from tests.integration.pages.conftest import post, token
from web.db import sessions
from workflow.persistence.models import ApiToken, Claim, User
from workflow.services import users

NEW_PASSWORD = "copper kettle winter orchard"


def _api_login(app: Flask, username: str, password: str = PASSWORD) -> Any:
    return app.test_client().post("/api/v1/auth/login",
                                  json={"username": username, "password": password})


def _bearer(app: Flask, username: str) -> dict[str, str]:
    answer = _api_login(app, username)
    assert answer.status_code == 200, answer.json
    return {"Authorization": f"Bearer {answer.json['token']}"}


def _page_login(app: Flask, username: str, password: str = PASSWORD) -> tuple[FlaskClient, Any]:
    browser = app.test_client()
    return browser, post(browser, "/login", {"username": username, "password": password})


def _copy_cookies(source: FlaskClient, app: Flask) -> FlaskClient:
    """A second client holding the same cookie jar: a copy of the cookie taken elsewhere."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    return _replay(app, cookie.value)


def _replay(app: Flask, value: str) -> FlaskClient:
    """A client sending this session cookie, as whoever copied it would, again and again."""
    copy = app.test_client()
    copy.set_cookie("session", value)
    return copy


def _filed_claim(app: Flask) -> int:
    answer = app.test_client().post("/api/v1/claims", headers=_bearer(app, "applicant"),
                                    json=claim_body())
    assert answer.status_code == 201, answer.json
    return int(answer.json["id"])


def _state(app: Flask, claim_id: int) -> tuple[str, int]:
    with sessions(app)() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        return claim.stage, claim.version


def _user_id(app: Flask, username: str) -> int:
    with sessions(app)() as session:
        return session.scalar(select(User.id).where(User.username == username))  # type: ignore


def _edit_user(app: Flask, username: str, **changes: str | None) -> None:
    """The administrator's user page: role, scope, status, password."""
    admin, _ = _page_login(app, "admin")
    user_id = _user_id(app, username)
    form = {"role": "township_reviewer", "scope": "baiyang", "active": "y", **changes}
    answer = post(admin, f"/admin/users/{user_id}", {k: v for k, v in form.items() if v},
                  form_page=f"/admin/users/{user_id}")
    assert answer.status_code == 302, answer.get_data(as_text=True)


def _logout_page(app: Flask, browser: FlaskClient, bearer: dict[str, str]) -> None:
    answer = post(browser, "/logout", {}, form_page="/queue")
    assert answer.status_code == 302


def _logout_api(app: Flask, browser: FlaskClient, bearer: dict[str, str]) -> None:
    assert app.test_client().post("/api/v1/auth/logout", headers=bearer).status_code == 200


EVENTS = {
    "logout_page": (_logout_page, PASSWORD),
    "logout_api": (_logout_api, PASSWORD),
    "password_reset": (lambda app, *_: _edit_user(app, "township", password=NEW_PASSWORD),
                       NEW_PASSWORD),
    "deactivation": (lambda app, *_: _edit_user(app, "township", active=None), None),
    "role_change": (lambda app, *_: _edit_user(app, "township", role="bureau_officer",
                                               scope=None), PASSWORD),
    "scope_change": (lambda app, *_: _edit_user(app, "township", scope="wangwa"), PASSWORD),
}


@pytest.mark.parametrize("event", list(EVENTS))
def test_the_event_ends_every_cookie_and_token_issued_before(app, event):
    claim_id = _filed_claim(app)
    browser, answer = _page_login(app, "township")
    assert answer.status_code == 302
    stolen = _copy_cookies(browser, app)
    bearer = _bearer(app, "township")
    task = app.test_client().get(f"/api/v1/claims/{claim_id}", headers=bearer).json
    task_id, version = task["tasks"][0]["task_id"], task["version"]
    csrf = token(stolen, f"/claims/{claim_id}")  # the decision form, read before the event
    copied = stolen.get_cookie("session").value  # with the form's CSRF secret in it
    # Before the event both work: the copy is a real session.
    assert _replay(app, copied).get("/queue").status_code == 200
    assert app.test_client().get("/api/v1/queue", headers=bearer).status_code == 200

    do, password = EVENTS[event]
    do(app, browser, bearer)

    page = _replay(app, copied).get("/queue")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert _replay(app, copied).get("/api/v1/queue").status_code == 401
    approve = _replay(app, copied).post(f"/claims/{claim_id}/tasks/{task_id}", data={
        "csrf_token": csrf, "decision": "approve", "version": str(version)})
    assert approve.status_code == 302 and "/login" in approve.headers["Location"]
    api = app.test_client()
    assert api.get("/api/v1/queue", headers=bearer).status_code == 401
    assert api.post(f"/api/v1/claims/{claim_id}/tasks/{task_id}", headers=bearer, json={
        "decision": "approve", "comment": "", "version": version}).status_code == 401
    assert _state(app, claim_id) == ("township_review", version)
    with sessions(app)() as session:
        assert session.scalars(select(ApiToken).where(
            ApiToken.user_id == _user_id(app, "township"))).all() == []

    # A new login works, except for a deactivated account.
    fresh, answer = _page_login(app, "township", password or PASSWORD)
    if password is None:
        assert answer.status_code == 422
        assert _api_login(app, "township").status_code == 401
        return
    assert answer.status_code == 302 and fresh.get("/queue").status_code == 200
    again = _api_login(app, "township", password)
    assert again.status_code == 200
    assert api.get("/api/v1/queue", headers={
        "Authorization": f"Bearer {again.json['token']}"}).status_code == 200


def test_an_edit_that_changes_no_access_keeps_the_sessions(app):
    """Recording an ID number changes nothing a session was trusted with."""
    browser, _ = _page_login(app, "township")
    bearer = _bearer(app, "township")
    _edit_user(app, "township", id_number="642226198505050022")
    assert browser.get("/queue").status_code == 200
    assert app.test_client().get("/api/v1/queue", headers=bearer).status_code == 200


def test_an_administrator_changing_their_own_password_keeps_this_session_only(app):
    admin, _ = _page_login(app, "admin")
    elsewhere = _copy_cookies(admin, app)
    bearer = _bearer(app, "admin")
    user_id = _user_id(app, "admin")
    answer = post(admin, f"/admin/users/{user_id}", {
        "role": "administrator", "active": "y", "password": NEW_PASSWORD},
        form_page=f"/admin/users/{user_id}")
    assert answer.status_code == 302
    assert admin.get("/admin/users").status_code == 200  # this browser carries on
    assert elsewhere.get("/admin/users").status_code == 302  # the copy taken before does not
    assert app.test_client().get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_a_cookie_from_before_epochs_existed_is_refused(app):
    """A session written without an epoch (before this release) must log in again."""
    browser, _ = _page_login(app, "township")
    with browser.session_transaction() as cookie:
        cookie.pop("epoch")
    assert browser.get("/queue").status_code == 302


def test_a_token_issued_by_a_login_that_read_the_old_epoch_is_refused(app):
    """A login racing a password reset: it read the user before the reset committed, and its
    token is written after the reset deleted the tokens. The token's epoch refuses it."""
    factory = sessions(app)
    with factory() as racing:  # the login's view of the user, read before the reset
        user = racing.scalars(select(User).where(User.username == "township")).one()
    with factory.begin() as admin_side:
        users.end_sessions(admin_side, user.id)
    with factory.begin() as late:  # the login's token, written after it
        issued = users.issue_token(late, user, NOW)
    answer = app.test_client().get("/api/v1/auth/me",
                                   headers={"Authorization": f"Bearer {issued}"})
    assert answer.status_code == 401
