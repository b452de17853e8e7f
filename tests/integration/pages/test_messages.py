"""Every milestone of a claim is a message on the site and an SMS through the gateway, driven
through HTTP as the applicant, the reviewers, the public and finance would: returned, each
approval, accepted with the amount, on public notice with the window's end, an objection and
its decision, payment failed and paid, rejected, a later installment confirmed or lapsed. The
texts reach the local gateway only after their request commits, never with a whole ID number
or account; the applicant reads them on "Messages", unread until marked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, request
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.integration.api.conftest import claim_body, make_app
from tests.integration.helpers import actors_of, id_number_of, person
from tests.integration.pages.conftest import post
from tests.sms_gateway import TOKEN, LocalGateway
from web import messaging
from web.db import sessions
from workflow.persistence.models import Claim, Notification, SmsMessage

PHONE = "13800000000"  # claim_body()'s
WHOLE = re.compile(r"\d{12,}|\d{17}[\dXx]")  # an account or an ID number, whole


@pytest.fixture
def sms_app(db_url: str, tmp_path: Path, gateway: LocalGateway) -> Iterator[Flask]:
    app = make_app(db_url, tmp_path, SMS_URL=gateway.url, SMS_TOKEN=TOKEN)
    yield app
    app.extensions["butie.engine"].dispose()


class Api:
    """The JSON API as each user's client would call it."""

    def __init__(self, app: Flask) -> None:
        self.app, self.client = app, app.test_client()
        self.tokens: dict[str, dict[str, str]] = {}

    def as_(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            answer = self.client.post("/api/v1/auth/login",
                                      json={"username": username, "password": PASSWORD})
            assert answer.status_code == 200, answer.json
            self.tokens[username] = {"Authorization": f"Bearer {answer.json['token']}"}
        return self.tokens[username]

    def file(self, username: str, **overrides: Any) -> tuple[int, str]:
        filed = self.client.post("/api/v1/claims", headers=self.as_(username),
                                 json=claim_body(**overrides))
        assert filed.status_code == 201, filed.json
        return filed.json["id"], filed.json["reference"]

    def decide(self, username: str, claim_id: int, decision: str, comment: str = "",
               **extra: Any) -> Any:
        headers = self.as_(username)
        claim = self.client.get(f"/api/v1/claims/{claim_id}", headers=headers).json
        (task,) = claim["tasks"]
        answer = self.client.post(
            f"/api/v1/claims/{claim_id}/tasks/{task['task_id']}", headers=headers,
            json={"decision": decision, "comment": comment, "version": claim["version"],
                  **extra})
        assert answer.status_code == 200, answer.json
        return answer.json

    def publish(self) -> Any:
        answer = self.client.post("/api/v1/notices", headers=self.as_("bureau"), json={
            "starts_on": "2026-11-02", "contact_office": "就业股",
            "contact_phone": "0954-7000000", "contact_address": "彭阳县"})
        assert answer.status_code == 201, answer.json
        return answer.json

    def object_to(self, reference: str, reason: str) -> None:
        answer = self.client.post("/api/v1/objections",
                                  json={"reference": reference, "reason": reason})
        assert answer.status_code == 201, answer.json


def _accepted(api: Api, username: str, **claim: Any) -> tuple[int, str]:
    claim_id, reference = api.file(username, **claim)
    for reviewer in ("township", "department", "bureau"):
        api.decide(reviewer, claim_id, "approve")
    return claim_id, reference


def test_every_milestone_is_a_message_and_an_sms(sms_app, gateway):
    api, clock = Api(sms_app), sms_app.extensions["test.clock"]
    f = sessions(sms_app)
    a = actors_of(f)
    rejected_by, upheld_for = person(f, 10), person(f, 11)
    a_id, a_ref = api.file("applicant")
    api.decide("township", a_id, "return", "身份证扫描件不清晰")
    assert gateway.requests == []  # nothing leaves before a worker's round...
    api.decide("applicant", a_id, "resubmit", changes={})
    for reviewer in ("township", "department", "bureau"):
        api.decide(reviewer, a_id, "approve")

    b_id, b_ref = api.file("person10", id_number=id_number_of(f, rejected_by),
                           phone="13900000010", certificate_number="TZ-2026-0010")
    api.decide("township", b_id, "approve")
    api.decide("department", b_id, "reject", "证书编号与发证机关记录不符")
    c_id, c_ref = _accepted(api, "person11", id_number=id_number_of(f, upheld_for),
                            phone="13900000011", certificate_number="TZ-2026-0011")

    notice = api.publish()
    api.object_to(a_ref, "该证书非本人取得")
    api.object_to(c_ref, "证书系借用")
    assert messaging.send_round(sms_app).sent  # ...a worker's round sends what committed
    clock[0] = datetime.fromisoformat(notice["closes_at"]) + timedelta(minutes=1)
    api.tokens.clear()  # a day later: tokens live 12 hours
    api.decide("bureau", a_id, "dismiss", "经核查证书属实")
    api.decide("bureau", c_id, "uphold", "举报属实，证书系借用")
    fired = api.client.post("/api/v1/admin/timers/fire", headers=api.as_("admin"), json={})
    assert fired.status_code == 200, fired.json  # the window closed: on to payment
    api.decide("finance", a_id, "failed", "E12 账户已销户 6228480000000000000")
    api.decide("applicant", a_id, "resubmit", changes={"account_number": "6228480000000000777"})
    api.decide("finance", a_id, "paid")

    assert messaging.send_round(sms_app).sent
    assert not messaging.send_round(sms_app)  # each text once
    office = "县人力资源和社会保障局"
    ends = f"公示期至 {notice['ends_on']} 止"
    assert gateway.texts(PHONE) == [
        f"您的补贴申请 {a_ref} 被白阳镇退回更正，退回理由：身份证扫描件不清晰。请登录更正后重新"
        "提交。",
        f"您的补贴申请 {a_ref} 已通过白阳镇身份审核，下一步由行业主管部门审核证书，无需您操作。",
        f"您的补贴申请 {a_ref} 已通过市场监管部门证书审核，下一步由{office}验收，无需您操作。",
        f"您的补贴申请 {a_ref} 已通过{office}验收，核定补贴 1400.00 元，将列入公示，无需您操作。",
        f"您的补贴申请 {a_ref} 已列入公示（{notice['number']}），{ends}。公示期满无异议的，补贴"
        "将直接发放到您本人账户，无需您操作。",
        f"您的补贴申请 {a_ref} 在公示期间收到异议，{office}核查期间暂缓发放，核查结果将另行通知。"
        f"如需说明情况，请联系{office}。",
        f"对您的补贴申请 {a_ref} 的异议经{office}核查不成立，补贴将按程序发放，无需您操作。",
        f"您的补贴申请 {a_ref} 的补贴发放到尾号 0000 的账户未成功（E12 账户已销户 **** 0000），"
        "请登录更正银行账户后重新提交。",
        f"您的补贴申请 {a_ref} 的补贴 1400.00 元已发放至尾号 0777 的账户，请注意查收。",
    ]
    assert notice["ends_on"] == "2026-11-06"  # 5 working days from Monday 2 November
    assert gateway.texts("13900000010")[-1] == (
        f"您的补贴申请 {b_ref} 未通过市场监管部门审核，已被驳回，驳回理由：证书编号与发证机关记录"
        "不符。如有疑问，请联系市场监管部门。")
    assert gateway.texts("13900000011")[-1] == (
        f"对您的补贴申请 {c_ref} 的异议经{office}核查成立，该补贴不予发放（理由：举报属实，证书系"
        f"借用）。如有疑问，请联系{office}。")
    assert not [t for t in gateway.texts() if WHOLE.search(t)]
    with f() as s:  # each text is a message on the site too
        site = s.scalars(select(Notification.message).where(Notification.claim_id == a_id)
                         .order_by(Notification.id)).all()
    assert list(site) == gateway.texts(PHONE)
    assert a["applicant"].user_id is not None


def test_the_applicant_reads_the_messages_unread_until_marked(sms_app, gateway, browser_for):
    api = Api(sms_app)
    claim_id, reference = api.file("applicant")
    api.decide("township", claim_id, "return", "身份证扫描件不清晰")
    api.decide("applicant", claim_id, "resubmit", changes={})
    api.decide("township", claim_id, "approve")
    applicant = browser_for(sms_app, "applicant")
    page = applicant.get("/messages").get_data(as_text=True)
    assert page.count('class="message unread"') == 2 and "未读" in page
    assert page.index("已通过白阳镇身份审核") < page.index("退回理由：身份证扫描件不清晰")
    assert f'href="/claims/{claim_id}">{reference}</a>' in page
    assert "138****0000" in page  # where the texts go, masked
    assert "短信待发送" in page  # the worker has not run yet
    assert 'class="nav-count"' in applicant.get("/claims").get_data(as_text=True)
    messaging.send_round(sms_app)
    assert "短信已发送" in applicant.get("/messages").get_data(as_text=True)

    marked = post(applicant, "/messages/read", {"ids": []}, form_page="/messages")
    assert marked.status_code == 302
    page = applicant.get("/messages").get_data(as_text=True)
    assert 'class="message unread"' not in page and page.count('class="message read"') == 2
    assert 'class="nav-count"' not in applicant.get("/claims").get_data(as_text=True)
    # Another applicant neither sees nor marks them.
    other = browser_for(sms_app, "other_applicant")
    assert reference not in other.get("/messages").get_data(as_text=True)


def test_a_milestone_whose_request_rolls_back_sends_nothing(sms_app, gateway):
    @sms_app.after_request
    def _fail_the_commit(response: Any) -> Any:  # runs before the app's commit
        db = g.get("db")
        if db is not None and "/tasks/" in request.path:
            db.rollback()  # as if the database refused the commit
        return response

    api = Api(sms_app)
    claim_id, _ = api.file("applicant")
    api.decide("township", claim_id, "return", "扫描件不清晰")
    assert not messaging.send_round(sms_app)
    assert gateway.requests == []
    with sessions(sms_app)() as s:
        assert s.scalar(select(SmsMessage.id)) is None
        assert s.get(Claim, claim_id).stage == "township_review"


def test_without_a_gateway_the_page_says_messages_are_on_the_site_only(db_url, tmp_path,
                                                                       browser_for):
    app = make_app(db_url, tmp_path)
    api = Api(app)
    claim_id, _ = api.file("applicant")
    api.decide("township", claim_id, "return", "扫描件不清晰")
    page = browser_for(app, "applicant").get("/messages").get_data(as_text=True)
    assert "本系统未开通短信通知" in page and "退回理由：扫描件不清晰" in page
    assert messaging.send_round(app).off == 1
    app.extensions["butie.engine"].dispose()


def test_a_later_installment_confirmed_is_told_with_its_claim_number(sms_app, gateway):
    from tests.integration.pages.test_installment_pages import first_half_paid

    clock = sms_app.extensions["test.clock"]
    claim_id = first_half_paid(sms_app, clock)
    messaging.send_round(sms_app)  # March: the first half's texts
    clock[0] = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
    Api(sms_app).decide("bureau", claim_id, "confirm", started_on="2026-03-05")
    messaging.send_round(sms_app)
    with sessions(sms_app)() as s:
        reference = s.get(Claim, claim_id).reference
    texts = gateway.texts(PHONE)
    assert texts[-2] == (f"您的补贴申请 {reference} 的补贴 400.00 元已发放至尾号 0000 的账户，"
                         "请注意查收。")
    assert texts[-1] == (f"补贴申请 {reference}：您的职业培训补贴第2期（400.00 元）发放条件已确认，"
                         "经公示无异议后发放。")


def test_a_later_installment_lapsed_is_told(sms_app, gateway):
    from tests.integration.pages.test_installment_pages import first_half_paid

    claim_id = first_half_paid(sms_app, sms_app.extensions["test.clock"])
    Api(sms_app).decide("bureau", claim_id, "lapse", "2026-06 离职，未满6个月")
    messaging.send_round(sms_app)
    assert gateway.texts(PHONE)[-1].endswith(
        "：您的职业培训补贴第2期起不再发放：2026-06 离职，未满6个月")
