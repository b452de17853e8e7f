"""Public notice batches: the bureau publishes, anyone reads the archive."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from web.api import bp
from web.api.schemas import NoticeBatchInputSchema, NoticeQuerySchema
from web.auth import current_actor, login_required
from web.db import get_session, notice_settings, runtime
from workflow.domain.access import Role
from workflow.persistence.models import NoticeBatch
from workflow.services import notices


def batch_body(batch: NoticeBatch, corrects: str | None = None) -> dict[str, Any]:
    return {"id": batch.id, "number": batch.number, "title": batch.title,
            "authority": batch.authority, "starts_on": batch.starts_on,
            "ends_on": batch.ends_on, "closes_at": batch.closes_at,
            "working_days": batch.working_days, "row_count": batch.row_count,
            "total_fen": batch.total_fen, "pdf_sha256": batch.pdf_sha256,
            "corrects": corrects}


@bp.post("/notices")
@login_required(Role.BUREAU)
def publish() -> Any:
    """Publish the accepted claims waiting for notice (or the listed ones) as one batch."""
    data = NoticeBatchInputSchema().load(request.get_json() or {})
    settings = notice_settings(current_app)
    batch = notices.publish(get_session(), runtime(current_app), current_actor(), settings,
                            notices.BatchInput(
                                data["starts_on"], data["working_days"] or settings.working_days,
                                data["contact_office"], data["contact_phone"],
                                data["contact_address"], data["title"],
                                tuple(data["claim_ids"]) if data["claim_ids"] else None,
                                data["corrects"]))
    return batch_body(batch, data["corrects"]), 201


@bp.get("/notices")
def archive() -> Any:
    """Published notices, newest first (no login: they are public)."""
    query = NoticeQuerySchema().load(request.args)
    rows, total = notices.batches(get_session(), query["number"], limit=query["limit"],
                                  offset=query["offset"])
    return {"items": [batch_body(b) for b in rows], "total": total}
