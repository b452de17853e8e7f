"""An enterprise resubmits its returned roster claim with a corrected roster (issue 19 item 3).

A reviewer who returns a roster claim sends it to the enterprise's correction task, as a
person's claim goes to its applicant. The enterprise answers it with the corrected roster: the
task's form for an enterprise's claim (task_forms.PAYEE_FORMS) checks and stores the rows
(roster_revisions), and the claim goes back to the reviewer who returned it, as a person's
correction does. Only the enterprise that filed the claim sees it (404 for any other); a claim
that is not waiting for correction refuses a roster (409).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.phrases import reason_text
from workflow.persistence.models import Claim
from workflow.services import claims, decisions, queries
from workflow.services.errors import ConflictError, ForbiddenError
from workflow.services.runtime import Runtime

CORRECTION_FORM = "claim_correction"  # the task a returned claim waits in (the diagram's)
NOT_WAITING = reason_text("this claim is not waiting for correction: a corrected roster is "
                          "sent only while a reviewer has returned the claim to you")


def resubmit(session: Session, runtime: Runtime, actor: Actor, claim_id: int,
             rows: Sequence[Mapping[str, str]], comment: str = "",
             expected_version: int | None = None, numbers: Sequence[int] | None = None) -> Claim:
    """Correct the enterprise's returned claim with `rows` (by column name, as at filing) and
    send it back to the reviewer who returned it; RosterRefusedError with every row's
    problems (nothing changes), NotFoundError for a claim not the enterprise's own,
    ConflictError for one not waiting for correction. `numbers`: the rows' numbers in the
    sheet sent (blank lines skipped), which its problems name."""
    if actor.role != Role.ENTERPRISE:
        raise ForbiddenError(reason_text("only enterprises correct roster claims"))
    claim = claims.visible_claim(session, actor, claim_id)
    task = next((t for t in queries.open_tasks(session, claim)
                 if t.form == CORRECTION_FORM), None)
    if task is None:
        raise ConflictError(NOT_WAITING)
    return decisions.complete_task(session, runtime, actor, claim.id, task.task_id, "resubmit",
                                   comment, expected_version,
                                   {"roster": list(rows), "numbers": numbers})
