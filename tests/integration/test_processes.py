"""Several web processes (gunicorn) and several `butie worker` processes on one PostgreSQL.

Real processes, real clock: the claims are filed and published three weeks back, so their
public notice has closed and every timer is due when the workers start.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import PASSWORD
from tests.integration.conftest import filed_in_the_past
from tests.processes import environment, free_port, start_gunicorn, start_worker, stop, wait_for
from workflow.persistence.models import AuditEvent, Claim, HumanTask
from workflow.services import audit, queries

pytestmark = pytest.mark.slow
TIMER_CLAIMS = 24
RACED_TASKS = 8


def timer_events(factory: sessionmaker[Session]) -> Counter[int]:
    with factory() as session:
        return Counter(session.scalars(select(AuditEvent.claim_id).where(
            AuditEvent.action == "timer_fired")))


def fired_in_logs(*logs: Path) -> int:
    return sum(int(n) for log in logs
               for n in re.findall(r"fired (\d+) timer", log.read_text(errors="replace")))


def _request(port: int, method: str, path: str, body: dict | None = None,
             token: str | None = None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None,
                           headers)
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read() or b"{}")
    finally:
        connection.close()


def _race(port: int, token: str, claim_id: int, task_id: str, version: int) -> list[int]:
    """The same approval sent twice at once: a sync gunicorn worker handles one request at a
    time, so the second is taken by the other worker, or waits and arrives stale."""
    barrier, statuses = threading.Barrier(2, timeout=30), []

    def send() -> None:
        barrier.wait()
        statuses.append(_request(port, "POST", f"/api/v1/claims/{claim_id}/tasks/{task_id}",
                                 {"decision": "approve", "version": version}, token)[0])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return sorted(statuses)


def test_two_web_processes_and_two_workers_do_everything_once(pg_factory, pg_url, tmp_path):
    """Load: 2 gunicorn workers take doubled approvals while 2 `butie worker` processes fire
    24 due timers, 4 per transaction. Invariant: every timer fired exactly once (one audit
    event, one payment task, counted once across both workers' logs), every doubled approval
    won once and refused once (409), one decision recorded per claim, no claim lost, and the
    audit chain intact."""
    factory = pg_factory
    _, due, open_ids = filed_in_the_past(factory, TIMER_CLAIMS, RACED_TASKS)
    with factory() as session:
        tasks = []
        for claim_id in open_ids:
            claim = session.get(Claim, claim_id)
            assert claim is not None
            tasks.append((claim_id, queries.open_tasks(session, claim)[0].task_id,
                          claim.version))
    env = environment(pg_url, tmp_path / "uploads")
    port, logs = free_port(), [tmp_path / "worker1.log", tmp_path / "worker2.log"]
    web = start_gunicorn(env, tmp_path / "gunicorn.log", 2, port)
    workers = [start_worker(env, log, "--batch", "4") for log in logs]
    try:
        status, body = _request(port, "POST", "/api/v1/auth/login",
                                {"username": "township", "password": PASSWORD})
        assert status == 200, body
        outcomes = [_race(port, body["token"], *task) for task in tasks]
        wait_for(lambda: len(timer_events(factory)) == TIMER_CLAIMS, 180,
                 "every due timer fired")
        wait_for(lambda: fired_in_logs(*logs) >= TIMER_CLAIMS, 10, "workers logged")
    finally:
        for process in (*workers, web):
            stop(process)
    assert outcomes == [[200, 409]] * RACED_TASKS
    assert timer_events(factory) == Counter({claim_id: 1 for claim_id in due})
    assert fired_in_logs(*logs) == TIMER_CLAIMS
    with factory() as session:
        payment_tasks = Counter(session.scalars(select(HumanTask.claim_id).where(
            HumanTask.form == "payment_result")))
        decided = Counter(session.scalars(select(AuditEvent.claim_id).where(
            AuditEvent.action == "decided", AuditEvent.claim_id.in_(open_ids))))
        stages = dict(session.execute(select(Claim.id, Claim.stage)).all())
        assert audit.verify_chain(session).intact
        assert session.scalar(select(func.count()).select_from(Claim)) == len(due) + len(
            open_ids)
    assert payment_tasks == Counter({claim_id: 1 for claim_id in due})
    assert decided == Counter({claim_id: 1 for claim_id in open_ids})
    assert {stages[i] for i in due} == {"payment"}
    assert {stages[i] for i in open_ids} == {"department_review"}
