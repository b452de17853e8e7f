"""An enterprise's roster claim of N workers (issue 19 item 3), through HTTP and the services.

Times, on a fresh database: reading the roster's xlsx, filing it (`POST
/api/v1/enterprise/claims`: every row checked, each worker's slot taken), the claim page as the
township reviews it (the roster with whole ID numbers, the enterprise's checks), the three
approvals (acceptance sums the rows), and the public notice (one PDF line per worker).
Peak memory (RSS) is the whole process's.

    python benchmarks/roster.py [--rows 500] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# The repository instead of this folder, whose queue.py would shadow the standard `queue`.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from openpyxl import Workbook  # noqa: E402
from stdnum.cn import ric, uscc  # noqa: E402

from benchmarks.machine import describe, load, scratch_database  # noqa: E402
from workflow.domain.policy.pengyang.rosters import WORK_FOR_TRAINING_KIND  # noqa: E402
from workflow.domain.rosters import rows_of_sheet  # noqa: E402
from workflow.spreadsheets import read_rows  # noqa: E402

BPMN = Path(__file__).resolve().parents[1] / "bpmn"
PASSWORD = "bench pass phrase 2026"


def _id_number(n: int) -> str:
    born = date(1980, 1, 1) + timedelta(days=n // 500)
    body = f"640425{born:%Y%m%d}{n % 500 + 100:03d}"
    return body + ric.calc_check_digit(body + "0")


def _rows(count: int, today: date) -> list[dict[str, str]]:
    return [{"full_name": f"职工{n}", "id_number": _id_number(n),
             "training_start": (today - timedelta(days=190)).isoformat(),
             "training_end": (today - timedelta(days=140)).isoformat(),
             "certificate_number": f"YGDX-{n:05d}",
             "employed_since": (today - timedelta(days=135)).isoformat()} for n in range(count)]


def _xlsx(rows: list[dict[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    columns = WORK_FOR_TRAINING_KIND.columns
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row[c.name] for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _timed(label: str, step: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = step()
    print(f"  {label:<34} {(time.perf_counter() - started) * 1000:9.1f} ms", flush=True)
    return result


def measure(url: str, count: int) -> None:
    from tests.integration.helpers import decide, publish
    from web import create_app
    from web.db import runtime, sessions
    from workflow.persistence.migrate import upgrade
    from workflow.services import definitions, users

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    f, rt = sessions(app), runtime(app)
    now = rt.clock()
    with f.begin() as s:
        definitions.deploy(s, definitions.PROCESS_ID, definitions.read_directory(BPMN), "b", "b",
                           now)
        staff = {name: users.actor_of(users.create_user(s, name, PASSWORD, role, name, now,
                                                        scope=scope))
                 for name, role, scope in (("township", "township_reviewer", "baiyang"),
                                           ("hr", "department_reviewer", "hr_bureau"),
                                           ("bureau", "bureau_officer", None))}
        epoch = users.get_user(s, staff["township"].user_id).session_epoch  # type: ignore[union-attr]
    client = app.test_client()
    code = "91640425MA76BT0Y1"
    name = "彭阳县基准企业有限公司"
    assert client.post("/api/v1/enterprises", json={
        "username": "bench_firm", "password": PASSWORD, "name": name,
        "credit_code": code + uscc.calc_check_digit(code), "township": "baiyang",
        "phone": "13900000000", "bank_name": "宁夏银行彭阳支行",
        "account_number": "6228480000000009900", "account_holder": name}).status_code == 201
    token = client.post("/api/v1/auth/login", json={"username": "bench_firm",
                                                    "password": PASSWORD}).json["token"]
    rows = _rows(count, now.date())
    sheet = _xlsx(rows)
    parsed = _timed(f"read the xlsx ({len(sheet) // 1024} KiB)", lambda: rows_of_sheet(
        WORK_FOR_TRAINING_KIND, read_rows(sheet, "花名册.xlsx")))
    assert len(parsed) == count
    filed = _timed(f"file the roster ({count} rows)", lambda: client.post(
        "/api/v1/enterprise/claims", headers={"Authorization": f"Bearer {token}"},
        json={"roster_kind": "work_for_training", "attested": True, "rows": parsed}))
    assert filed.status_code == 201, filed.json
    claim_id = filed.json["id"]
    township = app.test_client()
    with township.session_transaction() as session:
        session["user_id"], session["epoch"] = staff["township"].user_id, epoch
    page = _timed("claim page, township reviewing", lambda: township.get(f"/claims/{claim_id}"))
    assert page.status_code == 200 and _id_number(count - 1) in page.get_data(as_text=True)
    _timed("township approves", lambda: decide(f, rt, staff["township"], claim_id, "approve"))
    _timed("department approves", lambda: decide(f, rt, staff["hr"], claim_id, "approve"))
    accepted = _timed("bureau accepts (sums the rows)",
                      lambda: decide(f, rt, staff["bureau"], claim_id, "approve"))
    assert accepted.amount_fen == count * 150_000
    batch = _timed(f"publish the notice ({count} lines, PDF)",
                   lambda: publish(f, rt, staff["bureau"]))
    assert batch.row_count == count
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {peak:.0f} MiB; load {load()}", flush=True)
    app.extensions["butie.engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    print(describe())
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        print(f"{backend}, a roster of {args.rows} workers:", flush=True)
        with scratch_database(backend, "roster") as url:
            measure(url, args.rows)


if __name__ == "__main__":
    main()
