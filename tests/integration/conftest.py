"""PostgreSQL-only fixtures for the tests that start real processes, and their claims."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import BPMN_DIR, claim_input, create_users, template_copy
from tests.integration.helpers import (
    accept_claims,
    cover_with_test_tables,
    file,
    id_number_of,
    person,
    publish,
)
from tests.keys import KEYRING
from tests.pg import server_binaries
from workflow.domain.access import Actor
from workflow.persistence.db import make_engine, make_session_factory
from workflow.services import definitions
from workflow.services.runtime import build_runtime


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh migrated PostgreSQL database (from the session's template)."""
    if server_binaries() is None:
        pytest.skip("needs PostgreSQL")
    with template_copy(request.getfixturevalue("pg_server"),
                       f"processes_{uuid.uuid4().hex[:12]}") as url:
        yield url


@pytest.fixture
def pg_factory(pg_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(pg_url, KEYRING)
    yield make_session_factory(engine)
    engine.dispose()


def filed_in_the_past(factory: sessionmaker[Session], timer_claims: int, open_claims: int = 0
                      ) -> tuple[dict[str, Actor], list[int], list[int]]:
    """The users, `timer_claims` claims whose public notice closed (their timers are due by
    the real clock) and `open_claims` at township review: filed three weeks back through the
    services, for processes that run on the real clock."""
    past = datetime.now(UTC) - timedelta(days=21)
    rt = build_runtime(clock=lambda: past)
    with factory.begin() as session:
        definitions.deploy(session, definitions.PROCESS_ID,
                           definitions.read_directory(BPMN_DIR), "test", "test", past)
        actors = create_users(session)
    cover_with_test_tables(factory, actors["admin"], past)  # the real clock may be in 2027
    due = accept_claims(factory, rt, actors, timer_claims, "TZ-PROC")
    publish(factory, rt, actors["bureau"])
    open_ids = []
    for i in range(open_claims):
        who = person(factory, 500 + i)  # the first people have their two claims already
        open_ids.append(file(factory, rt, who, claim_input(
            certificate_number=f"TZ-OPEN-{i}", id_number=id_number_of(factory, who))))
    return actors, due, open_ids
