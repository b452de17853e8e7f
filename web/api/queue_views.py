"""Reviewer queues and the administrator's timer trigger."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from web.api import bp
from web.api.hold_views import hold_body
from web.api.present import claim_summary
from web.api.schemas import QueueQuerySchema
from web.auth import current_actor, login_required
from web.db import get_session, runtime
from workflow.domain.access import Role
from workflow.services import queries, task_claims, timers


@bp.get("/queue")
@login_required()
def queue() -> Any:
    """The caller's open tasks, oldest first, with counts per stage."""
    query = queries.QueueFilter(**QueueQuerySchema().load(request.args))
    db, actor = get_session(), current_actor()
    items, total = queries.queue(db, actor, query)
    held = task_claims.holds_of(db, [i.task_id for i in items], runtime(current_app).clock())
    return {"items": [{"task_id": i.task_id, "task_name": i.task_name, "title": i.title,
                       "stage": i.stage, "waiting_since": i.waiting_since.isoformat(),
                       "claim": claim_summary(i.claim, actor, [i]),
                       "hold": hold_body(held.get(i.task_id), actor)} for i in items],
            "total": total, "counts": queries.queue_counts(db, actor),
            "limit": query.limit, "offset": query.offset}


@bp.post("/admin/timers/fire")
@login_required(Role.ADMIN)
def fire_timers() -> Any:
    """Fire every timer that is due now (what `butie tick` does)."""
    return {"fired": timers.fire_due_in(get_session(), runtime(current_app))}
