"""The roster correction services (issue 19 item 3): the enterprise's correction task decided
as any task is (decisions.complete_task), through the registry's roster form; who may send a
roster, and what a correction stores. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.api.test_enterprise_claims import worker
from tests.integration.api.test_enterprise_corrections import other_worker, returned_claim
from tests.integration.helpers import actors_of
from web.db import runtime, sessions
from workflow.persistence.models import Claim, RosterRow, User
from workflow.services import decisions, queries, roster_corrections, users
from workflow.services.enterprise_claims import RosterRefusedError
from workflow.services.errors import ConflictError, ForbiddenError, InvalidInputError


def _enterprise(f):
    with f() as s:
        return users.actor_of(s.scalar(select(User).where(User.username == "firm0")))


def test_the_decision_alone_carries_no_roster_and_is_refused_clearly(app, client):
    """Decided through the generic task endpoint, a roster claim's correction is refused with
    where to send the roster: the person's form refused it for the ID number on file."""
    _, claim_id = returned_claim(app, client)
    f, rt = sessions(app), runtime(app)
    actor = _enterprise(f)
    with f() as s:
        task = queries.open_tasks(s, s.get(Claim, claim_id))[0]
        with pytest.raises(InvalidInputError) as refused:
            decisions.complete_task(s, rt, actor, claim_id, task.task_id, "resubmit")
        assert "corrected roster" in refused.value.errors["roster"]
        assert "ID number" not in str(refused.value.errors)


def test_resubmit_stores_the_corrected_rows_and_moves_the_claim_on(app, client):
    _, claim_id = returned_claim(app, client)
    f, rt = sessions(app), runtime(app)
    actor, new = _enterprise(f), other_worker(7)
    with f.begin() as s:
        with pytest.raises(ForbiddenError):
            roster_corrections.resubmit(s, rt, actors_of(f)["applicant"], claim_id, ())
        with pytest.raises(RosterRefusedError) as refused, s.begin_nested():
            roster_corrections.resubmit(s, rt, actor, claim_id, (worker(0), worker(0)))
        assert [(e.row, e.column) for e in refused.value.rows] == [(3, "id_number")]
        claim = roster_corrections.resubmit(s, rt, actor, claim_id, (new, worker(0)), "改好了")
        assert claim.stage == "township_review"  # a new worker's identity is verified first
    with f() as s:
        rows = s.scalars(select(RosterRow).where(RosterRow.claim_id == claim_id)
                         .order_by(RosterRow.row_number)).all()
        assert [(r.row_number, r.full_name, r.amount_fen, r.slot is not None) for r in rows] == [
            (2, "新工人7", 150_000, True), (3, "工人0", 150_000, True)]
        assert s.scalar(select(RosterRow).where(RosterRow.id_number_hash.is_(None))) is None
    with f.begin() as s, pytest.raises(ConflictError) as late:
        roster_corrections.resubmit(s, rt, actor, claim_id, (worker(0),))
    assert late.value.message == roster_corrections.NOT_WAITING
