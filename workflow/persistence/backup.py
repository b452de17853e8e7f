"""One-file backups of the database and the uploaded scans, and restoring them.

A backup is a tar archive: `manifest.json` (backend, schema revision, claim count, the audit
chain's head), the database (`database.sqlite` from SQLite's online backup API, or
`database.pgdump` from pg_dump's custom format) and `uploads/<key>` for every stored scan.
Restoring checks the manifest first, replaces the database (pg_restore in one transaction;
SQLite's backup API into the live file) and puts back any scan that is missing, then checks the
restored database against the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from sqlalchemy import Connection, func, select, text
from sqlalchemy.engine import make_url

from workflow.persistence import audit_chain
from workflow.persistence.db import make_engine
from workflow.persistence.files import FileStore
from workflow.persistence.models import Claim

FORMAT = "butie-backup/1"
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
UPLOADS = "uploads/"
# libpq reads these from the environment; the password never appears on a command line.
_PG_QUERY_ENV = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
                 "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "host": "PGHOST",
                 "connect_timeout": "PGCONNECT_TIMEOUT"}


class BackupError(Exception):
    """A backup could not be made or restored; nothing was changed by the failed restore."""


@dataclass(frozen=True)
class Manifest:
    format: str
    backend: str
    schema: str | None
    created_at: str
    claims: int
    audit_seq: int
    audit_hash: str
    files: int


def backend_of(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in DATABASE:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {backend}")
    return backend


def _facts(connection: Connection) -> tuple[str | None, int, int, str]:
    """Schema revision, claim count and audit head, as `connection` sees them."""
    schema = connection.scalar(text("SELECT version_num FROM alembic_version"))
    claims = connection.scalar(select(func.count()).select_from(Claim)) or 0
    seq, last = audit_chain.head(connection)
    return schema, claims, seq, last


def facts_of(url: str) -> tuple[str | None, int, int, str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return _facts(connection)
    finally:
        engine.dispose()


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _read_only_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"  # as_uri escapes '?' and '#' in names


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while others keep reading and writing."""
    src = sqlite3.connect(_read_only_uri(source), uri=True, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_tool(name: str, tools: str | None) -> str:
    found = shutil.which(name, path=tools) if tools else shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client of the server's "
                          "version, or set BUTIE_PG_TOOLS to its bin directory")
    return found


def _pg_env(url: str) -> dict[str, str]:
    parsed = make_url(url)
    env = dict(os.environ)
    for key, value in (("PGHOST", parsed.host), ("PGPORT", parsed.port),
                       ("PGUSER", parsed.username), ("PGPASSWORD", parsed.password),
                       ("PGDATABASE", parsed.database)):
        if value is not None:
            env[key] = str(value)
    for name, given in parsed.query.items():  # a value, or a tuple when repeated
        if name in _PG_QUERY_ENV:
            env[_PG_QUERY_ENV[name]] = given if isinstance(given, str) else given[0]
    return env


def _run(args: list[str], url: str) -> None:
    done = subprocess.run(args, env=_pg_env(url), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def backup(url: str, store: FileStore, target: Path, now: datetime,
           pg_tools: str | None = None) -> Manifest:
    """Write a backup of the database at `url` and of `store` to `target`."""
    backend = backend_of(url)
    target = Path(target)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".butie-backup-") as tmp:
        dump = Path(tmp) / DATABASE[backend]
        if backend == "sqlite":
            _copy_sqlite(_sqlite_path(url), dump)
            # Read back from the copy, so the manifest describes exactly what was saved.
            facts = facts_of(f"sqlite:///{dump}")
        else:
            facts = _pg_dump(url, dump, pg_tools)
        schema, claims, seq, last = facts
        keys = list(store.keys())
        manifest = Manifest(FORMAT, backend, schema, now.isoformat(), claims, seq, last,
                            len(keys))
        partial = Path(tmp) / "backup.tar"
        with tarfile.open(partial, "w") as tar:
            body = json.dumps(asdict(manifest), indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(now.timestamp())
            tar.addfile(info, BytesIO(body))
            tar.add(dump, arcname=DATABASE[backend])
            for key in keys:
                tar.add(store.path_of(key), arcname=UPLOADS + key)
        partial.replace(target)  # whole or not at all
    return manifest


def _pg_dump(url: str, dump: Path, pg_tools: str | None) -> tuple[str | None, int, int, str]:
    """pg_dump of the snapshot the manifest's facts are read in, so the two agree even while
    the service keeps writing."""
    engine = make_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection:
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            facts = _facts(connection)
            _run([_pg_tool("pg_dump", pg_tools), "--format=custom", f"--snapshot={snapshot}",
                  "--file", str(dump)], url)
            connection.rollback()
    finally:
        engine.dispose()
    return facts


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
        data = json.loads(handle.read()) if handle is not None else None
        manifest = Manifest(**data)  # type: ignore[arg-type]  # None: TypeError, caught below
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError("not a butie backup (no readable manifest)") from exc
    if manifest.format != FORMAT or manifest.backend not in DATABASE:
        raise BackupError(f"unsupported backup format {manifest.format!r}")
    return manifest


def restore(url: str, store: FileStore, source: Path, pg_tools: str | None = None) -> Manifest:
    """Replace the database at `url` with the backup's and put back missing scans."""
    backend = backend_of(url)
    try:
        tar = tarfile.open(source, "r:")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {source}: {exc}") from exc
    with tar, tempfile.TemporaryDirectory(prefix="butie-restore-") as tmp:
        manifest = read_manifest(tar)
        _check_members(tar, manifest)
        if manifest.backend != backend:
            raise BackupError(f"this is a {manifest.backend} backup; the database configured "
                              f"here is {backend} (restore it into a {manifest.backend} one)")
        dump = Path(tmp) / DATABASE[backend]
        _extract(tar, DATABASE[backend], dump)
        if backend == "sqlite":
            _check_sqlite(dump)
            _copy_sqlite(dump, _sqlite_path(url))
        else:
            tool = _pg_tool("pg_restore", pg_tools)
            _run([tool, "--list", str(dump)], url)  # readable before anything is dropped
            _run([tool, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", "--exit-on-error", "--dbname",
                  make_url(url).database or "", str(dump)], url)
        _restore_files(tar, store)
    _, claims, seq, last = facts_of(url)
    if (claims, seq, last) != (manifest.claims, manifest.audit_seq, manifest.audit_hash):
        raise BackupError(f"the restored database differs from the backup's manifest: "
                          f"{claims} claims, audit head {seq} (expected {manifest.claims}, "
                          f"{manifest.audit_seq})")
    return manifest


def _check_members(tar: tarfile.TarFile, manifest: Manifest) -> None:
    """Every member is ours (before anything is replaced): no links, no paths of its own."""
    for member in tar.getmembers():
        name = member.name
        key = name.removeprefix(UPLOADS)
        known = name in (MANIFEST, DATABASE[manifest.backend]) or (
            name.startswith(UPLOADS) and FileStore.is_key(key))
        if not known or not member.isfile():
            raise BackupError(f"unexpected entry in the backup: {name!r}; nothing was restored")


def _extract(tar: tarfile.TarFile, name: str, target: Path) -> None:
    try:
        member = tar.getmember(name)
    except KeyError as exc:
        raise BackupError(f"the backup has no {name}") from exc
    source = tar.extractfile(member) if member.isfile() else None
    if source is None:
        raise BackupError(f"{name} in the backup is not a file")
    with source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)


def _check_sqlite(path: Path) -> None:
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ok = ok and connection.execute("SELECT count(*) FROM sqlite_master WHERE type = "
                                           "'table' AND name = 'alembic_version'").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the backup's database is damaged: {exc}") from exc
    if not ok:
        raise BackupError("the backup's database is damaged or not a butie database")


def _restore_files(tar: tarfile.TarFile, store: FileStore) -> int:
    restored = 0
    for member in tar:
        if not member.name.startswith(UPLOADS):
            continue
        source = tar.extractfile(member)
        if source is not None:  # checked to be a file with one of our keys
            restored += store.restore(member.name.removeprefix(UPLOADS), source)
    return restored
