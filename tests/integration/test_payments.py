"""Payment batches through the services and the real database: never twice, never lost."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.conftest import NOW
from tests.integration.helpers import (
    decide,
    due_claims,
    load,
)
from workflow.payments.bank_files import (
    DEFAULT_TEMPLATE,
    disbursement_csv,
    disbursement_xlsx,
    parse_results,
)
from workflow.persistence.models import Notification, PaymentLine
from workflow.services import payments, users
from workflow.services.errors import ConflictError, ForbiddenError


@pytest.fixture
def second_finance(session_factory):
    with session_factory.begin() as s:
        return users.actor_of(users.create_user(s, "finance2", "correct horse",
                                                "finance_officer", "财务复核", NOW))


def _due(f, rt, a, n):
    ids = due_claims(f, rt, a, n, "TZ-PAY")
    assert {load(f, i).stage for i in ids} == {"payment"}
    return ids


def _exported(f, rt, a, second, claim_ids=None):
    with f.begin() as s:
        batch = payments.create_batch(s, a["finance"], rt.clock(), claim_ids)
        batch_id = batch.id
    with f.begin() as s:
        payments.approve_batch(s, second, batch_id, rt.clock())
    with f.begin() as s:
        _, rows = payments.export_payments(s, a["finance"], batch_id, rt.clock())
    return batch_id, rows


def _import(f, rt, a, batch_id, results):
    with f.begin() as s:
        return payments.import_results(s, rt, a["finance"], batch_id, results)


def test_four_eyes_and_only_approved_batches_export(session_factory, runtime, actors,
                                                     second_finance):
    f, a = session_factory, actors
    _due(f, runtime, a, 2)
    with f.begin() as s:
        batch = payments.create_batch(s, a["finance"], runtime.clock())
        assert (batch.line_count, batch.total_fen) == (2, 280000)
        batch_id = batch.id
    with pytest.raises(ConflictError), f.begin() as s:
        payments.export_payments(s, a["finance"], batch_id, runtime.clock())
    with pytest.raises(ForbiddenError), f.begin() as s:
        payments.approve_batch(s, a["finance"], batch_id, runtime.clock())  # own batch
    with pytest.raises(ForbiddenError), f.begin() as s:
        payments.approve_batch(s, a["bureau"], batch_id, runtime.clock())
    with f.begin() as s:
        payments.approve_batch(s, second_finance, batch_id, runtime.clock())
    with f.begin() as s:
        batch, rows = payments.export_payments(s, a["finance"], batch_id, runtime.clock())
        assert batch.status == "exported"
    sheet = load_workbook(io.BytesIO(disbursement_xlsx(rows, DEFAULT_TEMPLATE, "ZF"))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["序号", "收款人姓名", "收款账号", "开户银行", "金额（元）", "用途",
                         "业务参考号"]
    assert values[1][1:6] == ["张三", "6228480000000000000", "中国农业银行彭阳支行", 1400,
                              "职业培训补贴"]
    assert values[-1] == ["合计", "2笔", None, None, 2800, None, "ZF"]  # under 金额（元）
    assert "1400.00" in disbursement_csv(rows, DEFAULT_TEMPLATE, "ZF").decode("utf-8-sig")
    # Nothing is due any more: a claim is in at most one open batch.
    with pytest.raises(Exception), f.begin() as s:  # noqa: B017 - InvalidInputError
        payments.create_batch(s, a["finance"], runtime.clock())


def test_the_database_refuses_a_second_open_line_and_a_second_payment(session_factory, runtime,
                                                                      actors, second_finance):
    f, a = session_factory, actors
    [claim_id] = _due(f, runtime, a, 1)
    batch_id, _ = _exported(f, runtime, a, second_finance)
    with pytest.raises(IntegrityError), f.begin() as s:
        line = s.scalar(select(PaymentLine).where(PaymentLine.claim_id == claim_id))
        s.add(PaymentLine(batch_id=batch_id, claim_id=claim_id, row_number=2, reference="X",
                          payee_name="x", bank_name="x", account_number="1", amount_fen=1,
                          is_open=True))
        assert line is not None
    with f.begin() as s:
        s.execute(PaymentLine.__table__.update().values(is_open=False, result="paid"))
    with pytest.raises(IntegrityError), f.begin() as s:
        s.add(PaymentLine(batch_id=batch_id, claim_id=claim_id, row_number=3, reference="Y",
                          payee_name="x", bank_name="x", account_number="1", amount_fen=1,
                          is_open=False, result="paid"))


def test_results_apply_once_and_failures_come_back_in_a_later_batch(session_factory, runtime,
                                                                   actors, second_finance):
    f, a = session_factory, actors
    first, second = _due(f, runtime, a, 2)
    batch_id, rows = _exported(f, runtime, a, second_finance)
    by_claim = {r.reference: r for r in rows}
    ref1, ref2 = load(f, first).reference, load(f, second).reference
    text = ("业务参考号,金额,状态,失败原因\n"
            f"{ref1},1400.00,成功,\n{ref2},1400.00,失败,E12 账户已销户\n"
            "BT2026-NOPE0000,1.00,成功,\n"
            f"{ref1},9.99,成功,\n").encode()
    results = parse_results(text, "result.csv")
    report = _import(f, runtime, a, batch_id, results)
    assert sorted(report.applied) == sorted([ref1, ref2])
    assert [(why) for _, _, why in report.refused] == ["unknown reference", "wrong amount"]
    assert (load(f, first).status, load(f, second).stage) == ("paid", "account_correction")
    versions = (load(f, first).version, load(f, second).version)
    again = _import(f, runtime, a, batch_id, results)  # the same file twice: nothing changes
    assert again.applied == [] and sorted(again.already) == sorted([ref1, ref2])
    assert (load(f, first).version, load(f, second).version) == versions
    with f() as s:
        notes = {n.kind: n.message for n in s.scalars(select(Notification))}
    assert "尾号 0000" in notes["paid"] and "6228480000000000000" not in notes["paid"]
    assert "E12 账户已销户" in notes["failed"]

    decide(f, runtime, a["applicant"], second, "resubmit",
           changes={"account_number": "6228480000000000777"})
    later_id, later_rows = _exported(f, runtime, a, second_finance)
    assert [r.account_number for r in later_rows] == ["6228480000000000777"]
    assert by_claim[ref2].account_number == "6228480000000000000"
    other_batch = _import(f, runtime, a, batch_id, parse_results(
        f"reference,status\n{ref2},success\n".encode(), "r.csv"))
    assert other_batch.applied == []  # batch 1's line for ref2 already failed
    wrong_batch = _import(f, runtime, a, later_id, parse_results(
        f"reference,status\n{ref1},success\n".encode(), "r.csv"))
    assert wrong_batch.refused == [(2, ref1, "a claim of another batch")]
    _import(f, runtime, a, later_id, parse_results(
        f"reference,status\n{ref2},success\n".encode(), "r.csv"))
    assert load(f, second).status == "paid"
    with f() as s:
        summary = payments.reconcile(s, batch_id)
        period = payments.reconcile(s, start=NOW - timedelta(days=1))
    assert summary == {"expected": (2, 280000), "paid": (1, 140000), "failed": (1, 140000),
                       "pending": (0, 0)}
    assert period["paid"] == (2, 280000) and period["expected"] == (3, 420000)


KILL_SCRIPT = '''
import sys, time
from datetime import datetime, UTC
from tests.keys import KEYRING
from workflow.persistence.db import make_engine, make_session_factory
from workflow.payments.bank_files import parse_results
from workflow.services import payments, users
from workflow.services.runtime import build_runtime
from workflow.persistence.models import User
url, batch_id, path, marker = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
factory = make_session_factory(make_engine(url, KEYRING))
runtime = build_runtime(clock=lambda: datetime(2026, 11, 20, tzinfo=UTC))
results = parse_results(open(path, "rb").read(), path)
def progress(count):
    if count == 3:
        open(marker, "w").write("halfway")
        time.sleep(60)
with factory.begin() as s:
    finance = users.actor_of(s.query(User).filter_by(username="finance").one())
    payments.import_results(s, runtime, finance, batch_id, results, progress=progress)
'''


def test_an_import_killed_halfway_applies_every_line_once_when_run_again(
        session_factory, runtime, actors, second_finance, db_url, tmp_path):
    f, a = session_factory, actors
    ids = _due(f, runtime, a, 5)
    batch_id, _ = _exported(f, runtime, a, second_finance)
    refs = [load(f, i).reference for i in ids]
    path = tmp_path / "results.csv"
    path.write_text("reference,status\n" + "".join(f"{r},success\n" for r in refs))
    marker = tmp_path / "halfway"
    script = tmp_path / "kill_import.py"
    script.write_text(KILL_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, str(script), db_url, str(batch_id), str(path),
                              str(marker)], env=env)
    deadline = time.time() + 60
    while not marker.exists() and time.time() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the import never reached its third line"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert {load(f, i).stage for i in ids} == {"payment"}  # nothing half-applied
    report = _import(f, runtime, a, batch_id, parse_results(path.read_bytes(), "r.csv"))
    assert sorted(report.applied) == sorted(refs) and report.already == []
    assert {load(f, i).status for i in ids} == {"paid"}
    with f() as s:
        assert len(list(s.scalars(select(PaymentLine).where(PaymentLine.result == "paid")))) \
            == 5


def test_manual_marking_is_refused_for_a_claim_in_an_open_batch(session_factory, runtime,
                                                                 actors, second_finance):
    f, a = session_factory, actors
    [claim_id] = _due(f, runtime, a, 1)
    _exported(f, runtime, a, second_finance)
    with pytest.raises(ConflictError):
        decide(f, runtime, a["finance"], claim_id, "paid")


def test_large_imports_leave_the_workflows_to_the_worker(session_factory, runtime, actors,
                                                         second_finance):
    f, a = session_factory, actors
    ids = _due(f, runtime, a, 3)
    batch_id, rows = _exported(f, runtime, a, second_finance)
    results = parse_results(("reference,status\n" + "".join(
        f"{r.reference},success\n" for r in rows)).encode(), "r.csv")
    with f.begin() as s:
        report = payments.import_results(s, runtime, a["finance"], batch_id, results,
                                         apply_now=0)
    assert len(report.applied) == 3
    assert {load(f, i).stage for i in ids} == {"payment"}  # recorded, not yet applied
    assert payments.apply_results(f, runtime, limit=2) == 2
    assert payments.apply_results(f, runtime) == 1
    assert payments.apply_results(f, runtime) == 0  # each result moves its claim once
    assert {load(f, i).status for i in ids} == {"paid"}
