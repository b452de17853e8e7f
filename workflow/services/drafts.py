"""Claim forms saved before submission, exactly as typed (validation happens on submit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.phrases import said
from workflow.persistence.models import Attachment, ClaimDraft
from workflow.services.claims import CLAIM_FIELDS
from workflow.services.errors import ForbiddenError, NotFoundError

MAX_VALUE = 256
MAX_DRAFTS = 20


def _own(actor: Actor) -> int:
    if actor.role != Role.APPLICANT or actor.user_id is None:
        raise ForbiddenError("only applicants keep drafts")
    return actor.user_id


def save_draft(session: Session, actor: Actor, values: dict[str, str], now: datetime,
               draft_id: int | None = None) -> ClaimDraft:
    """Keep the form's known fields (cut to a sane length); a new draft or an update."""
    owner = _own(actor)
    kept = {k: str(values[k])[:MAX_VALUE] for k in CLAIM_FIELDS if k in values}
    if draft_id is not None:
        draft = get_draft(session, actor, draft_id)
        draft.values, draft.updated_at = kept, now
        return draft
    if len(drafts_of(session, actor)) >= MAX_DRAFTS:
        raise ForbiddenError(said("at most %(count)s drafts; submit or discard one first",
                                  count=MAX_DRAFTS))
    draft = ClaimDraft(applicant_id=owner, values=kept, created_at=now, updated_at=now)
    session.add(draft)
    session.flush()
    return draft


def get_draft(session: Session, actor: Actor, draft_id: int) -> ClaimDraft:
    draft = session.get(ClaimDraft, draft_id)
    if draft is None or draft.applicant_id != _own(actor):
        raise NotFoundError("draft not found")
    return draft


def drafts_of(session: Session, actor: Actor) -> list[ClaimDraft]:
    return list(session.scalars(select(ClaimDraft).where(ClaimDraft.applicant_id == _own(actor))
                                .order_by(ClaimDraft.updated_at.desc())))


def discard_draft(session: Session, actor: Actor, draft_id: int) -> list[str]:
    """Delete a draft and its attachments' rows; returns the storage keys to delete after commit."""
    draft = get_draft(session, actor, draft_id)
    keys = list(session.scalars(select(Attachment.storage_key).where(
        Attachment.draft_id == draft.id)))
    session.execute(delete(Attachment).where(Attachment.draft_id == draft.id))
    session.delete(draft)
    return keys
