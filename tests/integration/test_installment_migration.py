"""Upgrading a deployment: a Huzhou claim accepted on the process before later installments
existed moves to the current version while it waits for its payment, and after the first half is
paid the bureau gets the second half's task."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import BPMN_DIR, NOW, create_users
from tests.integration.helpers import decide, load
from tests.integration.test_installments import _huzhou, _notice_closes
from workflow.services import definitions, migrations

CURRENT = definitions.read_directory(BPMN_DIR)
BEFORE = {**CURRENT, "subsidy_claim.bpmn": (
    Path(__file__).parents[1] / "data/subsidy_claim_before_installments.bpmn").read_text()}


def test_a_claim_waiting_for_its_payment_moves_and_gets_its_second_half(
        session_factory, runtime, clock):
    f = session_factory
    with f.begin() as s:
        definitions.deploy(s, "subsidy_claim", BEFORE, "admin", "before installments", NOW)
        actors = create_users(s)
    clock[0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    claim_id = _huzhou(f, runtime, actors)
    _notice_closes(f, runtime, actors)
    assert load(f, claim_id).stage == "payment"
    with f.begin() as s:
        new_id = definitions.deploy(s, "subsidy_claim", CURRENT, "admin", "installments",
                                    NOW)[0].id
    with f() as s:
        plan = migrations.dry_run(s, runtime)
    assert [(m.claim_id, m.safe, m.at) for m in plan.moves] == [
        (claim_id, True, ("Task_record_payment",))]
    with f.begin() as s:
        assert migrations.migrate(s, runtime, actors["admin"], new_id, NOW).moved_count == 1
    decide(f, runtime, actors["finance"], claim_id, "paid")
    claim = load(f, claim_id)
    assert (claim.definition_id, claim.stage, claim.status) == (
        new_id, "installment_condition", "in_progress")
