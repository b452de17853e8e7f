"""Claims running on the version before identity routing (issue 17 item 7) keep working: on
their version a correction goes back to the department as it did, and the timeline says so;
those waiting at their first correction move to the current version, where an identity change
goes back to the township; those that went through a correction before are listed as unsafe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BPMN_DIR, NOW, claim_input, create_users
from tests.integration.helpers import decide, file, id_number_of, load, person
from workflow.persistence.models import User
from workflow.services import corrections, definitions, migrations, queries, users

CURRENT = definitions.read_directory(BPMN_DIR)
BEFORE = {**CURRENT, "subsidy_claim.bpmn": (
    Path(__file__).parents[1] / "data/subsidy_claim_before_identity_routing.bpmn").read_text()}
ACCOUNT = {"account_number": "6228480000000000999"}


@pytest.fixture
def old_world(session_factory):
    with session_factory.begin() as session:
        definitions.deploy(session, "subsidy_claim", BEFORE, "admin", "before", NOW)
        return create_users(session)


def _returned(f, runtime, actors, serial: int) -> int:
    """A claim of its own person, approved by the township and returned by the department."""
    who = person(f, serial)
    claim_id = file(f, runtime, who, claim_input(certificate_number=f"C-{serial}",
                                                 id_number=id_number_of(f, who)))
    decide(f, runtime, actors["township"], claim_id, "approve")
    decide(f, runtime, actors["department"], claim_id, "return", "证书编号有误")
    return claim_id


def _correct(f, runtime, claim_id, changes) -> None:
    with f() as session:
        actor = users.actor_of(session.get(User, load(f, claim_id).applicant_id))
    decide(f, runtime, actor, claim_id, "resubmit", changes=changes)


def _note(f, claim_id) -> str | None:
    with f() as session:
        events = queries.timeline(session, load(f, claim_id))
        return events[-1].comment if events[-1].action == "routed" else None


def test_old_claims_keep_their_routing_or_move_to_the_new_one(session_factory, runtime,
                                                              old_world):
    f, actors = session_factory, old_world
    stays, moves, looped = (_returned(f, runtime, actors, n) for n in (1, 2, 3))
    _correct(f, runtime, looped, {"certificate_number": "C-3b"})  # through Gateway_resubmit
    decide(f, runtime, actors["department"], looped, "return", "仍有误")
    with f.begin() as session:
        new, _ = definitions.deploy(session, "subsidy_claim", CURRENT, "admin",
                                    "identity changes go back to the township", NOW)
        new_id = new.id

    # On its own version the claim goes back to the department, and the timeline says why.
    _correct(f, runtime, stays, ACCOUNT)
    assert load(f, stays).stage == "department_review"
    assert _note(f, stays) == corrections.EARLIER_VERSION
    decide(f, runtime, actors["department"], stays, "approve")
    assert load(f, stays).stage == "bureau_acceptance"

    with f() as session:
        plan = migrations.dry_run(session, runtime)
    verdicts = {m.claim_id: (m.safe, m.at) for m in plan.moves}
    assert verdicts[moves] == (True, ("Task_correct_claim",))
    assert verdicts[looped][0] is False
    (unsafe,) = [m for m in plan.moves if m.claim_id == looped]
    assert any("Gateway_resubmit" in reason for reason in unsafe.reasons)
    with f.begin() as session:
        assert migrations.migrate(session, runtime, actors["admin"], new_id, NOW).moved_count \
            == 1
    assert load(f, moves).definition_id == new_id

    # Moved, its identity change goes back to the township, then to the department again.
    _correct(f, runtime, moves, ACCOUNT)
    assert load(f, moves).stage == "township_review"
    assert _note(f, moves) == corrections.TO_TOWNSHIP
    decide(f, runtime, actors["township"], moves, "approve")
    assert load(f, moves).stage == "department_review"

    # The claim left behind still completes its correction on the old version.
    _correct(f, runtime, looped, ACCOUNT)
    assert load(f, looped).stage == "department_review"
