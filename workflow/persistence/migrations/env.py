"""Alembic environment: the URL comes from the caller (`butie init`), never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, pool

from workflow.persistence.db import make_engine
from workflow.persistence.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"),  # type: ignore[arg-type]
                         config.attributes.get("keyring"), poolclass=pool.NullPool)
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild a table (copy, drop, rename) that others reference: the
            # drop would fail with foreign keys on. The pragma works only outside a
            # transaction, so on the driver's connection (autocommit) before SQLAlchemy begins.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        _run(conn)
        if sqlite:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migrations left broken references: {broken[:5]}")


def _run(connection: Connection) -> None:
    # render_as_batch lets later migrations alter SQLite tables (it rebuilds them).
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
