"""A forgotten password, through the pages: a 6-digit code by SMS (the local gateway receives
it), the same answer whether or not the account exists, 10 minutes and 5 tries, limited per
address and per account; or in person at the township, audited, with a one-time password the
next login must change. Either way every earlier session of the account ends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.integration.api.conftest import make_app
from tests.integration.pages.conftest import post
from tests.integration.pages.test_messages import Api
from tests.sms_gateway import TOKEN, LocalGateway
from web import messaging
from web.db import sessions
from workflow.persistence.models import AuditEvent, PasswordReset, SmsMessage, User

PHONE = "13700000001"
NEW = "copper kettle winter orchard"


@pytest.fixture
def reset_app(db_url: str, tmp_path: Path, gateway: LocalGateway) -> Iterator[Flask]:
    app = make_app(db_url, tmp_path, SMS_URL=gateway.url, SMS_TOKEN=TOKEN,
                   PASSWORD_RESETS_PER_HOUR=6, PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR=3)
    with sessions(app).begin() as s:  # the applicant registered with a mobile number
        s.scalars(select(User).where(User.username == "applicant")).one().phone = PHONE
    yield app
    app.extensions["butie.engine"].dispose()


def _ask(app: Flask, account: str, address: str = "10.0.0.1", client: Any = None) -> Any:
    client = client or app.test_client()
    return post(client, "/password/forgot", {"account": account},
                environ_base={"REMOTE_ADDR": address})


def _reset(client: Any, account: str, code: str, password: str = NEW) -> Any:
    return post(client, "/password/reset", {"account": account, "code": code,
                                            "password": password})


def _logged_in(app: Flask, password: str = PASSWORD) -> Any:
    client = app.test_client()
    answer = post(client, "/login", {"username": "applicant", "password": password})
    return client if answer.status_code == 302 else None


def test_a_code_by_sms_sets_a_new_password_and_ends_every_session(reset_app, gateway):
    earlier = _logged_in(reset_app)  # a session on another device
    assert earlier.get("/claims").status_code == 200
    asked = _ask(reset_app, PHONE)
    assert asked.status_code == 302 and asked.headers["Location"] == "/password/reset"
    assert gateway.requests == []  # sent after the request commits, by the worker
    messaging.send_round(reset_app)
    code = gateway.code(PHONE)
    (text,) = gateway.texts(PHONE)
    assert "补贴申请账户 applicant 的密码重置验证码" in text and "10 分钟内有效" in text
    with sessions(reset_app)() as s:  # the code is kept as a keyed hash; the text is blanked
        (row,) = s.scalars(select(PasswordReset))
        assert code not in row.code_hash and len(row.code_hash) == 32
        (sms,) = s.scalars(select(SmsMessage))
        assert sms.status == "sent" and code not in sms.text

    client = reset_app.test_client()
    weak = _reset(client, PHONE, code, "12345678")
    assert weak.status_code == 422 and "太容易猜到" in weak.get_data(as_text=True)
    done = _reset(client, PHONE, code)  # a weak password did not spend the code
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert earlier.get("/claims").status_code == 302  # logged out everywhere
    assert _logged_in(reset_app) is None and _logged_in(reset_app, NEW) is not None
    assert _reset(reset_app.test_client(), PHONE, code, "another long passphrase").status_code \
        == 422  # used once
    with sessions(reset_app)() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).where(
            AuditEvent.action.like("password%")).order_by(AuditEvent.id))]
        assert actions == ["password_reset_requested", "password_reset_by_code"]


def test_the_answer_is_the_same_whether_or_not_an_account_matches(reset_app, gateway):
    answers, pages = set(), set()
    for i, who in enumerate(("applicant", "nobody", "13999999999", "township")):
        client = reset_app.test_client()
        answer = _ask(reset_app, who, address=f"10.0.1.{i}", client=client)
        answers.add((answer.status_code, answer.headers["Location"]))
        page = client.get("/password/reset").get_data(as_text=True)
        pages.add(re.sub(r'name="csrf_token" value="[^"]+"|value="[^"]*"', "", page))
    assert answers == {(302, "/password/reset")}
    assert len(pages) == 1 and "6 位验证码已通过短信发送" in pages.pop()
    messaging.send_round(reset_app)
    assert [b["phone"] for b in gateway.delivered()] == [PHONE]  # staff: never by SMS


def test_a_code_lives_10_minutes_and_5_wrong_tries(reset_app, gateway):
    clock = reset_app.extensions["test.clock"]
    _ask(reset_app, "applicant")
    messaging.send_round(reset_app)
    code = gateway.code(PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    client = reset_app.test_client()
    for _ in range(5):
        answer = _reset(client, "applicant", wrong)
        assert answer.status_code == 422
        assert "验证码错误或已失效" in answer.get_data(as_text=True)
    assert _reset(client, "applicant", code).status_code == 422  # 5 tries spent
    _ask(reset_app, "applicant", address="10.0.0.2")
    clock[0] += timedelta(seconds=1)
    messaging.send_round(reset_app)
    fresh = gateway.code(PHONE)
    clock[0] += timedelta(minutes=10)
    assert _reset(client, "applicant", fresh).status_code == 422  # expired
    assert _logged_in(reset_app) is not None  # the password never changed


def test_requests_are_limited_per_account_and_per_address(reset_app, gateway):
    for i in range(3):  # 3 an hour naming one account, from anywhere
        assert _ask(reset_app, "applicant", address=f"10.0.2.{i}").status_code == 302
    limited = _ask(reset_app, "applicant", address="10.0.2.9")
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert _ask(reset_app, "nobody", address="10.0.3.1").status_code == 302
    for _ in range(2):
        _ask(reset_app, "nobody", address="10.0.3.1")
    assert _ask(reset_app, "nobody", address="10.0.3.1").status_code == 429  # per name as well
    for i in range(6):  # 6 an hour from one address, whatever the names
        _ask(reset_app, f"name{i}", address="10.0.4.1")
    assert _ask(reset_app, "name9", address="10.0.4.1").status_code == 429
    # Asking by the number after the username: the number's own budget is spent, so no text,
    # and the answer does not say so.
    assert _ask(reset_app, PHONE, address="10.0.5.1").status_code == 302
    messaging.send_round(reset_app)
    assert len(gateway.texts(PHONE)) == 3


def test_without_sms_the_page_says_to_go_to_the_township(db_url, tmp_path):
    app = make_app(db_url, tmp_path)
    page = app.test_client().get("/password/forgot").get_data(as_text=True)
    assert "本系统未开通短信" in page and "携带身份证到您提交申请的乡镇" in page
    assert 'name="account"' not in page
    client = app.test_client()  # a form posted anyway (an old tab) does nothing
    assert post(client, "/password/forgot", {"account": "applicant"},
                form_page="/login").status_code == 200
    with sessions(app)() as s:
        assert s.scalar(select(PasswordReset.id)) is None
    app.extensions["butie.engine"].dispose()


def _claim_in_baiyang(app: Flask) -> None:
    Api(app).file("applicant")


def test_the_township_resets_in_person_with_a_password_to_change(reset_app, gateway,
                                                                 browser_for):
    _claim_in_baiyang(reset_app)
    earlier = _logged_in(reset_app)
    token = Api(reset_app).as_("applicant")
    township = browser_for(reset_app, "township")
    form = {"id_number": "11010519491231002X", "full_name": "张三", "checked": "y"}
    unchecked = post(township, "/township/password-reset", {**form, "checked": ""})  # unticked
    assert unchecked.status_code == 422 and "请确认已当面查验" in unchecked.get_data(as_text=True)
    done = post(township, "/township/password-reset", form)
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    one_time = re.search(r'id="one-time-password">(\w{10})<', done.get_data(as_text=True))
    assert one_time is not None
    assert earlier.get("/claims").status_code == 302  # every session ended
    assert reset_app.test_client().get("/api/v1/claims", headers=token).status_code == 401
    with sessions(reset_app)() as s:
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "password_reset_in_person")).one()
        assert event.actor_role == "township_reviewer" and event.comment == "白阳镇"
        assert event.changes["id_number"] == "110105********002X"

    client = reset_app.test_client()
    login = post(client, "/login", {"username": "applicant", "password": one_time.group(1)})
    assert login.headers["Location"] == "/password/change"
    assert client.get("/claims").headers["Location"] == "/password/change"  # nothing else
    api = reset_app.test_client().post("/api/v1/auth/login", json={
        "username": "applicant", "password": one_time.group(1)})
    refused = reset_app.test_client().get("/api/v1/claims", headers={
        "Authorization": f"Bearer {api.json['token']}"})
    assert refused.status_code == 403 and refused.json["error"] == "password_change_required"
    same = post(client, "/password/change", {"current_password": one_time.group(1),
                                             "password": "12345678"})
    assert same.status_code == 422
    changed = post(client, "/password/change", {"current_password": one_time.group(1),
                                                "password": NEW})
    assert changed.status_code == 302
    page = client.get("/messages").get_data(as_text=True)
    assert client.get("/claims").status_code == 200
    assert "由白阳镇工作人员核验身份证后当面重置" in page
    messaging.send_round(reset_app)
    assert "当面重置" in gateway.texts(PHONE)[-1]  # told by SMS too


def test_only_the_applicants_own_township_resets_and_only_with_the_right_name(
        reset_app, browser_for):
    _claim_in_baiyang(reset_app)
    form = {"id_number": "11010519491231002X", "full_name": "张三", "checked": "y"}
    other = post(browser_for(reset_app, "other_township"), "/township/password-reset", form)
    assert other.status_code == 422
    assert "本镇没有与该身份证号和姓名相符的申请人" in other.get_data(as_text=True)
    wrong_name = post(browser_for(reset_app, "township"), "/township/password-reset",
                      {**form, "full_name": "李四"})
    assert wrong_name.status_code == 422
    assert _logged_in(reset_app) is not None  # nothing changed


def test_a_deactivated_account_is_not_reset_in_person(reset_app, browser_for):
    """An account the administrator deactivated stays closed: the township finds no applicant
    to reset, nothing is audited or told, and the account's password is unchanged."""
    _claim_in_baiyang(reset_app)
    with sessions(reset_app)() as s:
        user_id = s.scalars(select(User.id).where(User.username == "applicant")).one()
    deactivated = post(browser_for(reset_app, "admin"), f"/admin/users/{user_id}",
                       {"role": "applicant", "scope": ""})  # unticked
    assert deactivated.status_code == 302
    refused = post(browser_for(reset_app, "township"), "/township/password-reset",
                   {"id_number": "11010519491231002X", "full_name": "张三", "checked": "y"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "本镇没有与该身份证号和姓名相符的申请人" in page and "one-time-password" not in page
    with sessions(reset_app)() as s:
        assert s.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "password_reset_in_person")) is None
        user = s.get(User, user_id)
        assert user is not None and not user.active and not user.must_change_password
        assert not any("当面重置" in t for t in s.scalars(select(SmsMessage.text)))
