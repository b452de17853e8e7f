"""A scan shown inside the reviewers' workbench: an image in <img>, a PDF in a frame.

Every other answer of the site refuses to be framed (web.security: frame-ancestors 'none',
X-Frame-Options DENY) and sends PDFs as downloads. The viewer asks the same attachment route,
with the same need-to-know check, for `?view=inline`: then the file is sent inline and may be
framed by this site's own pages only, under a policy that lets it load nothing else.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Response, send_file

FRAMED_CSP = ("default-src 'none'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
              "form-action 'none'")


def inline(data: bytes, attachment: Any) -> Response:
    """The attachment's bytes to show in a page of this site (never a download)."""
    response = send_file(io.BytesIO(data), mimetype=attachment.content_type,
                         download_name=attachment.filename, as_attachment=False)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = FRAMED_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
