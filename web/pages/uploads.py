"""Scans an applicant sends with a form: the claim form, a returned claim's correction form, or
on their own while the claim is under review. Every file the form carried is checked and kept;
the refused ones get a message beside their field, and the accepted ones are kept even when the
rest of the form is refused (the caller commits them: web.db.keep_on_error)."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from web.auth import current_actor
from web.db import files, get_session, runtime
from workflow.services import attachments
from workflow.services.errors import InvalidInputError

FIELDS = {"attachment_certificate_scan": "certificate_scan",
          "attachment_id_card": "id_card"}


def sent() -> bool:
    """Whether the request carries a file in one of the upload fields."""
    return any(upload.filename for field in FIELDS
               for upload in request.files.getlist(field))


def keep(draft: Any = None, claim_id: int | None = None) -> dict[str, str]:
    """Keep every file the form carried for the draft or the claim; per-field errors for the
    ones refused."""
    errors: dict[str, str] = {}
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    for field, kind in FIELDS.items():
        upload = request.files.get(field)
        if upload is None or not upload.filename:
            continue
        try:
            attachments.store(get_session(), files(current_app), current_actor(),
                              attachments.Upload(kind, upload.filename,
                                                 upload.stream.read(limit + 1)),
                              runtime(current_app).clock(), limit, draft=draft,
                              claim_id=claim_id)
        except InvalidInputError as exc:
            errors[field] = next(iter(exc.errors.values()))
    return errors
