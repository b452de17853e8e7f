"""Claims/s through the whole lifecycle: persisted through the services vs the bare engine.

Persisted: each step is its own transaction on a SQLite file (WAL), as a request would be:
submit, township approve, department approve, bureau accept; then the N accepted claims are
published as one notice batch (one transaction: the PDF of N rows and N workflow messages);
then each claim's notice timer fires and finance marks it paid.
Bare: the same steps on the same engine in memory, nothing stored, no PDF.

    python benchmarks/lifecycle.py [--claims 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# The repository instead of this folder, whose queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from stdnum.cn import ric  # noqa: E402

from benchmarks.machine import data_keyring, describe, load  # noqa: E402
from workflow.persistence.db import make_engine, make_session_factory  # noqa: E402
from workflow.persistence.migrate import upgrade  # noqa: E402
from workflow.persistence.models import HumanTask  # noqa: E402
from workflow.services import claims, decisions, definitions, notices, timers, users  # noqa: E402
from workflow.services.runtime import build_runtime  # noqa: E402

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
PASSWORD = "bench pass phrase 2026"
START = datetime(2026, 11, 2, 1, tzinfo=UTC)  # 09:00 in Pengyang, Monday
SETTINGS = notices.PENGYANG_NOTICES
ID_NUMBER = "11010519491231002X"


def _id_number(i: int) -> str:
    """A valid, distinct ID number per claim: each person may have at most 2 subsidies."""
    body = f"6422261990{1 + i // 28000 % 12:02d}{1 + i // 1000 % 28:02d}{i % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _input(i: int) -> claims.ClaimInput:
    return claims.ClaimInput("张三", _id_number(i), "13800000000", "baiyang", "rural_migrant",
                             "PY-22", "叉车司机", f"BENCH-{i:07d}", "", date(2026, 5, 1),
                             "发证机关", "农业银行", "6228480000000000000", "张三")


def persisted(n: int, directory: str) -> float:
    url = f"sqlite:///{directory}/bench.db"
    upgrade(url)
    factory = make_session_factory(make_engine(url, data_keyring()))
    clock = [START]
    rt = build_runtime(clock=lambda: clock[0])
    with factory.begin() as s:
        definitions.deploy(s, "subsidy_claim", definitions.read_directory(BPMN), "b", "b", START)
        mk = {r: users.actor_of(users.create_user(s, r, PASSWORD, r, r, START, scope=sc,
                                                  id_number=idn))
              for r, sc, idn in [("applicant", None, ID_NUMBER),
                                 ("township_reviewer", "baiyang", None),
                                 ("department_reviewer", "market", None),
                                 ("bureau_officer", None, None), ("finance_officer", None, None)]}

    def decide(actor_role: str, claim_id: int) -> None:
        with factory.begin() as s:
            task_id = s.query(HumanTask.task_id).filter_by(claim_id=claim_id).scalar()
            decisions.complete_task(s, rt, mk[actor_role], claim_id, task_id, "approve"
                                    if actor_role != "finance_officer" else "paid")

    users.HASH_METHOD = "pbkdf2:sha256:1000"  # accounts are set-up here, not what is measured
    with factory.begin() as s:
        people = [users.actor_of(users.create_user(s, f"p{i}", PASSWORD, "applicant", "张三",
                                                   START, id_number=_id_number(i)))
                  for i in range(n)]
    began = time.perf_counter()
    ids = []
    for i in range(n):
        with factory.begin() as s:
            claim_id = claims.submit_claim(s, rt, people[i], _input(i)).id
        for role in ("township_reviewer", "department_reviewer", "bureau_officer"):
            decide(role, claim_id)
        ids.append(claim_id)
    published = time.perf_counter()
    with factory.begin() as s:
        notices.publish(s, rt, mk["bureau_officer"], SETTINGS, notices.BatchInput(
            START.date(), 5, "就业股", "0954-0000000", "彭阳县"))
    publish_seconds = time.perf_counter() - published
    for claim_id in ids:
        fired = timers.fire_due(factory, rt, clock[0] + timedelta(days=8), limit=1)
        assert len(fired) == 1, fired
        decide("finance_officer", claim_id)
    return n / (time.perf_counter() - began), publish_seconds


def bare(n: int) -> float:
    rt = build_runtime()
    spec = definitions.parse("subsidy_claim", definitions.read_directory(BPMN))
    engine = rt.engine
    began = time.perf_counter()
    for _ in range(n):
        inst = engine.start(spec, {"township": "baiyang", "certificate_code": "PY-22",
                                   "certificate_level": ""})
        for data in ({"decision": "approve"}, {"decision": "approve"}, {"decision": "approve"}):
            engine.complete(inst, engine.state(inst).ready_tasks[0].id, data)
        engine.send_message(inst, "notice_published", START.isoformat())
        engine.fire_timers(inst, START + timedelta(days=6))
        engine.complete(inst, engine.state(inst).ready_tasks[0].id,
                        decisions.decision_data("payment", "paid"))
        assert engine.state(inst).end_event == "End_paid"
    return n / (time.perf_counter() - began)


def main() -> None:
    import logging
    logging.basicConfig()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1000)
    args = parser.parse_args()
    print(describe())
    load_before = load()
    bare(20)  # warm up the parser cache and the compiled-expression cache
    engine_rate = bare(args.claims)
    with tempfile.TemporaryDirectory() as directory:
        stored_rate, publish_seconds = persisted(args.claims, directory)
    print(f"claims: {args.claims}")
    print(f"bare engine, in memory:        {engine_rate:8.1f} claims/s")
    print(f"persisted, services + SQLite:  {stored_rate:8.1f} claims/s "
          f"({6 * stored_rate:.0f} transactions/s)")
    print(f"ratio persisted / bare:        {stored_rate / engine_rate:8.2f}")
    print(f"of which publishing one notice of {args.claims} rows (PDF + messages): "
          f"{publish_seconds:.1f} s")
    others = args.claims / stored_rate - publish_seconds
    print(f"persisted, every step but the publication: {args.claims / others:8.1f} claims/s "
          f"({1000 * others / args.claims:.1f} ms a claim)")
    print(f"load (1 min) before / after: {load_before} / {load()}")


if __name__ == "__main__":
    main()
