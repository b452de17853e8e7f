"""One place prices a claim (issue 19 item 1): the policy pack, at bureau acceptance. The process
before it priced claims in a script task with Pengyang's rules (Task_compute_amount); the current
one keeps that task as an empty placeholder, so claims running on the earlier version, waiting
before or after the task, move to the current one and are accepted at the pack's price; a claim
accepted on the earlier version got the pack's price too."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BPMN_DIR, NOW, claim_input, create_users
from tests.integration.helpers import decide, file, id_number_of, load, person
from workflow.services import definitions, migrations, policy

CURRENT = definitions.read_directory(BPMN_DIR)
BEFORE = {**CURRENT, "subsidy_claim.bpmn": (
    Path(__file__).parents[1] / "data/subsidy_claim_before_pack_pricing.bpmn").read_text()}
ELEVATOR = {"certificate_code": "PY-17", "certificate_name": "电梯作业"}  # 附件1 row 17: lost
SET_FEN = 165000  # what an administrator enters for it; the diagram's rules had no amount


def _filed(f, runtime, serial: int) -> int:
    who = person(f, serial)
    return file(f, runtime, who, claim_input(certificate_number=f"TZ-{serial}",
                                             id_number=id_number_of(f, who), **ELEVATOR))


def test_claims_on_the_version_that_priced_in_the_diagram_move_and_get_the_packs_price(
        session_factory, runtime):
    f = session_factory
    with f.begin() as s:
        definitions.deploy(s, "subsidy_claim", BEFORE, "admin", "before pack pricing", NOW)
        actors = create_users(s)
    before, after, stays = (_filed(f, runtime, n) for n in (1, 2, 3))
    for claim_id in (before, after, stays):
        decide(f, runtime, actors["township"], claim_id, "approve")
    for claim_id in (after, stays):  # through Task_compute_amount
        decide(f, runtime, actors["department"], claim_id, "approve")
    with f.begin() as s:
        policy.set_amount(s, actors["admin"], "PY-17", SET_FEN, "县人社局 2026 年标准", NOW)

    # Accepted on its version, the claim is priced by the pack all the same.
    decide(f, runtime, actors["bureau"], stays, "approve")
    assert load(f, stays).amount_fen == SET_FEN
    with f.begin() as s:
        new_id = definitions.deploy(s, "subsidy_claim", CURRENT, "admin", "pack pricing",
                                    NOW)[0].id
    with f() as s:
        plan = migrations.dry_run(s, runtime)
    assert {(m.claim_id, m.safe, m.at) for m in plan.moves} == {
        (before, True, ("Task_department_review",)),
        (after, True, ("Task_bureau_acceptance",)),
        (stays, True, ("Event_notice_published",))}
    with f.begin() as s:
        assert migrations.migrate(s, runtime, actors["admin"], new_id, NOW).moved_count == 3

    decide(f, runtime, actors["department"], before, "approve")  # through the placeholder
    for claim_id in (before, after):
        decide(f, runtime, actors["bureau"], claim_id, "approve")
        claim = load(f, claim_id)
        assert (claim.definition_id, claim.stage, claim.amount_fen) == (
            new_id, "awaiting_notice", SET_FEN)


def test_a_completed_script_that_would_now_write_something_still_keeps_its_claims(
        session_factory, runtime):
    """Only an emptied script is harmless: one that writes something later steps might read
    and the claim never got keeps claims that ran the old script where they are."""
    f = session_factory
    writes = {**CURRENT, "subsidy_claim.bpmn": CURRENT["subsidy_claim.bpmn"].replace(
        "<bpmn:script>pass</bpmn:script>", "<bpmn:script>priced_by = 'pack'</bpmn:script>")}
    with f.begin() as s:
        definitions.deploy(s, "subsidy_claim", BEFORE, "admin", "before pack pricing", NOW)
        actors = create_users(s)
    claim_id = _filed(f, runtime, 1)
    decide(f, runtime, actors["township"], claim_id, "approve")
    decide(f, runtime, actors["department"], claim_id, "approve")
    with f.begin() as s:
        definitions.deploy(s, "subsidy_claim", writes, "admin", "a script that writes", NOW)
    with f() as s:
        (move,) = migrations.dry_run(s, runtime).moves
    assert not move.safe
    assert move.reasons == ("Task_compute_amount was completed and version 2 changes its "
                            "script",)
