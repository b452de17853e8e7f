"""Claiming and releasing a task, so two reviewers never work one claim (issue 18 item 8)."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from web.api import bp
from web.api.schemas import ClaimTaskSchema
from web.auth import current_actor, login_required
from web.db import get_session, runtime
from workflow.domain.access import Actor
from workflow.domain.task_holds import Hold
from workflow.services import task_claims

HOLDERS = tuple(task_claims.HOLDERS)


def hold_body(hold: Hold | None, actor: Actor) -> dict[str, Any] | None:
    if hold is None:
        return None
    return {"task_id": hold.task_id, "claim_id": hold.claim_id, "holder_id": hold.holder_id,
            "holder_name": hold.holder_name, "held_at": hold.held_at.isoformat(),
            "expires_at": hold.expires_at.isoformat(), "mine": hold.holder_id == actor.user_id}


@bp.post("/claims/<int:claim_id>/tasks/<task_id>/claim")
@login_required(*HOLDERS)
def claim_task(claim_id: int, task_id: str) -> Any:
    """Hold the task for the caller (again, if they hold it: the time starts over)."""
    body = request.get_json(silent=True)
    data = ClaimTaskSchema().load(body if isinstance(body, dict) else {})
    actor = current_actor()
    hold = task_claims.claim_task(get_session(), actor, claim_id, task_id,
                                  runtime(current_app).clock(),
                                  int(current_app.config["TASK_HOLD_MINUTES"]),
                                  data["take_over"])
    return hold_body(hold, actor)


@bp.post("/claims/<int:claim_id>/tasks/<task_id>/release")
@login_required(*HOLDERS)
def release_task(claim_id: int, task_id: str) -> Any:
    """Let the task go back to the queue."""
    released = task_claims.release_task(get_session(), current_actor(), claim_id, task_id,
                                        runtime(current_app).clock())
    return {"task_id": task_id, "released": released}
