"""An applicant on a phone hears that the township returned their claim (an SMS the local
gateway receives, and a message on the site, unread until they mark it), then forgets their
password and sets a new one with the code the gateway received, and logs in with it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.browser.conftest import _needs_chromium, shot
from tests.browser.test_journeys import decide, login
from tests.conftest import BPMN_DIR, NOW, claim_input, create_users
from tests.integration.helpers import actors_of, file
from tests.sms_gateway import TOKEN, LocalGateway, local_gateway
from web import create_app
from web.db import runtime, sessions
from workflow.persistence.migrate import upgrade
from workflow.persistence.models import User
from workflow.services import definitions

ACCOUNT_PHONE = "13700000001"
CLAIM_PHONE = "13800000000"  # claim_input()'s
NEW_PASSWORD = "copper kettle winter orchard"


@pytest.fixture
def sms_live(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A live butie whose ticker (every 0.3 s) posts the SMS outbox to a local gateway."""
    _needs_chromium()
    with local_gateway() as gateway:
        url = f"sqlite:///{tmp_path}/sms.db"  # open_page starts `live` on live.db
        upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser", "TESTING": True,
                          "UPLOAD_FOLDER": str(tmp_path / "uploads"), "SMS_URL": gateway.url,
                          "SMS_TOKEN": TOKEN, "TICKER": True, "TICK_SECONDS": 0.3})
        runtime(app).clock = lambda: NOW
        with sessions(app).begin() as session:
            definitions.deploy(session, definitions.PROCESS_ID,
                               definitions.read_directory(BPMN_DIR), "test", "test", NOW)
            create_users(session)
            session.scalars(select(User).where(User.username == "applicant")).one().phone = \
                ACCOUNT_PHONE
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield {"base": f"http://127.0.0.1:{server.server_port}", "app": app,
               "gateway": gateway}
        server.shutdown()
        app.extensions["butie.ticker_stop"].set()
        app.extensions["butie.engine"].dispose()


def _texts(gateway: LocalGateway, phone: str, count: int) -> list[str]:
    """The texts the gateway got for `phone`, once there are `count` (the ticker sends)."""
    deadline = time.monotonic() + 15
    while len(gateway.texts(phone)) < count:
        assert time.monotonic() < deadline, gateway.requests
        time.sleep(0.1)
    return gateway.texts(phone)


def test_an_applicant_reads_a_return_and_resets_the_password_by_sms(sms_live, open_page):
    base, gateway, app = sms_live["base"], sms_live["gateway"], sms_live["app"]
    factory = sessions(app)
    claim_id = file(factory, runtime(app), actors_of(factory)["applicant"], claim_input())
    township = open_page(1280, 900)
    login(township, base, "township")
    decide(township, base, claim_id, "return", "身份证扫描件不清晰，请重新上传")
    (sms,) = _texts(gateway, CLAIM_PHONE, 1)
    assert "被白阳镇退回更正，退回理由：身份证扫描件不清晰，请重新上传。请登录更正后重新提交。" \
        in sms

    phone = open_page(375, 740)
    login(phone, base, "applicant")
    assert phone.inner_text("header .nav-count") == "1"
    phone.click("header a[href='/messages']")
    phone.wait_for_load_state()
    message = phone.locator("li.message.unread")
    assert "身份证扫描件不清晰，请重新上传" in message.inner_text()
    assert "未读" in message.inner_text() and "短信已发送" in message.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-messages-unread")
    phone.click("button:has-text('标为已读')")
    phone.wait_for_load_state()
    assert phone.locator("li.message.unread").count() == 0
    assert phone.locator("header .nav-count").count() == 0
    phone.click("li.message a")  # on to the claim it is about
    phone.wait_for_load_state()
    assert phone.url.endswith(f"/claims/{claim_id}")

    phone.click("header button:has-text('退出')")
    phone.wait_for_load_state()
    phone.click("a:has-text('忘记密码')")
    phone.wait_for_load_state()
    phone.fill("#f-account", ACCOUNT_PHONE)
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state()
    assert phone.url.endswith("/password/reset")
    assert "6 位验证码已通过短信发送" in phone.inner_text(".flashes")
    assert phone.input_value("#f-account") == ACCOUNT_PHONE
    (text,) = _texts(gateway, ACCOUNT_PHONE, 1)
    code = gateway.code(ACCOUNT_PHONE)
    assert "applicant" in text  # the username, for one who forgot that too
    phone.fill("#f-code", code)
    phone.fill("#f-password", NEW_PASSWORD)
    shot(phone, "phone-password-reset")
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state()
    assert phone.url.endswith("/login")
    assert "请用新密码登录" in phone.inner_text(".flashes")
    phone.fill("#f-username", "applicant")
    phone.fill("#f-password", NEW_PASSWORD)
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state()
    assert phone.url.endswith("/claims")
