"""Throughput of 1 and of 2 `butie worker` processes on one PostgreSQL: due timers fired.

N claims on public notice are cloned from one claim carried there through the real services
(three weeks back, so the notice has closed by the real clock; every workflow task id is
replaced, so each clone is a claim of its own). For each worker count a fresh copy of that
database is made, the workers are started and connected, then every timer is made due at once
and the time until the last claim reaches the payment stage is measured. The CPU seconds the
workers and their PostgreSQL backends spent say where the time went; a profile of one worker's
batch says what inside the worker.

    python benchmarks/workers.py [--claims 1000] [--batch 50] [--repeat 2] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The repository instead of this folder: benchmarks/queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import create_engine, func, insert, select, text, update  # noqa: E402

from benchmarks.machine import describe  # noqa: E402
from tests.conftest import BPMN_DIR, create_users  # noqa: E402
from tests.integration.helpers import (  # noqa: E402
    accept_claims,
    cover_with_test_tables,
    publish,
)

# A data key for this run, also handed to the butie processes through BUTIE_DATA_KEY.
from tests.keys import KEYRING  # noqa: E402
from tests.pg import postgres_server  # noqa: E402
from tests.processes import environment, start_worker, stop, wait_for  # noqa: E402
from workflow.persistence.db import make_engine, make_session_factory  # noqa: E402
from workflow.persistence.migrate import upgrade  # noqa: E402
from workflow.persistence.models import Claim, HumanTask  # noqa: E402
from workflow.services import definitions, timers  # noqa: E402
from workflow.services.runtime import build_runtime  # noqa: E402

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LATER = datetime(2100, 1, 1, tzinfo=UTC)  # parked: no worker takes a claim due then
APP = "bench-worker"


def _template(url: str, claims: int) -> None:
    """One claim carried to public notice in the past (the tests' 叉车司机 claim, 1,400 yuan),
    cloned to `claims`, timers parked."""
    upgrade(url)
    engine = make_engine(url, KEYRING)
    factory = make_session_factory(engine)
    past = datetime.now(UTC) - timedelta(days=21)
    rt = build_runtime(clock=lambda: past)
    with factory.begin() as session:
        definitions.deploy(session, definitions.PROCESS_ID,
                           definitions.read_directory(BPMN_DIR), "bench", "bench", past)
        actors = create_users(session)
    cover_with_test_tables(factory, actors["admin"], past)  # the real clock may be in 2027
    [claim_id] = accept_claims(factory, rt, actors, 1, "BENCH")
    publish(factory, rt, actors["bureau"])
    with factory.begin() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None and claim.next_timer_at is not None
        row = {c.key: getattr(claim, c.key) for c in Claim.__table__.columns if c.key != "id"}
        row["state"] = claim.state
        tasks = [{c.key: getattr(t, c.key) for c in HumanTask.__table__.columns if c.key != "id"}
                 for t in s.scalars(select(HumanTask).where(HumanTask.claim_id == claim_id))]
        for start in range(1, claims, 500):
            rows, mappings = [], []
            for i in range(start, min(start + 500, claims)):
                ids: dict[str, str] = {}
                state = UUID.sub(lambda m, ids=ids: ids.setdefault(m.group(0),
                                                                   str(uuid.uuid4())),
                                 row["state"])
                rows.append({**row, "state": state, "reference": f"BT2026-{i:08X}",
                             "certificate_number": f"BENCH-{i}", "rev": uuid.uuid4().hex})
                mappings.append(ids)
            new_ids = s.scalars(insert(Claim).returning(Claim.id), rows).all()
            if tasks:
                s.execute(insert(HumanTask), [
                    {**t, "claim_id": new_id, "task_id": ids[t["task_id"]]}
                    for new_id, ids in zip(new_ids, mappings, strict=True) for t in tasks])
        s.execute(update(Claim).values(next_timer_at=LATER))
    engine.dispose()


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (from /proc)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _run(server: str, count: int, claims: int, batch: int, folder: Path) -> None:
    name = f"workers_{count}_{len(_RATES.get(count, []))}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE workers_template"))
    url = f"{server}/{name}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    env = environment(f"{url}?application_name={APP}", folder / "uploads")
    workers = [start_worker(env, folder / f"{name}_{i}.log", "--batch", str(batch))
               for i in range(count)]
    try:
        with engine.connect() as conn:
            def backends() -> list[int]:
                return list(conn.execute(text(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = :a"),
                    {"a": APP}).scalars())

            wait_for(lambda: len(backends()) >= count, 120, "workers connected")
            processes, database = [w.pid for w in workers], backends()
            cpu_before = _cpu_seconds(processes), _cpu_seconds(database)
            began = time.perf_counter()
            conn.execute(update(Claim).values(next_timer_at=datetime.now(UTC)
                                              - timedelta(days=1)))

            def moved() -> int:
                return int(conn.scalar(select(func.count()).select_from(Claim)
                                       .where(Claim.stage == "payment")) or 0)

            wait_for(lambda: moved() >= claims, 3600, "every timer fired")
            seconds = time.perf_counter() - began
            # A backend that was not there at the start would count its whole life: none
            # should appear (each worker keeps its one connection), so say if one did.
            extra = [p for p in backends() if p not in database]
            worker_cpu = _cpu_seconds(processes) - cpu_before[0]
            database_cpu = _cpu_seconds(database) - cpu_before[1]
    finally:
        for worker in workers:
            stop(worker)
        engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()
    print(f"{count} worker(s): {claims} timers in {seconds:.1f} s = {claims / seconds:.1f} "
          f"claims/s; CPU a claim {(worker_cpu + database_cpu) / claims * 1000:.1f} ms; "
          f"CPU: workers {worker_cpu:.1f} s, PostgreSQL backends "
          f"{database_cpu:.1f} s{' (+ new connections)' if extra else ''}, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    _RATES.setdefault(count, []).append(claims / seconds)


_RATES: dict[int, list[float]] = {}


def _profile(server: str, batch: int) -> None:
    """One worker's batch in this process, under cProfile: where a worker's time goes."""
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE workers_profile TEMPLATE workers_template"))
    admin.dispose()
    engine = make_engine(f"{server}/workers_profile", KEYRING)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        s.execute(update(Claim).values(next_timer_at=datetime.now(UTC) - timedelta(days=1)))
    rt = build_runtime()
    profile = cProfile.Profile()
    profile.enable()
    fired = timers.fire_due(factory, rt, limit=batch)
    profile.disable()
    engine.dispose()
    print(f"profile of one batch of {len(fired)} timers in one process (cumulative, top 18):")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(18)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=50, help="timers per transaction")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each count, alternating; the best of each is compared")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    print(describe())
    with postgres_server() as server, tempfile.TemporaryDirectory() as folder:
        admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE workers_template"))
        admin.dispose()
        began = time.perf_counter()
        _template(f"{server}/workers_template", args.claims)
        print(f"PostgreSQL, {args.claims} claims on notice cloned in "
              f"{time.perf_counter() - began:.1f} s; batch {args.batch}", flush=True)
        for _ in range(args.repeat):
            for count in (1, 2):
                _run(server, count, args.claims, args.batch, Path(folder))
        best = {count: max(rates) for count, rates in _RATES.items()}
        print(f"best of {args.repeat}: 1 worker {best[1]:.1f}, 2 workers {best[2]:.1f} "
              f"claims/s: 2 workers / 1 worker {best[2] / best[1]:.2f}x (target 1.8x)")
        if args.profile:
            _profile(server, args.batch)


if __name__ == "__main__":
    main()
