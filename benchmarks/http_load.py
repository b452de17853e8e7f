"""HTTP load on gunicorn: reviewers' queues and claim pages, pages and API, on PostgreSQL.

A throwaway PostgreSQL is filled with `butie init` and `butie seed --claims N`, staff accounts
are added, and gunicorn is started on 127.0.0.1 with W sync workers for each W asked. A bounded
client (T threads, one request at a time each, a new connection per request as sync workers
close it) logs in through the API (a token and a session cookie per thread) and then, for S
seconds, repeats: township reviewers the queue page and the queue API, the bureau a claim page
and the claim API of a random claim. Prints requests/s, p50/p95/p99 per request kind and for
all, errors (any status but 200, or no answer), and the machine.

    python benchmarks/http_load.py [--claims 100000] [--workers 2,4] [--threads 8] [--seconds 30]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

# The repository instead of this folder: benchmarks/queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import create_engine, select, text  # noqa: E402

from benchmarks.machine import describe  # noqa: E402

# A data key for this run, also handed to the butie processes through BUTIE_DATA_KEY.
from tests.keys import KEYRING  # noqa: E402
from tests.pg import postgres_server  # noqa: E402
from tests.processes import BIN, environment, free_port, start_gunicorn, stop  # noqa: E402
from workflow.domain.townships import TOWNSHIPS  # noqa: E402
from workflow.persistence.db import make_engine, make_session_factory  # noqa: E402
from workflow.persistence.models import Claim  # noqa: E402
from workflow.services import users  # noqa: E402

PASSWORD = "bench pass phrase 2026"
NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)


def _prepare(url: str, claims: int, env: dict[str, str]) -> list[int]:
    """`butie init` and `butie seed` as an operator would, then the staff; the claim ids."""
    for args in (["init"], ["seed", "--claims", str(claims)]):
        done = subprocess.run([str(BIN / "butie"), *args], env=env, check=True,
                              capture_output=True, text=True)
        print(f"  butie {' '.join(args)}: {done.stdout.strip().splitlines()[-1]}", flush=True)
    engine = make_engine(url, KEYRING)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        for code in TOWNSHIPS:
            users.create_user(s, f"t_{code}", PASSWORD, "township_reviewer", f"t_{code}", NOW,
                              scope=code)
        users.create_user(s, "bureau", PASSWORD, "bureau_officer", "bureau", NOW)
        ids = list(s.scalars(select(Claim.id)))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))  # what autovacuum does in service
    engine.dispose()
    return ids


class Client:
    """One logged-in user's requests, each on a new connection; latencies by kind."""

    def __init__(self, port: int, username: str) -> None:
        self.port = port
        status, headers, body = self._send("POST", "/api/v1/auth/login", {
            "Content-Type": "application/json"}, json.dumps(
                {"username": username, "password": PASSWORD}).encode())
        if status != 200:
            raise RuntimeError(f"login of {username}: {status} {body[:200]!r}")
        self.token = json.loads(body)["token"]
        self.cookie = headers["Set-Cookie"].split(";", 1)[0]

    def _send(self, method: str, path: str, headers: dict[str, str],
              body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            connection.close()

    def get(self, path: str, api: bool) -> int:
        headers = ({"Authorization": f"Bearer {self.token}"} if api
                   else {"Cookie": self.cookie})
        return self._send("GET", path, headers)[0]


def _load(port: int, threads: int, seconds: float, ids: list[int]
          ) -> tuple[dict[str, list[float]], dict[str, int], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    codes = list(TOWNSHIPS)
    clients = [Client(port, "bureau" if i % 2 else f"t_{codes[i % len(codes)]}")
               for i in range(threads)]
    stop_at = time.perf_counter() + seconds

    def run(index: int, client: Client) -> None:
        rng = random.Random(index)
        while time.perf_counter() < stop_at:
            claim = rng.choice(ids)
            requests = ([("GET /claims/<id>", f"/claims/{claim}", False),
                         ("GET /api/v1/claims/<id>", f"/api/v1/claims/{claim}", True)]
                        if index % 2 else
                        [("GET /queue", "/queue", False),
                         ("GET /api/v1/queue", "/api/v1/queue", True)])
            for kind, path, api in requests:
                began = time.perf_counter()
                try:
                    status = client.get(path, api)
                except OSError:
                    status = 0
                took = (time.perf_counter() - began) * 1000
                with lock:
                    latencies[kind].append(took)
                    if status != 200:
                        errors[kind] += 1

    began = time.perf_counter()
    workers = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors, time.perf_counter() - began


def _line(label: str, samples: list[float], errors: int, seconds: float) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return (f"  {label:<26} {len(samples) / seconds:7.1f} req/s  p50 {cuts[49]:7.1f}  "
            f"p95 {cuts[94]:7.1f}  p99 {cuts[98]:7.1f} ms  errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--workers", default="2,4", help="gunicorn worker counts to measure")
    parser.add_argument("--threads", type=int, default=8, help="concurrent client requests")
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    print(describe())
    with postgres_server() as server, tempfile.TemporaryDirectory() as folder:
        admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE http_load"))
        admin.dispose()
        url = f"{server}/http_load"
        env = environment(url, Path(folder) / "uploads")
        print(f"PostgreSQL, {args.claims:,} claims:", flush=True)
        ids = _prepare(url, args.claims, env)
        for count in (int(w) for w in args.workers.split(",")):
            port = free_port()
            web = start_gunicorn(env, Path(folder) / f"gunicorn{count}.log", count, port)
            try:
                _load(port, args.threads, 3, ids)  # warm every worker's caches
                latencies, errors, seconds = _load(port, args.threads, args.seconds, ids)
            finally:
                stop(web)
            every = [x for samples in latencies.values() for x in samples]
            print(f"gunicorn {count} workers, {args.threads} client threads, {seconds:.0f} s, "
                  f"load average {os.getloadavg()[0]:.1f}:")
            for kind, samples in sorted(latencies.items()):
                print(_line(kind, samples, errors[kind], seconds))
            print(_line("all", every, sum(errors.values()), seconds), flush=True)


if __name__ == "__main__":
    main()
