"""The REST API under /api/v1: JSON in, JSON out, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from web.api import (  # noqa: E402,F401
    auth_views,
    calendar_views,
    claim_views,
    enterprise_views,
    hold_views,
    notice_views,
    openapi,
    policy_views,
    queue_views,
    quote_views,
)
