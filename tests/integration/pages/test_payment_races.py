"""Races between finance officers, through HTTP as they would cause them (SQLite and PostgreSQL).

Each round releases two requests at once with a barrier. On PostgreSQL (READ COMMITTED) the
code before issue 17 let an officer mark a claim paid from its page while another put it into
a batch: both committed, and the bank file paid the claim again.
"""

from __future__ import annotations

import io
import itertools
import threading
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask
from sqlalchemy import or_, select

from tests.conftest import NOW, claim_input
from tests.integration.helpers import (
    actors_of,
    decide,
    file,
    id_number_of,
    load,
    person,
    publish,
)
from tests.integration.pages.conftest import token
from web.db import runtime, sessions
from workflow.persistence.models import HumanTask, OutboxEntry, PaymentBatch, PaymentLine
from workflow.services import payments, timers, users

ROUNDS = 12
_serials = itertools.count(100)


def _second_finance(app: Flask) -> None:
    with sessions(app).begin() as s:
        users.create_user(s, "finance2", "correct horse", "finance_officer", "财务复核", NOW)


def _due_now(app: Flask, n: int, prefix: str) -> list[int]:
    """N claims of new people whose notice has closed, made due in this round only."""
    f, rt = sessions(app), runtime(app)
    staff = actors_of(f)
    ids = []
    for i in range(n):
        who = person(f, next(_serials))  # at most 2 subsidies a person
        claim_id = file(f, rt, who, claim_input(certificate_number=f"{prefix}-{i}",
                                                id_number=id_number_of(f, who)))
        for reviewer in ("township", "department", "bureau"):
            decide(f, rt, staff[reviewer], claim_id, "approve")
        ids.append(claim_id)
    batch = publish(f, rt, staff["bureau"], claim_ids=tuple(ids))
    timers.fire_due(f, rt, batch.closes_at)
    return ids


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def _live_lines(app: Flask, claim_id: int) -> list[PaymentLine]:
    """Lines that pay or will pay the claim: open in a batch, or paid (by batch or by hand)."""
    with sessions(app)() as s:
        return list(s.scalars(select(PaymentLine).where(
            PaymentLine.claim_id == claim_id,
            or_(PaymentLine.is_open, PaymentLine.result == "paid"))))


def test_paid_by_hand_while_a_batch_is_made_is_paid_once(app, browser, login):
    """One officer marks a due claim paid from the API while another creates a batch on the
    payments page: the claim is paid by hand or in the batch, never both."""
    _second_finance(app)
    by_hand, batcher, api = login("finance"), browser("finance2"), app.test_client()
    outcomes: Counter[str] = Counter()
    for round_ in range(ROUNDS):
        target, other = _due_now(app, 2, f"TZ-R{round_}")
        with sessions(app)() as s:
            task_id = s.scalar(select(HumanTask.task_id).where(HumanTask.claim_id == target))
        csrf = token(batcher, "/finance/batches")
        hand, batch = _at_once(
            partial(api.post, f"/api/v1/claims/{target}/tasks/{task_id}",
                    json={"decision": "paid"}, headers=by_hand),
            partial(batcher.post, "/finance/batches", data={"csrf_token": csrf}))
        assert hand.status_code in (200, 409), hand.get_data(as_text=True)
        assert batch.status_code == 302, batch.get_data(as_text=True)
        live = _live_lines(app, target)
        in_batch = [line for line in live if line.batch_id is not None]
        paid_by_hand = load(sessions(app), target).status == "paid"
        # The claim is paid once: by hand (its page said so) or by the batch, not both.
        assert not (paid_by_hand and in_batch), f"round {round_}: paid by hand AND in a batch"
        assert len(live) == 1, f"round {round_}: {len(live)} live payments"
        assert (hand.status_code == 200) == paid_by_hand == (not in_batch)
        assert [line.batch_id is not None for line in _live_lines(app, other)] == [True]
        outcomes["by hand" if paid_by_hand else "batch"] += 1
    assert sum(outcomes.values()) == ROUNDS


def test_two_officers_creating_batches_at_once_never_share_a_claim(app, browser):
    _second_finance(app)
    first, second = browser("finance"), browser("finance2")
    for round_ in range(ROUNDS // 2):
        ids = _due_now(app, 3, f"TZ-B{round_}")
        tokens = token(first, "/finance/batches"), token(second, "/finance/batches")
        answers = _at_once(
            partial(first.post, "/finance/batches", data={"csrf_token": tokens[0]}),
            partial(second.post, "/finance/batches", data={"csrf_token": tokens[1]}))
        # One batch takes the claims; the other finds none due (422), never a 500.
        assert sorted(a.status_code for a in answers) == [302, 422], \
            [a.get_data(as_text=True)[:300] for a in answers]
        for claim_id in ids:
            assert len(_live_lines(app, claim_id)) == 1
    with sessions(app)() as s:
        numbers = list(s.scalars(select(PaymentBatch.number)))
    assert len(numbers) == len(set(numbers)) == ROUNDS // 2


def _exported_batch(app: Flask, ids: list[int]) -> tuple[int, set[str], bytes]:
    f, rt = sessions(app), runtime(app)
    people = actors_of(f)
    with f.begin() as s:
        batch_id = payments.create_batch(s, people["finance"], rt.clock(), ids).id
    with f.begin() as s:
        payments.approve_batch(s, people["finance2"], batch_id, rt.clock())
    with f.begin() as s:
        _, rows = payments.export_payments(s, people["finance"], batch_id, rt.clock())
    failing = {rows[0].reference}
    return batch_id, failing, ("reference,status,reason\n" + "".join(
        f"{r.reference},{'failure,E12' if r.reference in failing else 'success,'}\n"
        for r in rows)).encode()


def test_two_officers_importing_one_result_file_at_once_apply_it_once(app, browser):
    """The second import waits for the first and finds every line recorded: no 500, each
    line's result recorded and applied once."""
    _second_finance(app)
    first, second = browser("finance"), browser("finance2")
    for round_ in range(ROUNDS // 3):
        ids = _due_now(app, 3, f"TZ-I{round_}")
        batch_id, failing, data = _exported_batch(app, ids)
        page = f"/finance/batches/{batch_id}"
        answers = _at_once(*(partial(
            user.post, f"{page}/results", content_type="multipart/form-data",
            data={"csrf_token": token(user, page), "results": (io.BytesIO(data), "bank.csv")})
            for user in (first, second)))
        assert [a.status_code for a in answers] == [200, 200], \
            [a.get_data(as_text=True)[-500:] for a in answers]
        with sessions(app)() as s:
            entries = Counter(s.scalars(select(OutboxEntry.claim_id).where(
                OutboxEntry.kind == "payment_result", OutboxEntry.claim_id.in_(ids))))
        assert entries == Counter(ids)  # one result recorded per line, not two
        for claim_id in ids:
            claim = load(sessions(app), claim_id)
            assert claim.stage == ("account_correction" if claim.reference in failing
                                   else "closed"), claim.reference
