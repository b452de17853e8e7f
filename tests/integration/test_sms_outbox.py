"""The SMS outbox against a local gateway the tests start (127.0.0.1, a thread): a text is
written with its milestone and only if that commits; a 500 is tried again after its delay, a
400 never; no gateway configured sends nothing; two workers racing send each text exactly
once (PostgreSQL: SKIP LOCKED; SQLite: one writer at a time); a worker that died mid-send
leaves its texts to be taken again after the lease, with the same reference."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import claim_input
from tests.integration.helpers import decide, file
from tests.sms_gateway import TOKEN, local_gateway
from workflow.domain import sms as rules
from workflow.persistence.models import Notification, SmsMessage
from workflow.services import claims, decisions, notifications, queries, sms
from workflow.services.sms_gateway import HttpGateway

PHONE = "13800000000"  # claim_input()'s


@pytest.fixture
def gateway():
    with local_gateway() as g:
        yield g


def _returned(f, runtime, a) -> int:
    claim_id = file(f, runtime, a["applicant"], claim_input())
    decide(f, runtime, a["township"], claim_id, "return", "身份证扫描件不清晰")
    return claim_id


def _rows(f) -> list[SmsMessage]:
    with f() as s:
        return list(s.scalars(select(SmsMessage).order_by(SmsMessage.id)))


def test_a_milestone_leaves_its_text_and_a_500_is_tried_again_after_its_delay(
        session_factory, runtime, actors, clock, gateway):
    f = session_factory
    claim_id = _returned(f, runtime, actors)
    (row,) = _rows(f)
    assert (row.status, row.phone, row.attempts) == ("pending", PHONE, 0)
    reference = f"BT{clock[0].year}-"
    assert reference in row.text and "身份证扫描件不清晰" in row.text
    gateway.fail_first(1, 500)
    http = HttpGateway(gateway.url, TOKEN, timeout=2)

    first = sms.send_due(f, http, runtime.clock)
    assert first.retried == [row.reference] and gateway.delivered() == []
    (row,) = _rows(f)
    assert (row.status, row.attempts, row.error) == ("pending", 1, "attempt 1: HTTP 500")
    assert row.next_attempt_at == clock[0] + rules.BACKOFF[0]
    assert not sms.send_due(f, http, runtime.clock)  # not due yet: nothing posted
    assert len(gateway.requests) == 1

    clock[0] += timedelta(seconds=31)
    assert sms.send_due(f, http, runtime.clock).sent == [row.reference]
    (row,) = _rows(f)
    assert (row.status, row.attempts) == ("sent", 2)
    assert row.error == "attempt 1: HTTP 500"  # the failure stays on record
    assert [r["body"]["reference"] for r in gateway.requests] == [row.reference] * 2
    assert {r["auth"] for r in gateway.requests} == {f"Bearer {TOKEN}"}
    assert gateway.requests[0]["type"] == "application/json; charset=utf-8"
    (body,) = gateway.delivered()
    assert body == {"phone": PHONE, "reference": row.reference, "text": row.text}
    assert not sms.send_due(f, http, runtime.clock)  # sent once, never again
    with f() as s:  # the same words on the site
        (note,) = s.scalars(select(Notification).where(Notification.claim_id == claim_id))
        assert note.message == body["text"] and note.kind == "returned"


def test_a_refused_text_is_not_tried_again(session_factory, runtime, actors, clock, gateway):
    f = session_factory
    _returned(f, runtime, actors)
    gateway.answer = lambda _body: 400
    http = HttpGateway(gateway.url, TOKEN, timeout=2)
    assert len(sms.send_due(f, http, runtime.clock).failed) == 1
    (row,) = _rows(f)
    assert (row.status, row.attempts, row.error) == ("failed", 1, "attempt 1: HTTP 400")
    clock[0] += timedelta(hours=1)
    assert not sms.send_due(f, http, runtime.clock) and len(gateway.requests) == 1


def test_no_answer_in_time_is_tried_again_with_the_same_reference(session_factory, runtime,
                                                                   actors, clock, gateway):
    f = session_factory
    _returned(f, runtime, actors)
    gateway.delay = 1.0
    slow = HttpGateway(gateway.url, TOKEN, timeout=0.2)
    assert len(sms.send_due(f, slow, runtime.clock).retried) == 1
    (row,) = _rows(f)
    assert row.status == "pending" and row.error.startswith("attempt 1: no answer")
    gateway.delay, clock[0] = 0.0, clock[0] + timedelta(minutes=1)
    assert sms.send_due(f, slow, runtime.clock).sent == [row.reference]
    # The gateway got it twice (the first answer was lost) with one reference to tell.
    assert {r["body"]["reference"] for r in gateway.requests} == {row.reference}


def test_every_try_fails_then_the_text_is_given_up(session_factory, runtime, actors, clock,
                                                   gateway):
    f = session_factory
    _returned(f, runtime, actors)
    gateway.answer = lambda _body: 503
    http = HttpGateway(gateway.url, TOKEN, timeout=2)
    for delay in (timedelta(0), *rules.BACKOFF):
        clock[0] += delay + timedelta(seconds=1)
        sms.send_due(f, http, runtime.clock)
    (row,) = _rows(f)
    assert (row.status, row.attempts) == ("failed", rules.MAX_ATTEMPTS)
    assert len(gateway.requests) == rules.MAX_ATTEMPTS


def test_nothing_is_sent_when_the_milestone_rolls_back(session_factory, runtime, actors,
                                                       gateway):
    f = session_factory
    claim_id = file(f, runtime, actors["applicant"], claim_input())
    with pytest.raises(RuntimeError), f.begin() as s:
        claim = claims.visible_claim(s, actors["township"], claim_id)
        task = queries.open_tasks(s, claim)[0]
        decisions.complete_task(s, runtime, actors["township"], claim_id, task.task_id, "return",
                                "扫描件不清晰")
        s.flush()
        assert s.scalar(select(SmsMessage.id)) is not None  # written with the milestone...
        raise RuntimeError("the request fails before it commits")
    assert _rows(f) == []  # ...and gone with it
    assert not sms.send_due(f, HttpGateway(gateway.url, TOKEN), runtime.clock)
    assert gateway.requests == []


def test_without_a_gateway_sms_is_off(session_factory, runtime, actors, gateway):
    f = session_factory
    _returned(f, runtime, actors)
    assert sms.send_due(f, None, runtime.clock).off == 1
    (row,) = _rows(f)
    assert row.status == "off" and "BUTIE_SMS_URL" in row.error
    # A gateway configured later does not send yesterday's texts in a burst.
    assert not sms.send_due(f, HttpGateway(gateway.url, TOKEN), runtime.clock)
    assert gateway.requests == []


def test_a_text_not_sent_in_time_is_not_sent_late(session_factory, runtime, actors, clock,
                                                  gateway):
    f = session_factory
    _returned(f, runtime, actors)
    clock[0] += rules.MESSAGE_LIFETIME + timedelta(seconds=1)
    assert sms.send_due(f, HttpGateway(gateway.url, TOKEN), runtime.clock).expired == 1
    assert _rows(f)[0].status == "expired" and gateway.requests == []


def test_a_worker_that_died_mid_send_leaves_its_texts_to_be_taken_again_after_the_lease(
        session_factory, runtime, actors, clock, gateway):
    f = session_factory
    _returned(f, runtime, actors)
    with f.begin() as s:  # a worker took it and was killed before it posted
        (taken,) = sms._take(s, clock[0], 10)
    http = HttpGateway(gateway.url, TOKEN)
    assert not sms.send_due(f, http, runtime.clock)  # another worker leaves it alone...
    clock[0] += rules.LEASE + timedelta(seconds=1)
    assert sms.send_due(f, http, runtime.clock).sent == [taken.reference]  # ...until the lease
    assert [b["reference"] for b in gateway.delivered()] == [taken.reference]
    assert _rows(f)[0].attempts == 2


def test_two_workers_racing_send_each_text_exactly_once(session_factory, runtime, actors,
                                                        gateway):
    f = session_factory
    claim_id = file(f, runtime, actors["applicant"], claim_input())
    with f.begin() as s:
        for i in range(40):
            notifications.tell(s, actors["applicant"].user_id, claim_id, "test", f"第{i}条",
                               runtime.clock())
    gateway.delay = 0.01  # posts overlap while the other worker takes its rows
    http = HttpGateway(gateway.url, TOKEN)
    start, errors = threading.Barrier(2), []

    def worker() -> None:
        try:
            start.wait()
            while sms.send_due(f, http, runtime.clock, limit=3):
                pass
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    posted = Counter(r["body"]["reference"] for r in gateway.requests)
    rows = _rows(f)
    assert {r.reference for r in rows} == set(posted) and len(rows) == 40
    assert set(posted.values()) == {1}, [ref for ref, n in posted.items() if n > 1]
    assert {r.status for r in rows} == {"sent"} and {r.attempts for r in rows} == {1}


def test_the_gateway_client_contacts_nothing_but_its_url(gateway):
    http = HttpGateway(gateway.url, "")
    assert http.send(PHONE, "测试", "sms-1").outcome == rules.Outcome.SENT
    assert gateway.requests[0]["auth"] is None  # no token configured: no header
    gateway.answer = lambda _body: 302  # a redirect is not followed anywhere
    assert http.send(PHONE, "测试", "sms-2").outcome == rules.Outcome.RETRY
    assert len(gateway.requests) == 2
    closed = HttpGateway("http://127.0.0.1:9/sms", "", timeout=1)  # nothing listens there
    delivery = closed.send(PHONE, "测试", "sms-3")
    assert delivery.outcome == rules.Outcome.RETRY and delivery.detail.startswith("no answer")
    with pytest.raises(ValueError):
        HttpGateway("file:///etc/passwd")
