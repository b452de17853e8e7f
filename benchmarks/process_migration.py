"""Process administration costs: checks and test run of a draft, migration of running claims.

N claims are filed on version 1 (a third of them approved on to department review), version 2
renames a task, then the dry run and the migration of all N are timed on a SQLite file.

    python benchmarks/process_migration.py [--claims 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# The repository instead of this folder, whose queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks.lifecycle import _id_number, _input  # noqa: E402
from benchmarks.machine import data_keyring, describe  # noqa: E402
from workflow.domain.access import Actor, Role  # noqa: E402
from workflow.persistence.db import make_engine, make_session_factory  # noqa: E402
from workflow.persistence.migrate import upgrade  # noqa: E402
from workflow.persistence.models import HumanTask  # noqa: E402
from workflow.services import claims, decisions, definitions, migrations, process_trials, users  # noqa: E402
from workflow.services.runtime import build_runtime  # noqa: E402

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
NOW = datetime(2026, 11, 2, 1, tzinfo=UTC)


def _median_ms(action: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def checks_and_trial() -> None:
    files = definitions.read_directory(BPMN)
    rt = build_runtime()
    check = _median_ms(lambda: definitions.check("subsidy_claim", files))
    trial = _median_ms(lambda: process_trials.test_run(rt, "subsidy_claim", files, NOW))
    paths = len(process_trials.test_run(rt, "subsidy_claim", files, NOW).paths)
    print(f"every check of a draft (screen, schemas, contract, parse, expressions): {check:.0f} ms")
    print(f"test run of a draft ({paths} paths, in memory): {trial:.0f} ms")


def migration(n: int, directory: str) -> None:
    url = f"sqlite:///{directory}/bench.db"
    upgrade(url)
    factory = make_session_factory(make_engine(url, data_keyring()))
    rt = build_runtime(clock=lambda: NOW)
    files = definitions.read_directory(BPMN)
    users.HASH_METHOD = "pbkdf2:sha256:1000"  # accounts are set-up here, not what is measured
    with factory.begin() as s:
        definitions.deploy(s, "subsidy_claim", files, "b", "v1", NOW)
        people = [users.actor_of(users.create_user(s, f"p{i}", "password1", "applicant", "张三",
                                                   NOW, id_number=_id_number(i)))
                  for i in range(n)]
        township = users.actor_of(users.create_user(s, "t", "password1", "township_reviewer",
                                                    "t", NOW, scope="baiyang"))
    start = time.perf_counter()
    for i in range(n):
        with factory.begin() as s:
            claim = claims.submit_claim(s, rt, people[i], _input(i))
            if i % 3 == 0:
                task = s.query(HumanTask).filter_by(claim_id=claim.id).one()
                decisions.complete_task(s, rt, township, claim.id, task.task_id, "approve")
    print(f"setup: {n} claims filed in {time.perf_counter() - start:.1f} s")
    renamed = {**files, "subsidy_claim.bpmn": files["subsidy_claim.bpmn"].replace(
        'name="Bureau acceptance"', 'name="County acceptance"')}
    with factory.begin() as s:
        definitions.deploy(s, "subsidy_claim", renamed, "b", "v2", NOW)
    rt.instances = type(rt.instances)(0)  # measure loads, not the warm cache of the setup
    with factory() as s:
        start = time.perf_counter()
        plan = migrations.dry_run(s, rt)
        dry = time.perf_counter() - start
    print(f"dry run: {len(plan.moves)} claims in {dry:.1f} s ({len(plan.moves) / dry:.0f} "
          f"claims/s), {plan.safe_count} can move; groups {plan.groups()}")
    with factory.begin() as s:
        start = time.perf_counter()
        done = migrations.migrate(s, rt, Actor(None, Role.ADMIN, name="bench"), plan.target_id,
                                  NOW)
        moved = time.perf_counter() - start
    print(f"migration: {done.moved_count} claims moved and audited in {moved:.1f} s "
          f"({done.moved_count / moved:.0f} claims/s, one transaction, a savepoint each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1000)
    args = parser.parse_args()
    print(describe())
    checks_and_trial()
    with tempfile.TemporaryDirectory() as directory:
        migration(args.claims, directory)


if __name__ == "__main__":
    main()
