"""Database engines: SQLite (WAL, one writer at a time) by default, PostgreSQL by URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from workflow.persistence import audit_chain
from workflow.persistence.crypto import Keyring, attach

READ_ONLY = "butie_read_only"


def read_only(engine: Engine) -> Engine:
    """The same engine for transactions that only read (plain BEGIN on SQLite)."""
    return engine.execution_options(**{READ_ONLY: True})


def make_engine(url: str, keyring: Keyring | None = None, **kwargs: Any) -> Engine:
    """An engine configured for the backend named by `url`, sealing and opening the encrypted
    columns with `keyring` (without one, touching them fails with DataKeyError)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return attach(engine, keyring)
    return attach(create_engine(url, pool_pre_ping=True, **kwargs), keyring)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so BEGIN IMMEDIATE below applies.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: two writers then queue instead of one failing with
        # SQLITE_BUSY_SNAPSHOT after both read the same version; the second sees the first's
        # commit and gets a clean version conflict. Read-only work (READ_ONLY option) takes
        # no lock, so pages and queues never wait behind a writer.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit and link the audit events they
    wrote into the hash chain as they commit."""
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "before_commit", audit_chain.link_before_commit)
    return factory
