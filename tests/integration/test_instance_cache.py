"""The in-process cache of workflows: a hit only when the row has not moved since this process
saved it; another process's write or a rolled-back transaction makes it a miss."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import claim_input
from tests.integration.helpers import actions, decide, file, load
from tests.keys import KEYRING
from workflow.engine.scripting import RestrictedScriptEngine
from workflow.persistence.db import make_engine, make_session_factory
from workflow.services import claims, decisions, queries
from workflow.services.errors import ConflictError
from workflow.services.runtime import Runtime, build_runtime


def count_restores(runtime: Runtime) -> list[int]:
    """Count the workflows `runtime` deserializes from the database (cache misses)."""
    restores = [0]
    restore: Callable[..., Any] = runtime.engine.restore

    def counting(*args: Any) -> Any:
        restores[0] += 1
        return restore(*args)

    runtime.engine.restore = counting  # type: ignore[method-assign]
    return restores


def test_a_step_after_this_process_saved_reuses_the_workflow(session_factory, actors, clock):
    runtime = build_runtime(clock=lambda: clock[0])
    restores = count_restores(runtime)
    claim_id = file(session_factory, runtime, actors["applicant"], claim_input())
    decide(session_factory, runtime, actors["township"], claim_id, "approve")
    decide(session_factory, runtime, actors["department"], claim_id, "approve")
    assert restores[0] == 0
    claim = load(session_factory, claim_id)
    cached = runtime.instances.take(claim_id, claim.rev)
    assert cached is not None
    # The restricted script engine stays attached to a cached workflow.
    assert isinstance(cached.workflow.script_engine, RestrictedScriptEngine)


def test_another_process_moving_the_claim_makes_the_cached_workflow_a_miss(
        session_factory, db_url, actors, clock):
    mine = build_runtime(clock=lambda: clock[0])
    restores = count_restores(mine)
    claim_id = file(session_factory, mine, actors["applicant"], claim_input())
    decide(session_factory, mine, actors["township"], claim_id, "approve")
    # "Another process": its own engine, connection pool and runtime (cache) on the same database.
    other_engine = make_engine(db_url, KEYRING)
    try:
        other = build_runtime(clock=lambda: clock[0])
        decide(make_session_factory(other_engine), other, actors["department"], claim_id,
               "approve")
    finally:
        other_engine.dispose()
    # This process still holds the workflow at township-approved: using it would find the
    # bureau's task missing (a conflict) or redo the department's step.
    claim = decide(session_factory, mine, actors["bureau"], claim_id, "approve")
    assert restores[0] == 1
    assert claim.stage == "awaiting_notice"
    assert [a for a in actions(session_factory, claim_id) if a[0] == "decided"] == \
        [("decided", "approve")] * 3


class Boom(Exception):
    pass


def test_a_rolled_back_step_leaves_no_mutated_workflow_behind(session_factory, actors, clock):
    runtime = build_runtime(clock=lambda: clock[0])
    restores = count_restores(runtime)
    claim_id = file(session_factory, runtime, actors["applicant"], claim_input())
    with pytest.raises(Boom), session_factory.begin() as session:
        claim = claims.visible_claim(session, actors["township"], claim_id)
        task = queries.open_tasks(session, claim)[0]
        decisions.complete_task(session, runtime, actors["township"], claim_id, task.task_id,
                                "approve")
        raise Boom  # after the engine moved the workflow in memory and it was saved
    assert load(session_factory, claim_id).stage == "township_review"
    # The township's task is open again: with the moved workflow it would not be READY.
    claim = decide(session_factory, runtime, actors["township"], claim_id, "approve")
    assert restores[0] == 1
    assert claim.stage == "department_review"
    assert [a for a in actions(session_factory, claim_id) if a[0] == "decided"] == \
        [("decided", "approve")]


def test_a_refused_stale_decision_keeps_the_current_workflow_cached(session_factory, actors,
                                                                    clock):
    runtime = build_runtime(clock=lambda: clock[0])
    restores = count_restores(runtime)
    claim_id = file(session_factory, runtime, actors["applicant"], claim_input())
    with session_factory() as session:
        claim = claims.visible_claim(session, actors["township"], claim_id)
        task_id, version = queries.open_tasks(session, claim)[0].task_id, claim.version
    decide(session_factory, runtime, actors["township"], claim_id, "return", "请补充材料")
    with pytest.raises(ConflictError), session_factory.begin() as session:
        decisions.complete_task(session, runtime, actors["township"], claim_id, task_id,
                                "approve", expected_version=version)
    claim = load(session_factory, claim_id)
    assert claim.stage == "correction"
    assert runtime.instances.take(claim_id, claim.rev) is not None
    assert restores[0] == 0
