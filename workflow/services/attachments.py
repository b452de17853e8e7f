"""Attachments of claims and drafts: certificate scans and ID cards, checked by content.

The type is read from the bytes (puremagic), never from the name or the browser's claim, and
only PDF, JPEG and PNG are kept. Only those who may see the claim can read an attachment, and
of those only the ones whose task needs what the scan shows (workflow.domain.need_to_know): an
ID card only to whoever sees the ID number whole at that moment.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import puremagic
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.need_to_know import Whole, may_read_scan, whole_numbers
from workflow.domain.phrases import said
from workflow.persistence.files import FileStore
from workflow.persistence.models import Attachment, ClaimDraft
from workflow.services import claims, queries
from workflow.services.errors import ForbiddenError, InvalidInputError, NotFoundError

ALLOWED_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
KINDS = ("certificate_scan", "id_card", "other")
MAX_PER_OWNER_OBJECT = 10


@dataclass(frozen=True)
class Upload:
    kind: str
    filename: str
    data: bytes


def detect_type(data: bytes) -> str | None:
    """The MIME type the bytes really are, if it is one we accept."""
    try:
        found = puremagic.from_string(data[:4096], mime=True)
    except puremagic.PureError:
        return None
    # A PDF must also start with its header: puremagic also matches a marker further in.
    if found == "application/pdf" and not data.startswith(b"%PDF-"):
        return None
    return found if found in ALLOWED_TYPES else None


def safe_name(filename: str, content_type: str) -> str:
    """A display name without directories or control characters, with the real extension."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base)
                   if unicodedata.category(ch)[0] not in {"C"} and ch not in '<>:"|?*')
    stem = base.rsplit(".", 1)[0].strip(" .")[:100] or "file"
    return stem + ALLOWED_TYPES[content_type]


def store(session: Session, files: FileStore, actor: Actor, upload: Upload, now: datetime,
          max_bytes: int, draft: ClaimDraft | None = None,
          claim_id: int | None = None) -> Attachment:
    """Check and keep one uploaded file for a draft or a claim of the actor's."""
    # An organisation attaches its project's review conclusion (Huzhou 004 三 6).
    if actor.role not in (Role.APPLICANT, Role.ENTERPRISE) or actor.user_id is None:
        raise ForbiddenError("only applicants upload attachments")
    field = f"attachment_{upload.kind}" if upload.kind in KINDS else "kind"
    if upload.kind not in KINDS:
        raise InvalidInputError({"kind": "unknown kind of attachment"})
    if not upload.data:
        raise InvalidInputError({field: "the file is empty"})
    if len(upload.data) > max_bytes:
        raise InvalidInputError({field: said("the file is larger than %(size)s MB",
                                             size=max_bytes // (1024 * 1024))})
    content_type = detect_type(upload.data)
    if content_type is None:
        raise InvalidInputError({field: "only PDF, JPEG or PNG files are accepted"})
    owner_filter = Attachment.draft_id == draft.id if draft else Attachment.claim_id == claim_id
    if len(session.scalars(select(Attachment.id).where(owner_filter)).all()) \
            >= MAX_PER_OWNER_OBJECT:
        raise InvalidInputError({field: f"at most {MAX_PER_OWNER_OBJECT} attachments"})
    attachment = Attachment(
        owner_id=actor.user_id, claim_id=claim_id, draft_id=draft.id if draft else None,
        kind=upload.kind, filename=safe_name(upload.filename, content_type),
        content_type=content_type, size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(), storage_key=files.put(upload.data),
        uploaded_at=now)
    session.add(attachment)
    session.flush()
    return attachment


def of_claim(session: Session, claim_id: int) -> list[Attachment]:
    return list(session.scalars(select(Attachment).where(Attachment.claim_id == claim_id)
                                .order_by(Attachment.uploaded_at, Attachment.id)))


def of_draft(session: Session, draft_id: int) -> list[Attachment]:
    return list(session.scalars(select(Attachment).where(Attachment.draft_id == draft_id)
                                .order_by(Attachment.uploaded_at, Attachment.id)))


def move_to_claim(session: Session, draft_id: int, claim_id: int) -> None:
    session.execute(update(Attachment).where(Attachment.draft_id == draft_id)
                    .values(claim_id=claim_id, draft_id=None))


# Why a scan of the claim is not served to someone who may see the claim.
NOT_NOW = ("this scan shows the whole ID number: only the reviewer verifying identity opens it, "
           "while that review is open")
NOT_YOURS = "this scan is for the reviewers of the claim"


def readable_ids(actor: Actor, kept: list[Attachment], whole: Whole) -> set[int]:
    """Which of a claim's attachments the actor, who sees `whole` of it now, may open (the
    claim page links only these)."""
    return {a.id for a in kept if may_read_scan(actor, a.kind, a.owner_id, whole)}


def readable(session: Session, actor: Actor, claim_id: int, attachment_id: int) -> Attachment:
    """The attachment if the actor may see its claim and what the scan shows now;
    NotFoundError for a claim or file they may not see (never say why), ForbiddenError for a
    scan of a claim they see that their task does not need."""
    claim = claims.visible_claim(session, actor, claim_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.claim_id != claim_id:
        raise NotFoundError("attachment not found")
    whole = whole_numbers(actor, claim.township, queries.open_tasks(session, claim))
    if not may_read_scan(actor, attachment.kind, attachment.owner_id, whole):
        raise ForbiddenError(NOT_YOURS if attachment.kind == "certificate_scan" else NOT_NOW)
    return attachment


def readable_draft_file(session: Session, actor: Actor, attachment_id: int) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.draft_id is None or attachment.owner_id != actor.user_id:
        raise NotFoundError("attachment not found")
    return attachment
