"""What encryption at rest costs: per value, in `butie seed`, and on a reviewer's queue page.

Seeds N claims on SQLite with a fresh random key (timed), then times a township reviewer's
queue page alone and with its automatic checks, counting the values decrypted and the time
spent decrypting them.

    python benchmarks/encryption.py [--claims 100000] [--runs 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import timeit
from datetime import UTC, datetime
from pathlib import Path

# The repository instead of this folder, whose queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks.machine import describe  # noqa: E402
from workflow.persistence import crypto  # noqa: E402
from workflow.persistence.db import make_engine, make_session_factory, read_only  # noqa: E402
from workflow.persistence.migrate import upgrade  # noqa: E402
from workflow.persistence.models import User  # noqa: E402
from workflow.services import checks, definitions, queries, seed, users  # noqa: E402

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)
ID = "11010519491231002X"


def per_value(keyring: crypto.Keyring, n: int = 20_000) -> None:
    token = keyring.encrypt(ID)
    for name, call in (("encrypt", lambda: keyring.encrypt(ID)),
                       ("decrypt", lambda: keyring.decrypt(token)),
                       ("lookup hash", lambda: keyring.lookup_hash(ID))):
        print(f"  {name:<12} {timeit.timeit(call, number=n) / n * 1e6:6.1f} µs a value")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    print(describe())
    keyring = crypto.keyring_from(crypto.generate_key())
    per_value(keyring)
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/enc.db"
        upgrade(url)
        engine = make_engine(url, keyring)
        with make_session_factory(engine).begin() as s:
            definitions.deploy(s, definitions.PROCESS_ID, definitions.read_directory(BPMN),
                               "b", "b", NOW)
            reviewer = users.create_user(s, "t", "bench pass phrase 2026", "township_reviewer",
                                         "t", NOW, scope="baiyang").id
        result = seed.seed(engine, args.claims, NOW)
        size = Path(f"{directory}/enc.db").stat().st_size / 2**20
        print(f"  seed: {result.claims:,} claims in {result.seconds:.1f} s "
              f"({result.claims / result.seconds:,.0f} claims/s), database {size:.0f} MiB")
        reader = make_session_factory(read_only(engine))
        with reader() as s:
            actor = users.actor_of(s.get(User, reviewer))
        spent = [0.0, 0]
        decrypt = crypto.Keyring.decrypt

        def counted(self: crypto.Keyring, token: str) -> str:
            started = time.perf_counter()
            try:
                return decrypt(self, token)
            finally:
                spent[0] += time.perf_counter() - started
                spent[1] += 1

        crypto.Keyring.decrypt = counted  # type: ignore[method-assign]
        for label, with_checks in (("queue page", False), ("queue page + checks", True)):
            samples, spent[:] = [], [0.0, 0]
            for _ in range(args.runs):
                started = time.perf_counter()
                with reader() as s:
                    items, _ = queries.queue(s, actor, queries.QueueFilter())
                    if with_checks:
                        checks.run_checks_many(s, [i.claim for i in items])
                samples.append((time.perf_counter() - started) * 1000)
            cuts = statistics.quantiles(samples, n=100, method="inclusive")
            print(f"  {label:<20} p50 {cuts[49]:6.1f}  p95 {cuts[94]:6.1f} ms; "
                  f"{spent[1] / args.runs:.0f} values decrypted in "
                  f"{spent[0] / args.runs * 1000:.2f} ms a page")
        crypto.Keyring.decrypt = decrypt  # type: ignore[method-assign]
        engine.dispose()


if __name__ == "__main__":
    main()
