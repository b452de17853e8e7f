"""Export jobs: 100,000 rows complete with progress in steps; dead workers' jobs are retaken."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from benchmarks.report_export import bulk_claims
from tests.conftest import NOW
from workflow.persistence.models import ExportJob
from workflow.services import exports
from workflow.services.errors import ForbiddenError

ROWS = 100_000
LAST_ROW = re.compile(rb'<row r="(\d+)"[^>]*>(?!.*<row )', re.S)


@pytest.mark.slow  # about two minutes: openpyxl writes 2.4 million cells
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_export_of_100000_rows_completes(session_factory, actors, monkeypatch):
    with session_factory.begin() as s:
        bulk_claims(s, ROWS, actors["applicant"].user_id)
        job_id = exports.request_export(s, actors["bureau"], "training", {}, NOW).id
    steps: list[int] = []
    report = exports._progress

    def recording(factory, job, clock, **values):
        if "done_rows" in values and "status" not in values:
            steps.append(values["done_rows"])
        report(factory, job, clock, **values)

    monkeypatch.setattr(exports, "_progress", recording)
    assert exports.run_pending(session_factory, lambda: NOW) == [job_id]
    with session_factory() as s:
        job = s.get(ExportJob, job_id)
        data = s.scalar(select(ExportJob.content).where(ExportJob.id == job_id))
    assert (job.status, job.total_rows, job.done_rows, job.error) == ("done", ROWS, ROWS, None)
    # Progress was committed every 2,000 rows, then once at the end.
    assert steps == [*range(2000, ROWS + 1, 2000), ROWS]
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    assert int(LAST_ROW.search(sheet[-4000:]).group(1)) == ROWS + 2  # title, headings, rows
    first = next(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(
        min_row=3, max_row=3, values_only=True))
    assert first[:2] == (1, "张0") and first[13] == "BT2026-00000000"


def test_a_job_left_by_a_dead_worker_is_taken_again(session_factory, actors):
    with session_factory.begin() as s:
        stale = exports.request_export(s, actors["admin"], "users", {}, NOW)
        busy = exports.request_export(s, actors["admin"], "processes", {}, NOW)
        stale.status, stale.heartbeat_at = "running", NOW - timedelta(minutes=6)
        busy.status, busy.heartbeat_at = "running", NOW - timedelta(minutes=1)
        ids = stale.id, busy.id
    assert exports.run_pending(session_factory, lambda: NOW) == [ids[0]]
    with session_factory() as s:
        assert [s.get(ExportJob, i).status for i in ids] == ["done", "running"]
        rows = list(load_workbook(io.BytesIO(exports.content(s, actors["admin"], ids[0])[1]))
                    .active.iter_rows(values_only=True))
    assert [r[1] for r in rows[2:]][:2] == ["admin", "applicant"]


def test_failures_are_recorded_and_old_files_purged(session_factory, actors):
    with session_factory.begin() as s:
        job = ExportJob(kind="no-such-kind", params={}, requested_by=actors["admin"].user_id,
                        role="administrator", status="queued", done_rows=0, created_at=NOW,
                        filename="x.xlsx")
        s.add(job)
        s.flush()
        job_id = job.id
        with pytest.raises(ForbiddenError):
            exports.request_export(s, actors["applicant"], "training", {}, NOW)
    exports.run_pending(session_factory, lambda: NOW)
    with session_factory() as s:
        failed = s.get(ExportJob, job_id)
        assert failed.status == "failed" and "no such export" in failed.error
    exports.run_pending(session_factory, lambda: NOW + timedelta(days=8))
    with session_factory() as s:
        assert s.get(ExportJob, job_id) is None


def test_an_officer_demoted_while_their_export_is_built_never_gets_the_file(
        session_factory, actors, monkeypatch):
    """The administrator's change lands while the worker writes: the job stays withdrawn and
    the finished file is not stored over it (nor served: the download checks the account)."""
    from workflow.services import users

    with session_factory.begin() as s:
        job_id = exports.request_export(s, actors["finance"], "batches", {}, NOW).id
    writer = exports.write_xlsx

    def demoting(out, sheet, rows, progress):
        with session_factory.begin() as s:
            users.update_user(s, actors["admin"], actors["finance"].user_id,
                              "department_reviewer", "market", True)
        return writer(out, sheet, rows, progress)

    monkeypatch.setattr(exports, "write_xlsx", demoting)
    assert exports.run_pending(session_factory, lambda: NOW) == [job_id]
    with session_factory() as s:
        job = s.get(ExportJob, job_id)
        assert (job.status, job.error) == ("withdrawn", exports.WITHDRAWN)
        assert s.scalar(select(ExportJob.content).where(ExportJob.id == job_id)) is None
        with pytest.raises(ForbiddenError):
            exports.content(s, actors["finance"], job_id)
    exports.run_pending(session_factory, lambda: NOW + timedelta(days=8))
    with session_factory() as s:
        assert s.get(ExportJob, job_id) is None  # withdrawn before it finished: purged too
