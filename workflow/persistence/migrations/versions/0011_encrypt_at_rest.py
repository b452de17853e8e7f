"""ID numbers, bank accounts, workflow states, drafts and exports encrypted at rest

Adds claims.id_number_hash (the keyed hash the duplicate and cap checks look people up by),
drops the plaintext index on claims.id_number, widens the encrypted columns, and encrypts the
existing rows in place with the configured data key (`butie init` passes it). Downgrade
decrypts them again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from workflow.persistence.crypto import BYTES_PREFIX, TEXT_PREFIX, DataKeyError, Keyring

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SEALED = 128
BATCH = 5000
# (table, column, kind): text columns hold "enc1:…", the draft's JSON holds one such string,
# the export's bytes start with BTE1.
COLUMNS = (("users", "id_number", "text"), ("claims", "id_number", "text"),
           ("claims", "account_number", "text"), ("claims", "state", "text"),
           ("payment_lines", "account_number", "text"), ("claim_drafts", "values", "json"),
           ("export_jobs", "content", "bytes"))


def _keyring() -> Keyring | None:
    return context.config.attributes.get("keyring")  # type: ignore[no-any-return]


def _table(name: str, column: str, kind: str) -> sa.TableClause:
    kinds: dict[str, sa.types.TypeEngine[Any]] = {"text": sa.Text(), "json": sa.JSON(),
                                                  "bytes": sa.LargeBinary()}
    return sa.table(name, sa.column("id", sa.Integer()), sa.column(column, kinds[kind]))


def _sealed(value: Any, kind: str) -> bool:
    if kind == "bytes":
        return bytes(value).startswith(BYTES_PREFIX)
    return isinstance(value, str) and value.startswith(TEXT_PREFIX)


def _rewrite(name: str, column: str, kind: str, change: Callable[[Any], Any],
             wanted: bool) -> None:
    """Rewrite the column's values that are (wanted=True: not yet) sealed, in batches by id."""
    connection = op.get_bind()
    table = _table(name, column, kind)
    col = table.c[column]
    last = 0
    while True:
        rows = connection.execute(sa.select(table.c.id, col).where(
            table.c.id > last, col.is_not(None)).order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        last = rows[-1][0]
        todo = [(i, v) for i, v in rows if v not in ("", b"") and _sealed(v, kind) != wanted]
        if todo:
            connection.execute(sa.update(table).where(table.c.id == sa.bindparam("row_id"))
                               .values({column: sa.bindparam("value")}),
                               [{"row_id": i, "value": change(v)} for i, v in todo])


def _needs_key() -> Keyring:
    keyring = _keyring()
    if keyring is None:
        raise DataKeyError("the database holds ID numbers and accounts to encrypt: set "
                           "BUTIE_DATA_KEY (or let `butie init` make the key file) first")
    return keyring


def _has_rows() -> bool:
    connection = op.get_bind()
    return any(connection.scalar(sa.text(f"SELECT count(*) FROM {t}"))
               for t in {t for t, _, _ in COLUMNS})


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("id_number", type_=sa.String(length=SEALED),
                              existing_type=sa.String(length=18), existing_nullable=True)
    with op.batch_alter_table("payment_lines") as batch_op:
        batch_op.alter_column("account_number", type_=sa.String(length=SEALED),
                              existing_type=sa.String(length=32), existing_nullable=False)
    with op.batch_alter_table("claims") as batch_op:
        batch_op.drop_index("ix_claims_id_number")
        batch_op.alter_column("id_number", type_=sa.String(length=SEALED),
                              existing_type=sa.String(length=18), existing_nullable=False)
        batch_op.alter_column("account_number", type_=sa.String(length=SEALED),
                              existing_type=sa.String(length=32), existing_nullable=False)
        batch_op.add_column(sa.Column("id_number_hash", sa.String(length=32), nullable=True))
    if _has_rows():
        _encrypt(_needs_key())
    with op.batch_alter_table("claims") as batch_op:
        batch_op.alter_column("id_number_hash", existing_type=sa.String(length=32),
                              nullable=False)
        batch_op.create_index("ix_claims_id_number_hash", ["id_number_hash"], unique=False)


def _encrypt(keyring: Keyring) -> None:
    claims = sa.table("claims", sa.column("id", sa.Integer()), sa.column("id_number", sa.Text()),
                      sa.column("id_number_hash", sa.String()))
    connection = op.get_bind()
    last = 0
    while True:  # the hashes first, from the plaintext
        rows = connection.execute(sa.select(claims.c.id, claims.c.id_number).where(
            claims.c.id > last).order_by(claims.c.id).limit(BATCH)).all()
        if not rows:
            break
        last = rows[-1][0]
        connection.execute(sa.update(claims).where(claims.c.id == sa.bindparam("row_id"))
                           .values(id_number_hash=sa.bindparam("value")),
                           [{"row_id": i, "value": keyring.lookup_hash(
                               keyring.decrypt(v) if v.startswith(TEXT_PREFIX) else v)}
                            for i, v in rows])
    change = {"text": keyring.encrypt, "json": lambda v: keyring.encrypt(json.dumps(
        v, ensure_ascii=False)), "bytes": lambda v: keyring.seal(bytes(v))}
    for name, column, kind in COLUMNS:
        _rewrite(name, column, kind, change[kind], wanted=True)


def downgrade() -> None:
    if _has_rows():
        keyring = _needs_key()
        change = {"text": keyring.decrypt, "json": lambda v: json.loads(keyring.decrypt(v)),
                  "bytes": lambda v: keyring.open(bytes(v))}
        for name, column, kind in COLUMNS:
            _rewrite(name, column, kind, change[kind], wanted=False)
    with op.batch_alter_table("claims") as batch_op:
        batch_op.drop_index("ix_claims_id_number_hash")
        batch_op.drop_column("id_number_hash")
        batch_op.alter_column("account_number", type_=sa.String(length=32),
                              existing_type=sa.String(length=SEALED), existing_nullable=False)
        batch_op.alter_column("id_number", type_=sa.String(length=18),
                              existing_type=sa.String(length=SEALED), existing_nullable=False)
        batch_op.create_index("ix_claims_id_number", ["id_number"], unique=False)
    with op.batch_alter_table("payment_lines") as batch_op:
        batch_op.alter_column("account_number", type_=sa.String(length=32),
                              existing_type=sa.String(length=SEALED), existing_nullable=False)
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("id_number", type_=sa.String(length=18),
                              existing_type=sa.String(length=SEALED), existing_nullable=True)
