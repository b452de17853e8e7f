"""Reviewer queues, search and the claim page at N claims, on SQLite and PostgreSQL.

Seeds N claims with `butie seed`'s generator (timed), then times, as percentiles over many
calls with varied reviewers and terms:
  queue        a township reviewer's first queue page (tasks, filtered total, counts per stage)
  queue bureau the bureau's queue (county-wide: the largest one)
  queue page 50  a township reviewer's 50th page
  search name  a name prefix in a reviewer's queue;  search ref  a claim number
  GET /queue   the queue page through Flask (township reviewer)
  GET /claims  a claim page through Flask (bureau officer, any claim)
  GET /workbench  the workbench's queue (township reviewer);  GET /workbench/<id>  the queue
               beside one claim, its checks, scans and decision form (bureau officer)

    python benchmarks/queue.py [--claims 100000] [--backend sqlite|postgresql|both]
    python benchmarks/queue.py --url sqlite:///big.db   # measure (and first seed) this one
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# The repository instead of this folder: this file's name would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import func, select, text  # noqa: E402

from benchmarks.machine import data_keyring, describe, scratch_database  # noqa: E402
from workflow.domain.departments import DEPARTMENTS  # noqa: E402
from workflow.domain.townships import TOWNSHIPS  # noqa: E402
from workflow.persistence.db import make_engine, make_session_factory, read_only  # noqa: E402
from workflow.persistence.migrate import upgrade  # noqa: E402
from workflow.persistence.models import Claim, User  # noqa: E402
from workflow.services import definitions, queries, seed, users  # noqa: E402

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)
PASSWORD = "bench pass phrase 2026"


def _staff(factory) -> dict[str, int]:  # type: ignore[no-untyped-def]
    people = [(f"t_{code}", "township_reviewer", code) for code in TOWNSHIPS]
    people += [(f"d_{code}", "department_reviewer", code) for code in DEPARTMENTS]
    people += [("bureau", "bureau_officer", None), ("finance", "finance_officer", None)]
    with factory.begin() as s:
        definitions.deploy(s, definitions.PROCESS_ID, definitions.read_directory(BPMN), "b",
                           "b", NOW)
        return {name: users.create_user(s, name, PASSWORD, role, name, NOW, scope=scope).id
                for name, role, scope in people}


def _percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:7.1f}  p95 {cuts[94]:7.1f}  p99 {cuts[98]:7.1f} ms"


def _time(label: str, runs: int, call: Callable[[int], object]) -> None:
    call(0)  # warm caches and compiled statements once
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"  {label:<16} {_percentiles(samples)}", flush=True)


def measure(url: str, claims: int, runs: int) -> None:
    upgrade(url)
    engine = make_engine(url, data_keyring())
    factory = make_session_factory(engine)
    with factory() as s:
        staff = {u.username: u.id for u in s.scalars(select(User).where(User.role != "applicant"))}
        held = s.scalar(select(func.count()).select_from(Claim)) or 0
    if held:
        print(f"  using the {held:,} claims already there", flush=True)
    else:
        staff = _staff(factory)
        step = max(claims // 5, 20_000)
        result = seed.seed(engine, claims, NOW, progress=lambda done: print(
            f"  seeded {done}", flush=True) if done % step < 20_000 else None)
        print(f"  seed: {result.claims} claims, {result.tasks} open tasks in "
              f"{result.seconds:.1f} s ({result.claims / result.seconds:,.0f} claims/s)",
              flush=True)
    # What autovacuum does in service: statistics, and PostgreSQL's visibility map, without
    # which no index-only scan (the queue counts) avoids reading the table.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql"
                                else "ANALYZE"))
    reader = make_session_factory(read_only(engine))
    with reader() as s:
        actors = {name: users.actor_of(s.get(User, uid)) for name, uid in staff.items()}
        ids = list(s.scalars(select(Claim.id)))
        names = list(s.scalars(select(Claim.full_name).limit(5000)))
        references = list(s.scalars(select(Claim.reference).limit(5000)))
    townships = [actors[f"t_{code}"] for code in TOWNSHIPS]
    rng = random.Random(7)

    def queue(actor, **filters):  # type: ignore[no-untyped-def]
        with reader() as s:
            items, total = queries.queue(s, actor, queries.QueueFilter(**filters))
            queries.queue_counts(s, actor)
            return total

    _time("queue", runs, lambda i: queue(townships[i % len(townships)]))
    _time("queue bureau", runs, lambda i: queue(actors["bureau"]))
    _time("queue page 50", runs, lambda i: queue(townships[i % len(townships)], offset=980))
    _time("search name", runs, lambda i: queue(townships[i % len(townships)],
                                               search=rng.choice(names)[:2]))
    _time("search ref", runs, lambda i: queue(actors["bureau"], search=rng.choice(references)))
    _http(url, staff, ids, runs, rng)
    engine.dispose()


def _http(url: str, staff: dict[str, int], ids: list[int], runs: int,
          rng: random.Random) -> None:
    from web import create_app
    from web.db import sessions

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    township, bureau = app.test_client(), app.test_client()
    with sessions(app)() as s:  # a session cookie carries the account's epoch (revocable)
        epochs = {uid: users.get_user(s, uid).session_epoch  # type: ignore[union-attr]
                  for uid in (staff["t_baiyang"], staff["bureau"])}
    for client, uid in ((township, staff["t_baiyang"]), (bureau, staff["bureau"])):
        with client.session_transaction() as session:
            session["user_id"], session["epoch"] = uid, epochs[uid]

    def get(client, path: str) -> None:  # type: ignore[no-untyped-def]
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)

    _time("GET /queue", runs, lambda i: get(township, "/queue"))
    _time("GET /claims/<id>", runs, lambda i: get(bureau, f"/claims/{rng.choice(ids)}"))
    _time("GET /workbench", runs, lambda i: get(township, "/workbench"))
    _time("GET /workbench/<id>", runs,
          lambda i: get(bureau, f"/workbench/claims/{rng.choice(ids)}"))
    app.extensions["butie.engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--url", help="measure this database (seeded unless it has claims)")
    args = parser.parse_args()
    print(describe())
    if args.url:
        print(f"{args.url}, {args.runs} runs each:", flush=True)
        measure(args.url, args.claims, args.runs)
        return
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        print(f"{backend}, {args.claims:,} claims, {args.runs} runs each:", flush=True)
        with scratch_database(backend, "queue") as url:
            measure(url, args.claims, args.runs)


if __name__ == "__main__":
    main()
