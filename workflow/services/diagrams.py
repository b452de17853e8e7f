"""A claim drawn on its own process version: the diagram file and the path it has taken."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine.runner import Trail
from workflow.persistence.models import Claim, ProcessDefinition
from workflow.services import definitions
from workflow.services.errors import NotFoundError
from workflow.services.runtime import Runtime


def process_file(definition: ProcessDefinition) -> tuple[str, str]:
    """(name, XML) of the .bpmn file that holds the version's process."""
    marker = f'id="{definition.process_id}"'
    for name in sorted(definition.files):
        if name.endswith(".bpmn") and marker in definition.files[name]:
            return name, definition.files[name]
    raise NotFoundError("this version has no diagram of its process")


def claim_diagram(session: Session, claim: Claim) -> tuple[str, str]:
    """The diagram the claim runs on (its own version, not necessarily the newest)."""
    return process_file(definitions.version(session, claim.definition_id))


def claim_trail(session: Session, runtime: Runtime, claim: Claim) -> Trail:
    """The elements the claim has completed and the ones it waits at now.

    Restored on its own rather than through the instance cache, so looking never takes a
    workflow out from under a request that is about to act on it.
    """
    spec = definitions.parsed(session, runtime, claim.definition_id)
    state = session.scalar(select(Claim.state).where(Claim.id == claim.id))
    assert state is not None  # a claim row always holds its workflow
    return runtime.engine.trail(runtime.engine.restore(spec, state))
