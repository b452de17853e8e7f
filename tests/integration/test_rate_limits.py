"""Rate limits shared by every web process: concurrent requests never pass the limit.

Race: twelve requests of one address at once (threads released by a barrier, each in its own
transaction held open a moment, as web processes would), five rounds. Invariant: exactly the
limit is admitted each round, the others refused with the seconds to wait, on SQLite (the
write lock taken at BEGIN) and on PostgreSQL (the key's row locked FOR UPDATE).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from tests.conftest import NOW
from workflow.domain.limits import Limit
from workflow.services import limits
from workflow.services.errors import RateLimitedError

LIMIT = Limit(5, timedelta(hours=1))


def test_concurrent_requests_never_pass_the_limit(session_factory):
    for round_ in range(5):
        key = f"10.0.0.{round_}"
        barrier = threading.Barrier(12, timeout=30)
        admitted: list[int] = []
        refused: list[int] = []
        errors: list[BaseException] = []

        def request(i: int, key: str = key, barrier: threading.Barrier = barrier,
                    admitted: list[int] = admitted, refused: list[int] = refused,
                    errors: list[BaseException] = errors) -> None:
            try:
                barrier.wait()
                with session_factory.begin() as session:
                    limits.take(session, limits.OBJECTION, key, NOW, LIMIT, "too many")
                    time.sleep(0.05)  # the rest of the request, its transaction still open
                admitted.append(i)
            except RateLimitedError as exc:
                refused.append(exc.retry_after or 0)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=request, args=(i,)) for i in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert errors == []
        assert (len(admitted), len(refused)) == (5, 7), f"round {round_}"
        assert set(refused) == {3600}


def test_limits_are_per_bucket_and_key_and_stale_rows_go(session_factory):
    from sqlalchemy import func, select

    from workflow.persistence.models import RateLimit

    with session_factory.begin() as session:
        for bucket in (limits.OBJECTION, limits.REGISTRATION):
            limits.take(session, bucket, "10.0.0.1", NOW, Limit(1), "too many")
        limits.take(session, limits.OBJECTION, "10.0.0.2", NOW, Limit(1), "too many")
    later = NOW + limits.KEEP + timedelta(seconds=1)
    with session_factory.begin() as session:
        limits.take(session, limits.OBJECTION, "10.0.0.1", later, Limit(1), "too many")
        rows = session.scalar(select(func.count()).select_from(RateLimit))
    assert rows == 1  # the two untouched for a day were cleared
