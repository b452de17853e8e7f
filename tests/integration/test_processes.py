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
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import PASSWORD, claim_input, create_users
from tests.integration.helpers import accept_claims, file, id_number_of, person, publish
from tests.pg import server_binaries
from tests.processes import environment, free_port, start_gunicorn, start_worker, stop, wait_for
from workflow.persistence.db import make_engine, make_session_factory
from workflow.persistence.models import AuditEvent, Claim, HumanTask
from workflow.services import audit, definitions, queries
from workflow.services.runtime import build_runtime

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(server_binaries() is None, reason="needs PostgreSQL")]
BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
TIMER_CLAIMS = 24
RACED_TASKS = 8


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh migrated PostgreSQL database (the conftest's template)."""
    server = request.getfixturevalue("pg_server")
    name = f"processes_{request.node.name[:40].lower()}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE butie_template"))
    yield f"{server}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def factory(pg_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(pg_url)
    yield make_session_factory(engine)
    engine.dispose()


def _past() -> datetime:
    return datetime.now(UTC) - timedelta(days=21)


def prepare(factory: sessionmaker[Session], timer_claims: int, open_claims: int
            ) -> tuple[list[int], list[int]]:
    """`timer_claims` claims whose notice has closed (timers due now) and `open_claims` at
    township review, filed in the past through the services."""
    clock = [_past()]
    rt = build_runtime(clock=lambda: clock[0])
    with factory.begin() as session:
        definitions.deploy(session, definitions.PROCESS_ID,
                           definitions.read_directory(BPMN_DIR), "test", "test", clock[0])
        actors = create_users(session)
    due = accept_claims(factory, rt, actors, timer_claims, "TZ-PROC")
    publish(factory, rt, actors["bureau"])
    open_ids = []
    for i in range(open_claims):
        who = person(factory, 500 + i)  # the first people have their two claims already
        open_ids.append(file(factory, rt, who, claim_input(
            certificate_number=f"TZ-OPEN-{i}", id_number=id_number_of(factory, who))))
    return due, open_ids


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
    """The same approval sent twice at once (two web processes take one each)."""
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


def test_two_web_processes_and_two_workers_do_everything_once(factory, pg_url, tmp_path):
    """Load: 2 gunicorn workers take doubled approvals while 2 `butie worker` processes fire
    24 due timers, 4 per transaction. Invariant: every timer fired exactly once (one audit
    event, one payment task, counted once across both workers' logs), every doubled approval
    won once and refused once (409), one decision recorded per claim, no claim lost, and the
    audit chain intact."""
    due, open_ids = prepare(factory, TIMER_CLAIMS, RACED_TASKS)
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
