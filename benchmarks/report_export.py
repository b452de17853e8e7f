"""An export of N rows (default 100,000): the training ledger built by an export job.

The claims are written with bulk inserts (the engine is not what is measured); then the job is
queued as the bureau would and built by the same function the worker runs. Prints the time to
insert, the time to build and store the xlsx, its size, and the peak memory of the process
(ru_maxrss, the whole process including the inserted rows' Python objects).

    python benchmarks/report_export.py [--rows 100000] [--url sqlite:///…]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# The repository instead of this folder, whose queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from benchmarks.machine import data_keyring, describe  # noqa: E402
from web.config import Settings  # noqa: E402
from workflow.domain.overdue import parse_limits  # noqa: E402
from workflow.persistence.crypto import session_keyring  # noqa: E402
from workflow.persistence.db import make_engine, make_session_factory  # noqa: E402
from workflow.persistence.migrate import upgrade  # noqa: E402
from workflow.persistence.models import (  # noqa: E402
    Claim,
    ExportJob,
    ProcessDefinition,
    StageVisit,
    User,
)
from workflow.services import exports, reports, users  # noqa: E402

START = datetime(2026, 3, 2, 1, tzinfo=UTC)
TOWNSHIPS = ("baiyang", "wangwa", "gucheng", "honghe")
STAGES = (("township_review", "in_progress"), ("department_review", "in_progress"),
          ("payment", "in_progress"), ("closed", "paid"), ("closed", "rejected"))


def _id_number(serial: int) -> str:
    body = f"64222619{80 + serial % 20:02d}{serial % 12 + 1:02d}{serial % 28 + 1:02d}" \
           f"{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def bulk_claims(session: Session, n: int, applicant_id: int, chunk: int = 10_000) -> None:
    """N claims as rows (no workflow state): what a ledger reads, in bulk."""
    definition = session.scalar(select(ProcessDefinition.id).limit(1))
    if definition is None:
        definition = ProcessDefinition(process_id="subsidy_claim", version=1, content_hash="x",
                                       files={}, note="", deployed_by="bench",
                                       deployed_at=START)
        session.add(definition)
        session.flush()
        definition = definition.id
    keyring = session_keyring(session)  # the table's types encrypt; the hashes are ours to set
    for first in range(0, n, chunk):
        rows = []
        for i in range(first, min(n, first + chunk)):
            stage, status = STAGES[i % len(STAGES)]
            at = START + timedelta(minutes=i)
            accepted = stage in {"payment", "closed"}
            rows.append({
                "reference": f"BT2026-{i:08X}", "applicant_id": applicant_id,
                "definition_id": definition, "state": "", "version": 1, "rev": "bulk",
                "status": status, "stage": stage, "township": TOWNSHIPS[i % len(TOWNSHIPS)],
                "department": "market", "full_name": f"张{i % 97}", "id_number": _id_number(i),
                "id_number_hash": keyring.lookup_hash(_id_number(i)),
                "phone": f"139{i:08d}", "target_group": "rural_migrant",
                "certificate_code": "PY-22", "certificate_name": "叉车司机",
                "certificate_number": f"BULK-{i:07d}", "certificate_level": "",
                "certificate_issued_on": date(2026, 2, 1), "certificate_issuer": "固原市市场监管局",
                "bank_name": "中国农业银行彭阳县支行", "account_number": f"62284800{i:011d}",
                "account_number_hash": keyring.lookup_hash(f"62284800{i:011d}"),
                "account_holder": f"张{i % 97}", "amount_fen": 140000 if accepted else None,
                "amount_rule": None, "notice_ends_at": None, "next_timer_at": None,
                "closed_stage": None, "closed_reason": "户籍不在本县" if status == "rejected"
                else None, "submitted_at": at, "updated_at": at,
                "closed_at": at + timedelta(days=30) if stage == "closed" else None,
                "accepted_at": at + timedelta(days=10) if accepted else None,
                "policy_pack": "pengyang" if accepted else None,
                "policy_version": 1 if accepted else None, "notice_batch_id": None})
        connection = session.connection()
        connection.execute(insert(Claim.__table__), rows)  # Core: no ORM per row
        ids = dict(connection.execute(select(Claim.reference, Claim.id).where(
            Claim.reference.in_([r["reference"] for r in rows]))).all())
        # The stages each claim went through, for the dashboard's days per stage.
        visits = [{"claim_id": ids[r["reference"]], "stage": stage, "entered_at": at}
                  for r in rows for stage, at in _visits(r)]
        connection.execute(insert(StageVisit.__table__), visits)


def _visits(row: dict[str, Any]) -> list[tuple[str, datetime]]:
    """Township review from filing, department review 2 days later, then (if accepted)
    awaiting notice, payment after 20 days, closed after 30."""
    submitted = row["submitted_at"]
    found = [("township_review", submitted)]
    if row["stage"] != "township_review":
        found.append(("department_review", submitted + timedelta(days=2)))
    if row["accepted_at"] is not None:
        found.append(("awaiting_notice", row["accepted_at"]))
    if row["stage"] == "payment":
        found.append(("payment", submitted + timedelta(days=20)))
    if row["closed_at"] is not None:
        found.append(("closed", row["closed_at"]))
    return found


def setup(url: str, n: int) -> tuple[sessionmaker[Session], int, float]:
    """A migrated database with N claims and a bureau officer; returns the officer's id."""
    upgrade(url)
    factory = make_session_factory(make_engine(url, data_keyring()))
    began = time.perf_counter()
    with factory.begin() as s:
        applicant = users.create_user(s, "applicant", "password1", "applicant", "张三", START,
                                      id_number="11010519491231002X")
        bureau = users.create_user(s, "bureau", "password1", "bureau_officer", "人社局", START)
        bulk_claims(s, n, applicant.id)
        bureau_id = bureau.id
    return factory, bureau_id, time.perf_counter() - began


def export(factory: sessionmaker[Session], user_id: int) -> tuple[ExportJob, float]:
    """Queue the training ledger for the user and build it as the worker does."""
    with factory.begin() as s:
        actor = users.actor_of(s.get(User, user_id))
        job_id = exports.request_export(s, actor, "training", {}, START).id
    began = time.perf_counter()
    exports.run_pending(factory, lambda: START)
    took = time.perf_counter() - began
    with factory() as s:
        job = s.get(ExportJob, job_id)
        assert job is not None
        s.expunge(job)
    return job, took


def dashboard(factory: sessionmaker[Session], user_id: int) -> float:
    """Seconds to compute the county dashboard (every figure) for the bureau."""
    with factory() as s:
        actor = users.actor_of(s.get(User, user_id))
        began = time.perf_counter()
        board = reports.dashboard(s, actor, "pengyang", 2026, START + timedelta(days=400),
                                  parse_limits(Settings.OVERDUE_DAYS))
        took = time.perf_counter() - began
    assert board.stages is not None and board.stages.total > 0
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{folder}/bench.db"
        factory, bureau, inserting = setup(url, args.rows)
        job, building = export(factory, bureau)
        board = dashboard(factory, bureau)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(describe())
    print(f"{args.rows:,} claims inserted in bulk: {inserting:.1f} s")
    print(f"training ledger export: {job.status}, {job.done_rows:,} rows, "
          f"{(job.size or 0) / 2**20:.1f} MiB, {building:.1f} s "
          f"({job.done_rows / building:,.0f} rows/s)")
    print(f"county dashboard over those claims: {board:.2f} s")
    print(f"peak memory of the process (ru_maxrss): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
