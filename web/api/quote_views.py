"""Quotes: what a claim would get under the policy, without filing it."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from web.api import bp
from web.api.schemas import QuoteInputSchema
from web.auth import login_required
from web.db import get_session, runtime
from workflow.services import quotes
from workflow.services.pack_versions import county_date


@bp.post("/quote")
@login_required()
def quote() -> Any:
    """Eligible or not, the amount in fen, the department, and every reason with its clause."""
    data = QuoteInputSchema().load(request.get_json() or {})
    today = county_date(runtime(current_app).clock())  # the county's day, not UTC's
    return quotes.quote_for(get_session(), today=today, **data).as_data()
