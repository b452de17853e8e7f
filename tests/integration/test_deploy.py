"""Deploying versions: idempotent, refused when unsafe, running claims stay pinned."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import BPMN_DIR, NOW, claim_input
from tests.integration.helpers import decide, file, load
from workflow.engine.definitions import DefinitionError
from workflow.persistence.models import ProcessDefinition
from workflow.services import definitions

FILES = definitions.read_directory(BPMN_DIR)


def _deploy(factory, files):
    with factory.begin() as session:
        row, created = definitions.deploy(session, "subsidy_claim", files, "t", "note", NOW)
        return row.id, row.version, created


def test_versions_and_pinned_claims(session_factory, runtime, actors, deployed):
    f = session_factory
    assert _deploy(f, FILES) == (deployed, 1, False)
    old_claim = file(f, runtime, actors["applicant"], claim_input())
    changed = {**FILES, "subsidy_claim.bpmn": FILES["subsidy_claim.bpmn"].replace(
        'name="Bureau acceptance"', 'name="Bureau acceptance (v2)"')}
    new_id, version, created = _deploy(f, changed)
    assert (version, created) == (2, True)
    new_claim = file(f, runtime, actors["applicant"],
                     claim_input(certificate_number="TZ-NEW"))
    assert load(f, old_claim).definition_id == deployed
    assert load(f, new_claim).definition_id == new_id
    for who in ("township", "department"):  # the old claim runs on on its own version
        decide(f, runtime, actors[who], old_claim, "approve")
    assert load(f, old_claim).stage == "bureau_acceptance"


def test_escape_attempt_is_refused_and_nothing_is_stored(session_factory):
    hostile = {**FILES, "subsidy_claim.bpmn": FILES["subsidy_claim.bpmn"].replace(
        'decision == "approve"', "__import__('os').system('true')", 1)}
    with pytest.raises(DefinitionError, match="Gateway_township"):
        _deploy(session_factory, hostile)
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ProcessDefinition)) == 0
