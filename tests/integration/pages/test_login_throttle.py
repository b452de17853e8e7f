"""The login throttle through HTTP: per account and address with a growing delay, so nobody
locks an owner out from elsewhere; counted atomically, so a burst gets no more guesses than a
patient attacker (workflow.services.logins, workflow.domain.login_throttle)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.integration.pages.conftest import post
from web import create_app
from web.db import runtime, sessions
from workflow.persistence.models import LoginCounter
from workflow.services import users

WRONG = "wrong password"
# The defaults (web.config): three failures free, then 2 s doubled per failure, 15 min at most.
DELAYS = [2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]


def _api_login(client, username, password, address="10.0.0.1"):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def _retry_after(answer) -> int:
    assert answer.status_code == 429, answer.get_data(as_text=True)
    return int(answer.headers["Retry-After"])


def _fail_patiently(app, client, username, times, address):
    """`times` wrong passwords evaluated, each sent as soon as the throttle lets it."""
    clock = app.extensions["test.clock"]
    for _ in range(times):
        answer = _api_login(client, username, WRONG, address)
        if answer.status_code == 429:
            clock[0] += timedelta(seconds=_retry_after(answer))
            answer = _api_login(client, username, WRONG, address)
        assert answer.status_code == 401, answer.json


@pytest.fixture
def verifications(monkeypatch) -> list[str]:
    """Every password checked (the real check, counted): what an attacker got evaluated."""
    checked: list[str] = []
    lock = threading.Lock()
    check = users.check_password_hash

    def counting(hashed: str, password: str) -> bool:
        with lock:
            checked.append(password)
        return check(hashed, password)

    monkeypatch.setattr(users, "check_password_hash", counting)
    return checked


def test_failures_from_one_address_do_not_lock_the_owner_out_from_another(app, client):
    _fail_patiently(app, client, "admin", 8, "10.6.6.6")
    assert _api_login(client, "admin", PASSWORD, "10.6.6.6").status_code == 429
    # The owner, from the office, at once: by the API and by the login page.
    assert _api_login(client, "admin", PASSWORD, "10.1.1.1").status_code == 200
    owner = app.test_client()
    answer = post(owner, "/login", {"username": "admin", "password": PASSWORD},
                  environ_base={"REMOTE_ADDR": "10.1.1.2"})
    assert answer.status_code == 302 and owner.get("/admin/users").status_code == 200
    # The owner's success does not free the attacker's address.
    assert _api_login(client, "admin", WRONG, "10.6.6.6").status_code == 429


def test_the_delay_doubles_after_three_failures_and_a_success_starts_over(app, client):
    clock = app.extensions["test.clock"]
    assert [_api_login(client, "finance", WRONG).status_code for _ in range(3)] == [401] * 3
    waited = []
    for _ in DELAYS:
        seconds = _retry_after(_api_login(client, "finance", PASSWORD))  # refused unchecked
        waited.append(seconds)
        clock[0] += timedelta(seconds=seconds - 1)
        assert _retry_after(_api_login(client, "finance", WRONG)) == 1  # not a second early
        clock[0] += timedelta(seconds=1)
        assert _api_login(client, "finance", WRONG).status_code == 401
    assert waited == DELAYS
    clock[0] += timedelta(seconds=900)
    assert _api_login(client, "finance", PASSWORD).status_code == 200
    # A success starts over: three free failures again, then 2 s.
    assert [_api_login(client, "finance", WRONG).status_code for _ in range(3)] == [401] * 3
    assert _retry_after(_api_login(client, "finance", PASSWORD)) == 2


def test_a_name_that_does_not_exist_is_throttled_like_one_that_does(client):
    for name in ("nobody-here", "bureau"):
        answers = [_api_login(client, name, WRONG).status_code for _ in range(5)]
        assert answers == [401] * 3 + [429] * 2


def _burst(app, attempts: int, send) -> list[Any]:
    """`attempts` requests released at once by a barrier, each from its own client."""
    barrier = threading.Barrier(attempts)
    clients = [app.test_client() for _ in range(attempts)]

    def one(client):
        barrier.wait()
        return send(client)

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        return list(pool.map(one, clients))


def test_a_burst_from_one_address_gets_no_more_guesses_than_a_patient_attacker(
        app, verifications):
    clock = app.extensions["test.clock"]
    for round_ in range(4):
        address = f"10.7.0.{round_}"
        verifications.clear()
        answers = _burst(app, 30, lambda c, a=address: _api_login(c, "admin", WRONG, a))
        assert sorted(a.status_code for a in answers) == [401] * 3 + [429] * 27
        assert len(verifications) == 3
        # Once the wait is over, the next burst gets one guess.
        clock[0] += timedelta(seconds=2)
        verifications.clear()
        answers = _burst(app, 30, lambda c, a=address: _api_login(c, "admin", WRONG, a))
        assert sorted(a.status_code for a in answers) == [401] + [429] * 29
        assert len(verifications) == 1
        retry = {int(a.headers["Retry-After"]) for a in answers if a.status_code == 429}
        assert retry == {4}
    with sessions(app)() as session:
        rows = session.query(LoginCounter).filter_by(username="admin").all()
        assert sorted(r.failures for r in rows) == [4] * 4


def test_a_burst_on_many_accounts_from_one_address_stops_at_the_address_limit(
        app, verifications):
    answers = _burst(app, 30, lambda c: _api_login(c, f"guess{id(c)}", WRONG, "10.8.8.8"))
    assert sorted(a.status_code for a in answers) == [401] * 20 + [429] * 10
    assert len(verifications) == 20


def test_one_address_trying_many_accounts_is_stopped(app, client):
    clock = app.extensions["test.clock"]
    for i in range(20):
        assert _api_login(client, f"guess{i}", WRONG, "10.9.9.9").status_code == 401
    stopped = _api_login(client, "applicant", PASSWORD, "10.9.9.9")
    assert stopped.status_code == 429 and "this address" in stopped.json["message"]
    assert int(stopped.headers["Retry-After"]) == 15 * 60
    assert _api_login(client, "applicant", PASSWORD, "10.1.1.1").status_code == 200
    clock[0] += timedelta(minutes=15)
    assert _api_login(client, "applicant", PASSWORD, "10.9.9.9").status_code == 200


def test_successes_from_one_address_do_not_count_against_it(client):
    """An office behind one address: its people log in all day."""
    for _ in range(30):
        assert _api_login(client, "bureau", PASSWORD, "10.2.2.2").status_code == 200


def test_an_account_under_a_distributed_attack_slows_every_new_address(app, client):
    """Past LOGIN_ACCOUNT_ALARM failures from anywhere, each address gets one free failure;
    the owner's first attempt is still evaluated at once."""
    app.config["LOGIN_ACCOUNT_ALARM"] = 12
    for i in range(4):  # four addresses, three free failures each
        for _ in range(3):
            assert _api_login(client, "admin", WRONG, f"10.5.0.{i}").status_code == 401
    assert _api_login(client, "admin", WRONG, "10.5.1.1").status_code == 401
    assert _retry_after(_api_login(client, "admin", WRONG, "10.5.1.1")) == 2
    assert _api_login(client, "admin", PASSWORD, "10.1.1.1").status_code == 200


def test_the_count_is_shared_by_every_web_process(app, db_url, tmp_path):
    """Two app instances on one database stand for two gunicorn workers."""
    other = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test",
                        "UPLOAD_FOLDER": str(tmp_path / "u2")})
    runtime(other).clock = runtime(app).clock
    try:
        first, second = app.test_client(), other.test_client()
        for i in range(3):
            assert _api_login(first if i % 2 else second, "finance", WRONG).status_code == 401
        assert _api_login(second, "finance", PASSWORD).status_code == 429
        assert _api_login(first, "finance", PASSWORD).status_code == 429
    finally:
        other.extensions["butie.engine"].dispose()
    with sessions(app)() as session:
        assert session.query(LoginCounter).filter_by(username="finance").one().failures == 3


def test_the_login_page_says_so_and_keeps_the_count(app):
    user = app.test_client()
    for _ in range(3):
        wrong = post(user, "/login", {"username": "bureau", "password": "not it at all"})
        assert wrong.status_code == 422
    locked = post(user, "/login", {"username": "bureau", "password": PASSWORD})
    assert locked.status_code == 429 and locked.headers["Retry-After"] == "2"
    page = locked.get_data(as_text=True)
    assert "登录失败次数过多" in page and "2 秒后可以再试" in page  # zh by default
    assert user.get("/claims").status_code == 302  # still not logged in
