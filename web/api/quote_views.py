"""Quotes: what a claim would get under the policy, without filing it."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from web.api import bp
from web.api.schemas import QuoteInputSchema
from web.auth import current_actor
from web.db import get_session, hourly_limit, keep_on_error, runtime
from workflow.services import quotes
from workflow.services.pack_versions import county_date


@bp.post("/quote")
def quote() -> Any:
    """Eligible or not, the amount in fen, the department, every reason with its clause, and
    whose accepted subsidies the caps counted (`history_of`, masked; null: nobody's)."""
    data = QuoteInputSchema().load(request.get_json() or {})
    now = runtime(current_app).clock()
    # A quote writes only its count and audit event, which stay whatever the answer.
    keep_on_error()
    answer, counted = quotes.quote_asked(
        get_session(), current_actor(), now, county_date(now),  # the county's day, not UTC's
        hourly_limit(current_app, "QUOTES_WITH_ID_NUMBER_PER_HOUR"), **data)
    return {**answer.as_data(), "history_of": counted}
