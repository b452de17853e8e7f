"""`butie backup` and `butie restore` round trips on SQLite and PostgreSQL: claims, workflow
state, queue rows, the audit chain and the scans come back as they were, and a restored claim
goes on through its lifecycle. A bad backup file is refused before anything is replaced."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from tests.conftest import claim_input
from tests.integration.helpers import applicant_for, decide, file, id_number_of, publish
from web import create_app
from web.cli import cli
from workflow.persistence.files import FileStore
from workflow.persistence.models import Attachment, AuditEvent, Claim, HumanTask
from workflow.services import attachments, audit
from workflow.services.runtime import build_runtime

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _butie(db_url: str, uploads: Path, *args: str):
    app = create_app({"DATABASE_URL": db_url, "UPLOAD_FOLDER": str(uploads)})
    try:
        return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))
    finally:
        app.extensions["butie.engine"].dispose()


def _snapshot(f) -> dict[str, list]:
    with f() as s:
        claims = [(c.id, c.reference, c.stage, c.status, c.version, c.rev, c.amount_fen,
                   c.state) for c in s.scalars(select(Claim).order_by(Claim.id))]
        tasks = s.execute(select(HumanTask.claim_id, HumanTask.task_id, HumanTask.lane,
                                 HumanTask.scope).order_by(HumanTask.id)).all()
        events = s.execute(select(AuditEvent.id, AuditEvent.seq, AuditEvent.hash)
                           .order_by(AuditEvent.seq)).all()
        scans = s.execute(select(Attachment.storage_key, Attachment.sha256)).all()
    return {"claims": claims, "tasks": tasks, "events": events, "scans": scans}


@pytest.fixture
def world(session_factory, actors, clock, tmp_path):
    """One claim on public notice and one at department review with a scan."""
    f, rt = session_factory, build_runtime(clock=lambda: clock[0])
    store = FileStore(tmp_path / "uploads")
    noticed = file(f, rt, actors["applicant"], claim_input())
    for who in ("township", "department", "bureau"):
        decide(f, rt, actors[who], noticed, "approve")
    publish(f, rt, actors["bureau"])
    person = applicant_for(f, actors, 2)
    waiting = file(f, rt, person, claim_input(certificate_number="TZ-B",
                                              id_number=id_number_of(f, person)))
    with f.begin() as s:
        attachments.store(s, store, person, attachments.Upload("certificate_scan", "证书.png",
                                                                 PNG), clock[0], 10**6,
                          claim_id=waiting)
    decide(f, rt, actors["township"], waiting, "approve")
    return {"store": store, "waiting": waiting, "person": person}


def test_round_trip_restores_everything_and_the_claim_goes_on(db_url, session_factory, actors,
                                                               clock, world, tmp_path):
    f, store, uploads = session_factory, world["store"], tmp_path / "uploads"
    before = _snapshot(f)
    target = tmp_path / "butie.backup"
    made = _butie(db_url, uploads, "backup", str(target))
    assert made.exit_code == 0, made.output
    assert f"{len(before['claims'])} claim(s), {len(before['events'])} audit event(s), 1 file" \
        in made.output

    # Life goes on after the backup; the restore must undo all of it.
    rt = build_runtime(clock=lambda: clock[0])
    decide(f, rt, actors["department"], world["waiting"], "approve")
    file(f, rt, actors["applicant"], claim_input(certificate_number="TZ-AFTER"))
    [key] = [k for k, _ in before["scans"]]
    store.delete(key)
    assert _snapshot(f) != before

    restored = _butie(db_url, uploads, "restore", "--yes", str(target))
    assert restored.exit_code == 0, restored.output
    assert f"audit chain intact: {len(before['events'])} event(s)" in restored.output
    assert _snapshot(f) == before
    assert store.read(key) == PNG

    # The restored claim continues from where the backup left it, on a fresh runtime.
    rt = build_runtime(clock=lambda: clock[0])
    decide(f, rt, actors["department"], world["waiting"], "approve")
    decide(f, rt, actors["bureau"], world["waiting"], "approve")
    with f() as s:
        assert s.get(Claim, world["waiting"]).stage == "awaiting_notice"
        verdict = audit.verify_chain(s)
    assert verdict.intact and verdict.events == len(before["events"]) + 2


def _tar(path: Path, entries: dict[str, bytes]) -> None:
    with tarfile.open(path, "w") as tar:
        for name, body in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))


def test_a_bad_backup_is_refused_and_nothing_is_replaced(db_url, session_factory, world,
                                                          tmp_path):
    f, uploads = session_factory, tmp_path / "uploads"
    before = _snapshot(f)
    good = tmp_path / "good.backup"
    assert _butie(db_url, uploads, "backup", str(good)).exit_code == 0
    with tarfile.open(good) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        database = tar.extractfile(tar.getmember(next(
            n for n in tar.getnames() if n.startswith("database.")))).read()
    other = "postgresql" if manifest["backend"] == "sqlite" else "sqlite"
    ours = json.dumps(manifest).encode()
    dump = f"database.{'sqlite' if other == 'postgresql' else 'pgdump'}"
    cases = {
        "not a tar": (None, "cannot read"),
        "no manifest": ({dump: database}, "not a butie backup"),
        "path trick": ({"manifest.json": ours, dump: database, "uploads/../../escaped": b"x"},
                       "unexpected entry"),
        "other backend": ({"manifest.json": json.dumps(dict(manifest, backend=other)).encode()},
                          f"this is a {other} backup"),
        "damaged database": ({"manifest.json": ours, dump: b"garbage" * 100},
                             "damaged" if other == "postgresql" else "pg_restore failed"),
    }
    for name, (entries, message) in cases.items():
        path = tmp_path / f"{name}.backup"
        if entries is None:
            path.write_bytes(b"plain text, not an archive")
        else:
            _tar(path, entries)
        answer = _butie(db_url, uploads, "restore", "--yes", str(path))
        assert answer.exit_code != 0, name
        assert message in answer.output, (name, answer.output)
        assert _snapshot(f) == before, name
    assert not (tmp_path / "escaped").exists()
