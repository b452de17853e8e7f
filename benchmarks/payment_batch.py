"""A payment batch of N claims: create, approve, export xlsx, import results with 2% failures.

The N claims are cloned in bulk from one claim carried to the payment stage through the real
services (every task id in its workflow state replaced, so each clone is a claim of its own).
Then each step is timed as a finance officer would run it. Applying the recorded results to the
workflows is the worker's job after the import; its rate is measured on a sample.

    python benchmarks/payment_batch.py [--claims 10000]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# The repository instead of this folder, whose queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import insert, select  # noqa: E402

from benchmarks.machine import data_keyring, describe  # noqa: E402
from workflow.domain.numerals import plain_yuan  # noqa: E402
from workflow.payments.bank_files import (  # noqa: E402
    DEFAULT_TEMPLATE,
    disbursement_xlsx,
    parse_results,
)
from workflow.persistence.db import make_engine, make_session_factory  # noqa: E402
from workflow.persistence.migrate import upgrade  # noqa: E402
from workflow.persistence.models import Claim, HumanTask  # noqa: E402
from workflow.services import claims, decisions, definitions, notices, payments, timers, users  # noqa: E402
from workflow.services.runtime import build_runtime  # noqa: E402

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
PASSWORD = "bench pass phrase 2026"
START = datetime(2026, 11, 2, 1, tzinfo=UTC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ID_NUMBER = "11010519491231002X"


def _setup(url: str, clock: list[datetime]):  # type: ignore[no-untyped-def]
    upgrade(url)
    factory = make_session_factory(make_engine(url, data_keyring()))
    rt = build_runtime(clock=lambda: clock[0])
    with factory.begin() as s:
        definitions.deploy(s, "subsidy_claim", definitions.read_directory(BPMN), "b", "b", START)
        people = [("applicant", "applicant", None, ID_NUMBER),
                  ("township", "township_reviewer", "baiyang", None),
                  ("department", "department_reviewer", "market", None),
                  ("bureau", "bureau_officer", None, None),
                  ("finance", "finance_officer", None, None),
                  ("finance2", "finance_officer", None, None)]
        actors = {u: users.actor_of(users.create_user(s, u, PASSWORD, r, u, START, scope=sc,
                                                       id_number=i))
                  for u, r, sc, i in people}
    return factory, rt, actors


def _template_claim(factory, rt, actors) -> int:  # type: ignore[no-untyped-def]
    with factory.begin() as s:
        claim_id = claims.submit_claim(s, rt, actors["applicant"], claims.ClaimInput(
            "张三", ID_NUMBER, "13800000000", "baiyang", "rural_migrant", "PY-22", "叉车司机",
            "BENCH-0", "", date(2026, 5, 1), "发证机关", "农业银行", "6228480000000000000",
            "张三")).id
    for who in ("township", "department", "bureau"):
        with factory.begin() as s:
            task = s.scalar(select(HumanTask.task_id).where(HumanTask.claim_id == claim_id))
            decisions.complete_task(s, rt, actors[who], claim_id, task, "approve")
    with factory.begin() as s:
        batch = notices.publish(s, rt, actors["bureau"],
                                notices.NoticeSettings("局", "{sequence}"),
                                notices.BatchInput(START.date(), 5, "股", "电话", "地址"))
        closes = batch.closes_at
    timers.fire_due(factory, rt, closes)
    return claim_id


def _clone(factory, claim_id: int, n: int) -> None:  # type: ignore[no-untyped-def]
    """N-1 copies of the claim and its open task, each with fresh workflow task ids."""
    with factory.begin() as s:
        claim = s.get(Claim, claim_id)
        row = {c.key: getattr(claim, c.key) for c in Claim.__table__.columns if c.key != "id"}
        row["state"] = claim.state
        task = s.scalar(select(HumanTask).where(HumanTask.claim_id == claim_id))
        task_row = {c.key: getattr(task, c.key) for c in HumanTask.__table__.columns
                    if c.key != "id"}
        first_id = claim_id + 1
        rows, tasks = [], []
        for i in range(1, n):
            mapping: dict[str, str] = {}
            state = UUID.sub(lambda m, ids=mapping: ids.setdefault(m.group(0),
                                                                   str(uuid.uuid4())),
                             row["state"])
            rows.append({**row, "id": first_id + i - 1, "state": state,
                         "reference": f"BT2026-{i:08X}", "certificate_number": f"BENCH-{i}",
                         "account_number": f"622848{i:013d}", "rev": uuid.uuid4().hex})
            tasks.append({**task_row, "claim_id": first_id + i - 1,
                          "task_id": mapping[task_row["task_id"]]})
        s.execute(insert(Claim), rows)
        s.execute(insert(HumanTask), tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10000)
    parser.add_argument("--sample", type=int, default=300, help="results applied to measure")
    args = parser.parse_args()
    print(describe())
    clock = [START]
    with tempfile.TemporaryDirectory() as directory:
        factory, rt, actors = _setup(f"sqlite:///{directory}/bench.db", clock)
        _clone(factory, _template_claim(factory, rt, actors), args.claims)
        clock[0] = START + timedelta(days=10)
        times: dict[str, float] = {}

        began = time.perf_counter()
        with factory.begin() as s:
            batch_id = payments.create_batch(s, actors["finance"], clock[0]).id
        times["create"] = time.perf_counter() - began
        with factory.begin() as s:
            payments.approve_batch(s, actors["finance2"], batch_id, clock[0])
        began = time.perf_counter()
        with factory.begin() as s:
            batch, rows = payments.export_payments(s, actors["finance"], batch_id, clock[0])
            number = batch.number
        data = disbursement_xlsx(rows, DEFAULT_TEMPLATE, number)
        times["export xlsx"] = time.perf_counter() - began
        result_file = ("reference,amount,status,reason\n" + "".join(
            f"{r.reference},{plain_yuan(r.amount_fen)},"
            f"{'failed,E12' if i % 50 == 0 else 'success,'}\n"
            for i, r in enumerate(rows))).encode()
        began = time.perf_counter()
        results = parse_results(result_file, "results.csv")
        with factory.begin() as s:
            report = payments.import_results(s, rt, actors["finance"], batch_id, results,
                                             apply_now=0)
        times["import results"] = time.perf_counter() - began
        began = time.perf_counter()
        applied = payments.apply_results(factory, rt, limit=args.sample)
        apply_rate = applied / (time.perf_counter() - began)
    print(f"claims: {args.claims}, batch lines: {len(rows)}, xlsx: {len(data) / 1e6:.1f} MB")
    print(f"failures in the result file: {sum(1 for r in results if not r.success)}; "
          f"applied {len(report.applied)}, refused {len(report.refused)}")
    for name, seconds in times.items():
        print(f"{name:<16} {seconds:6.2f} s")
    print(f"{'all three':<16} {sum(times.values()):6.2f} s")
    print(f"worker: results applied to workflows: {apply_rate:.0f} claims/s "
          f"(sample of {applied})")


if __name__ == "__main__":
    main()
