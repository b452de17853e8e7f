"""claims.account_number_hash: one bank account on claims of two people is flagged by its
keyed hash

The account column is encrypted (0011), so the automatic check that finds another applicant's
claim naming the same account looks it up by an HMAC of the account, as earlier claims of a
person are found by claims.id_number_hash. Existing claims get theirs from the decrypted
account, in batches (`butie init` passes the data key).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from workflow.persistence.crypto import TEXT_PREFIX, DataKeyError, Keyring

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch_op:
        batch_op.add_column(sa.Column("account_number_hash", sa.String(length=32),
                                      nullable=True))
    _backfill()
    with op.batch_alter_table("claims") as batch_op:
        batch_op.alter_column("account_number_hash", existing_type=sa.String(length=32),
                              nullable=False)
        batch_op.create_index("ix_claims_account_number_hash", ["account_number_hash"],
                              unique=False)


def _backfill() -> None:
    claims = sa.table("claims", sa.column("id", sa.Integer()),
                      sa.column("account_number", sa.Text()),
                      sa.column("account_number_hash", sa.String()))
    connection = op.get_bind()
    keyring: Keyring | None = context.config.attributes.get("keyring")
    last = 0
    while True:
        rows = connection.execute(sa.select(claims.c.id, claims.c.account_number).where(
            claims.c.id > last).order_by(claims.c.id).limit(BATCH)).all()
        if not rows:
            return
        if keyring is None:
            raise DataKeyError("claims hold encrypted bank accounts: set BUTIE_DATA_KEY (or let "
                               "`butie init` make the key file) first")
        last = rows[-1][0]
        connection.execute(sa.update(claims).where(claims.c.id == sa.bindparam("row_id"))
                           .values(account_number_hash=sa.bindparam("value")),
                           [{"row_id": i, "value": keyring.lookup_hash(
                               keyring.decrypt(v) if v.startswith(TEXT_PREFIX) else v)}
                            for i, v in rows])


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch_op:
        batch_op.drop_index("ix_claims_account_number_hash")
        batch_op.drop_column("account_number_hash")
