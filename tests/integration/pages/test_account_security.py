"""Password rules, session cookie flags, the client address behind a proxy (pages and API);
the login throttle is in test_login_throttle.py."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.integration.pages.conftest import post
from web import create_app
from web.db import sessions
from workflow.persistence.models import LoginCounter


def _api_login(client, username, password, address="10.0.0.1"):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("password,field_error", [
    ("short", "Length must be between 8"),  # the schema, before the rules
    ("password1", "too easy to guess"),
    ("woaini1314", "too easy to guess"),
    ("zhaoliu2026", "too easy to guess"),  # the username and a year
    ("642226199001011235", "too easy to guess"),  # the applicant's own ID number
    ("x" * 129, "at most 128 characters"),
])
def test_registration_refuses_weak_passwords(client, password, field_error):
    answer = client.post("/api/v1/auth/register", json={
        "username": "zhaoliu", "password": password, "full_name": "赵六",
        "id_number": "642226199001011235", "phone": "13900000001"})
    assert answer.status_code == 422
    message = answer.json["fields"]["password"]  # a list from the schema, text from the rules
    assert field_error in (" ".join(message) if isinstance(message, list) else message)


def test_registration_takes_a_reasonable_password(client):
    answer = client.post("/api/v1/auth/register", json={
        "username": "zhaoliu", "password": "麦子熟了就回家过年", "full_name": "赵六",
        "id_number": "642226199001011235", "phone": "13900000001"})
    assert answer.status_code == 202


def test_staff_passwords_must_be_harder(app, browser):
    admin = browser("admin")
    weak = post(admin, "/admin/users", {"username": "newreviewer", "full_name": "新审核员",
                                        "role": "township_reviewer", "scope": "gucheng",
                                        "password": "long enough"})
    assert weak.status_code == 422
    strong = post(admin, "/admin/users", {"username": "newreviewer", "full_name": "新审核员",
                                          "role": "township_reviewer", "scope": "gucheng",
                                          "password": "river stone lantern 42"})
    assert strong.status_code in (200, 302)
    with sessions(app)() as session:
        from workflow.persistence.models import User

        user = session.query(User).filter_by(username="newreviewer").one()
    reset = post(admin, f"/admin/users/{user.id}", {"role": "township_reviewer",
                                                    "scope": "gucheng", "active": "y",
                                                    "password": "qwerty12345"},
                 form_page=f"/admin/users/{user.id}")
    assert reset.status_code == 422


def _cookie_header(answer) -> str:
    return next(v for k, v in answer.headers.items()
                if k == "Set-Cookie" and v.startswith("session="))


def test_session_cookie_flags_over_http_and_https(app):
    plain = _api_login(app.test_client(), "applicant", PASSWORD)
    flags = _cookie_header(plain)
    assert "HttpOnly" in flags and "SameSite=Lax" in flags and "Secure" not in flags
    assert "Strict-Transport-Security" not in plain.headers
    tls = app.test_client().post("/api/v1/auth/login", base_url="https://localhost",
                                 json={"username": "applicant", "password": PASSWORD})
    assert "Secure" in _cookie_header(tls) and "HttpOnly" in _cookie_header(tls)
    assert tls.headers["Strict-Transport-Security"].startswith("max-age=")
    # A forwarded scheme counts only from a proxy the settings trust.
    forged = app.test_client().post("/api/v1/auth/login", headers={"X-Forwarded-Proto": "https"},
                                    json={"username": "applicant", "password": PASSWORD})
    assert "Secure" not in _cookie_header(forged)


def test_behind_a_trusted_proxy_the_client_address_and_tls_are_seen(db_url, tmp_path):
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test",
                      "UPLOAD_FOLDER": str(tmp_path / "u"), "PROXY_HOPS": 1})
    try:
        client = app.test_client()
        for _ in range(5):
            client.post("/api/v1/auth/login", json={"username": "a", "password": "wrong pw!"},
                        headers={"X-Forwarded-For": "203.0.113.7"})
        answer = client.post("/api/v1/auth/login",
                             headers={"X-Forwarded-For": "203.0.113.7",
                                      "X-Forwarded-Proto": "https"},
                             json={"username": "nobody", "password": "wrong pw!"})
        assert answer.status_code == 401
        assert answer.headers["Strict-Transport-Security"]
        with sessions(app)() as session:
            addresses = {a.address for a in session.query(LoginCounter)}
        assert addresses == {"203.0.113.7"}
    finally:
        app.extensions["butie.engine"].dispose()
