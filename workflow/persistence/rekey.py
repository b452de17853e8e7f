"""`butie rekey`: everything encrypted under an older data key sealed again under the current
one, and the lookup hashes recomputed, so the old key can then be dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from workflow.persistence.crypto import Keyring, keyring_of

# (table, column, kind) of every encrypted column (models.py: the Encrypted* types).
ENCRYPTED = (("users", "id_number", "text"), ("claims", "id_number", "text"),
             ("claims", "account_number", "text"), ("claims", "state", "text"),
             ("payment_lines", "account_number", "text"), ("claim_drafts", "values", "json"),
             ("export_jobs", "content", "bytes"), ("enterprises", "account_number", "text"),
             ("roster_rows", "id_number", "text"))
# (table, column) of every lookup hash: `<column>_hash` beside the encrypted `<column>`.
HASHED = (("claims", "id_number"), ("users", "id_number"), ("claims", "account_number"),
          ("enterprises", "account_number"), ("roster_rows", "id_number"))
_KINDS: dict[str, sa.types.TypeEngine[Any]] = {"text": sa.Text(), "json": sa.JSON(),
                                                "bytes": sa.LargeBinary()}


def rekey(engine: Engine, batch: int = 1000,
          progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Re-seal what is not under the current key, a batch per transaction; returns how many
    values of each column were rewritten. Safe while the service runs: a row changed in the
    meantime is left alone (whoever changed it sealed it under the current key)."""
    keyring = keyring_of(engine.dialect)
    done: dict[str, int] = {}
    for table, column, kind in ENCRYPTED:
        done[f"{table}.{column}"] = _column(engine, keyring, table, column, kind, batch)
        if progress is not None:
            progress(f"{table}.{column}", done[f"{table}.{column}"])
    for table, column in HASHED:
        done[f"{table}.{column}_hash"] = _hashes(engine, keyring, batch, table, column)
    return done


def _reseal(keyring: Keyring, value: Any, kind: str) -> Any:
    if kind == "bytes":
        return keyring.seal(keyring.open(bytes(value)))
    return keyring.encrypt(keyring.decrypt(value))


def _column(engine: Engine, keyring: Keyring, name: str, column: str, kind: str,
            batch: int) -> int:
    table = sa.table(name, sa.column("id", sa.Integer()), sa.column(column, _KINDS[kind]))
    col, last, count = table.c[column], 0, 0
    # Compare-and-set on the old sealed value (JSON columns compare as text on PostgreSQL).
    guard = sa.cast(col, sa.Text()) == sa.cast(sa.bindparam("old", type_=_KINDS[kind]),
                                                sa.Text()) if kind == "json" else \
        col == sa.bindparam("old")
    update = sa.update(table).where(table.c.id == sa.bindparam("row_id"), guard) \
        .values({column: sa.bindparam("new")})
    while True:
        with engine.begin() as connection:
            rows = connection.execute(sa.select(table.c.id, col).where(
                table.c.id > last, col.is_not(None)).order_by(table.c.id).limit(batch)).all()
            if not rows:
                return count
            last = rows[-1][0]
            stale = [{"row_id": i, "old": v, "new": _reseal(keyring, v, kind)} for i, v in rows
                     if v not in ("", b"") and not keyring.is_current(
                         bytes(v) if kind == "bytes" else v)]
            if stale:
                connection.execute(update, stale)
                count += len(stale)


def _hashes(engine: Engine, keyring: Keyring, batch: int, table: str, column: str) -> int:
    rows_of = sa.table(table, sa.column("id", sa.Integer()), sa.column(column, sa.Text()),
                       sa.column(f"{column}_hash", sa.String()))
    sealed, hashed = rows_of.c[column], rows_of.c[f"{column}_hash"]
    last = count = 0
    while True:
        with engine.begin() as connection:
            rows = connection.execute(sa.select(rows_of.c.id, sealed, hashed).where(
                rows_of.c.id > last, sealed.is_not(None))
                .order_by(rows_of.c.id).limit(batch)).all()
            if not rows:
                return count
            last = rows[-1][0]
            changed = [{"row_id": i, "sealed": v, "new": h} for i, v, old in rows
                       if (h := keyring.lookup_hash(keyring.decrypt(v))) != old]
            if changed:
                connection.execute(sa.update(rows_of).where(
                    rows_of.c.id == sa.bindparam("row_id"), sealed == sa.bindparam("sealed"))
                    .values({f"{column}_hash": sa.bindparam("new")}), changed)
                count += len(changed)
