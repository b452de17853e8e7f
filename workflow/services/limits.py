"""Rate limits kept in the database, so every web process counts against one budget.

Flask-Limiter (and the `limits` library under it) keeps counts in process memory or in Redis,
Memcached or MongoDB; this deployment has none of those and runs several gunicorn workers, so
the counts live where the login throttle's do: in the database, in the request's transaction.
Each key's row is locked while a request is counted (`FOR UPDATE` on PostgreSQL; SQLite takes
its write lock at BEGIN), so concurrent requests are counted one after another and never
admit more than the limit. A request whose transaction rolls back (refused input) is not
counted: it learnt nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from workflow.domain.limits import Limit, admit
from workflow.persistence.models import RateLimit
from workflow.services.errors import RateLimitedError

# Rows untouched this long are gone (every limit's window is shorter); each request clears a
# few, skipping rows another request holds, so cleaning never waits or deadlocks.
KEEP = timedelta(days=1)
PRUNE = 20

# Buckets: objections per address (the page and the API share one budget), registrations per
# address, quotes that count a person's earlier subsidies per staff user.
OBJECTION = "objection"
REGISTRATION = "registration"
HISTORY_QUOTE = "history_quote"


def take(session: Session, bucket: str, key: str, now: datetime, limit: Limit,
         message: str) -> None:
    """Count one request of `key` against `limit`; RateLimitedError (with the seconds until
    one more is allowed) when the budget is spent, and then nothing is counted."""
    row = _locked(session, bucket, (key or "unknown")[:128], now)
    verdict = admit(row.hits or [], now.timestamp(), limit)
    if not verdict.admitted:
        raise RateLimitedError(message, verdict.retry_after)
    row.hits, row.updated_at = list(verdict.hits), now
    stale = (select(RateLimit.id).where(RateLimit.updated_at < now - KEEP)
             .limit(PRUNE).with_for_update(skip_locked=True))
    session.execute(delete(RateLimit).where(RateLimit.id.in_(stale)))


def _locked(session: Session, bucket: str, key: str, now: datetime) -> RateLimit:
    """The key's row, created if missing and locked until the transaction ends."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(RateLimit).values(bucket=bucket, key=key, hits=[], updated_at=now)
                    .on_conflict_do_nothing(index_elements=["bucket", "key"]))
    row = session.scalar(select(RateLimit).where(RateLimit.bucket == bucket,
                                                 RateLimit.key == key)
                         .with_for_update().execution_options(populate_existing=True))
    assert row is not None  # inserted above or by a transaction that has committed
    return row
