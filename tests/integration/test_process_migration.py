"""Running claims moved to a newer version: the known gap of claims started before notice
batches (no `notice_published` message) is closed for the claims that can move safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import BPMN_DIR, NOW, claim_input, create_users
from tests.integration.helpers import decide, file, id_number_of, load, person, publish
from workflow.engine.definitions import content_hash
from workflow.persistence.models import AuditEvent, ProcessDefinition
from workflow.services import claims, definitions, instances, migrations

CURRENT = definitions.read_directory(BPMN_DIR)
# The process as deployed before notice batches: acceptance went straight to the notice.
BEFORE = {**CURRENT, "subsidy_claim.bpmn": (
    Path(__file__).parents[1] / "data/subsidy_claim_before_notice_batches.bpmn").read_text()}


@pytest.fixture
def old_world(session_factory):
    """Version 1 is the old process (stored as it was, before today's checks existed)."""
    with session_factory.begin() as session:
        session.add(ProcessDefinition(process_id="subsidy_claim", version=1,
                                      content_hash=content_hash(BEFORE), files=BEFORE,
                                      note="before notice batches", deployed_by="seed",
                                      deployed_at=NOW))
        return create_users(session)


def _accept_the_old_way(factory, runtime, bureau, claim_id, ends_at):
    """What acceptance did before notice batches: the window's end handed to the process."""
    with factory.begin() as session:
        claim = claims.visible_claim(session, bureau, claim_id)
        instance = instances.load(session, runtime, claim)
        task = runtime.engine.state(instance).ready_tasks[0]
        runtime.engine.complete(instance, task.id, {"decision": "approve",
                                                    "notice_ends_at": ends_at})
        instances.save(session, runtime, claim, instance, NOW)


def test_dry_run_then_the_safe_claims_move_and_can_be_published(session_factory, runtime,
                                                                   old_world):
    f, actors = session_factory, old_world
    at_township = file(f, runtime, actors["applicant"], claim_input(certificate_number="A"))
    second = person(f, 1)
    at_bureau = file(f, runtime, second, claim_input(
        certificate_number="B", full_name="张三", id_number=id_number_of(f, second)))
    third = person(f, 2)
    on_notice = file(f, runtime, third, claim_input(
        certificate_number="C", full_name="张三", id_number=id_number_of(f, third)))
    for claim_id in (at_bureau, on_notice):
        decide(f, runtime, actors["township"], claim_id, "approve")
        decide(f, runtime, actors["department"], claim_id, "approve")
    _accept_the_old_way(f, runtime, actors["bureau"], on_notice, "2026-11-09T00:00:00+00:00")

    # The known gap: on the old version, today's acceptance has no notice to wait for.
    with pytest.raises(Exception, match="notice_ends_at"):
        decide(f, runtime, actors["bureau"], at_bureau, "approve")

    with f.begin() as session:
        new, _ = definitions.deploy(session, "subsidy_claim", CURRENT, "admin", "notice batches",
                                    NOW)
        new_id = new.id
    with f() as session:
        plan = migrations.dry_run(session, runtime)
    assert plan.target_version == 2
    verdicts = {m.claim_id: (m.safe, m.at) for m in plan.moves}
    assert verdicts[at_township] == (True, ("Task_township_review",))
    assert verdicts[at_bureau] == (True, ("Task_bureau_acceptance",))
    assert verdicts[on_notice] == (False, ("Gateway_notice",))
    (unsafe,) = plan.unsafe
    assert "Gateway_bureau was completed" in unsafe.reasons[0]
    assert plan.groups() == [(1, "Gateway_notice", 1, 0), (1, "Task_bureau_acceptance", 1, 1),
                             (1, "Task_township_review", 1, 1)]

    with f.begin() as session:
        done = migrations.migrate(session, runtime, actors["admin"], new_id, NOW)
    assert done.moved_count == 2
    assert {load(f, c).definition_id for c in (at_township, at_bureau)} == {new_id}
    assert load(f, on_notice).definition_id != new_id
    reference = load(f, on_notice).reference
    with f() as session:
        audited = session.scalars(select(AuditEvent.claim_id).where(
            AuditEvent.action == "migrated")).all()
        assert sorted(audited) == sorted([at_township, at_bureau])
        assert migrations.dry_run(session, runtime).moves == (
            migrations.ClaimMove(on_notice, reference, "notice", 1, ("Gateway_notice",), False,
                                 unsafe.reasons),)

    # The moved claim now waits for a notice batch and is published like any other.
    decide(f, runtime, actors["bureau"], at_bureau, "approve")
    assert load(f, at_bureau).stage == "awaiting_notice"
    publish(f, runtime, actors["bureau"], (at_bureau,))
    assert load(f, at_bureau).stage == "notice"
    # The one at township review carries on through the new version's steps.
    decide(f, runtime, actors["township"], at_township, "approve")
    assert load(f, at_township).stage == "department_review"

