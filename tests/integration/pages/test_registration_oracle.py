"""Issue 17 item 4: registration does not tell whether an ID number already has an account.

Attack: register with someone's ID number and read the answer ("another account already holds
this ID number"). Invariant: the answer to a taken number is byte for byte the answer to a free
one, through the API and the page (apart from the session cookie, signed per request); a taken
number makes no account, reserves the username asked for (so a second registration with it
cannot tell either), tells the holder and is audited; both do the same expensive work (one
password hash); registrations are limited per address (429 with Retry-After). Residual: logging
in with the new username afterwards tells the registrant (README, Security).
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.integration.pages.conftest import post
from web.db import sessions
from workflow.persistence.models import AuditEvent, Notification, User
from workflow.services import users

TAKEN = "11010519491231002X"  # the fixture applicant's
FREE = "642226199001011235"
ALSO_FREE = "642226199001010013"
PASSWORD = "麦子熟了就回家过年"


def _body(username: str, id_number: str) -> dict[str, str]:
    return {"username": username, "password": PASSWORD, "full_name": "赵六",
            "id_number": id_number, "phone": "13900000001"}


def _accounts(app, **where) -> int:
    with sessions(app)() as s:
        return s.scalar(select(func.count()).select_from(User).filter_by(**where)) or 0


def _hashes(monkeypatch) -> list[str]:
    """Passwords hashed (the costly step both answers must take alike)."""
    seen: list[str] = []
    real = users.generate_password_hash

    def counting(password: str, *args, **kwargs):
        seen.append(password)
        return real(password, *args, **kwargs)

    monkeypatch.setattr(users, "generate_password_hash", counting)
    return seen


def test_the_api_answers_a_taken_id_number_as_a_free_one(app, client, monkeypatch):
    hashed = _hashes(monkeypatch)
    taken = client.post("/api/v1/auth/register", json=_body("zhaoliu", TAKEN))
    assert len(hashed) == 1
    free = client.post("/api/v1/auth/register", json=_body("zhaoliu2", FREE))
    assert len(hashed) == 2
    assert (taken.status_code, free.status_code) == (202, 202), taken.json
    assert taken.get_data() == free.get_data()
    assert sorted(taken.headers.items()) == sorted(free.headers.items())
    assert _accounts(app, username="zhaoliu") == 0  # no account for the taken number
    assert _accounts(app, username="zhaoliu2") == 1
    with sessions(app)() as s:
        holder = s.scalar(select(User).where(User.username == "applicant"))
        told = s.scalars(select(Notification).where(Notification.user_id == holder.id)).all()
        assert [(n.kind, n.claim_id) for n in told] == [("registration_attempt", None)]
        refused = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "registration_refused")).one()
        assert refused.changes == {"username": "zhaoliu", "id_number": "110105********002X",
                                   "holder": holder.id}
        assert refused.comment == "127.0.0.1"
    # The username asked for is taken either way: a second registration learns nothing.
    again = [client.post("/api/v1/auth/register", json=_body(name, ALSO_FREE))
             for name in ("zhaoliu", "zhaoliu2")]
    assert [a.status_code for a in again] == [422, 422]
    assert again[0].get_data() == again[1].get_data()


def test_the_page_answers_a_taken_id_number_as_a_free_one(app, browser):
    answers = []
    for username, number in (("zhaoliu", TAKEN), ("zhaoliu2", FREE)):
        anonymous = browser(None)
        answer = post(anonymous, "/register", _body(username, number))
        landing = anonymous.get(answer.headers.get("Location", "/register"))
        answers.append((answer, landing))
    (taken, taken_landing), (free, free_landing) = answers
    assert (taken.status_code, free.status_code) == (302, 302)
    assert taken.headers["Location"] == free.headers["Location"] == "/login"
    assert taken.get_data() == free.get_data()
    # The page they land on says the same (but its form token, per session).
    assert _before_the_form(taken_landing) == _before_the_form(free_landing)
    assert "注册申请已收到" in taken_landing.get_data(as_text=True)
    assert _accounts(app, username="zhaoliu") == 0 and _accounts(app, username="zhaoliu2") == 1
    holder = browser("applicant")
    assert "试图用您的身份证号注册" in holder.get("/claims").get_data(as_text=True)
    for username, can in (("zhaoliu2", True), ("zhaoliu", False)):  # the residual leak
        user = browser(None)
        answer = post(user, "/login", {"username": username, "password": PASSWORD})
        assert (answer.status_code == 302) is can


def _before_the_form(page) -> str:
    return page.get_data(as_text=True).split('name="csrf_token"')[0]


@pytest.mark.parametrize("where", ["api", "page"])
def test_registrations_are_limited_per_address(app, client, browser, where):
    app.config["REGISTRATIONS_PER_HOUR"] = 2
    anonymous = browser(None)

    def register(i: int):
        body = _body(f"worker{i}", (ALSO_FREE, FREE, TAKEN)[i])
        if where == "api":
            return client.post("/api/v1/auth/register", json=body)
        return post(anonymous, "/register", body, form_page="/register")

    admitted = [register(i).status_code for i in range(2)]
    assert admitted == ([202, 202] if where == "api" else [302, 302])
    refused = register(2)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert _accounts(app, username="worker2") == 0
    other = app.test_client().post("/api/v1/auth/register", json=_body("worker9", TAKEN),
                                   environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 202  # another address has its own budget
