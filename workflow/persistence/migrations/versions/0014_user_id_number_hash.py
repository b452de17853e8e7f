"""users.id_number_hash: one applicant account per ID number, checked by the keyed hash

An applicant files claims only under the ID number on their account, and no two applicant
accounts hold the same number; the column is encrypted (0011), so the check needs the hash.
Existing accounts get theirs from the decrypted number (`butie init` passes the data key).

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from workflow.persistence.crypto import TEXT_PREFIX, DataKeyError, Keyring

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("id_number_hash", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_users_id_number_hash", ["id_number_hash"], unique=False)
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("id_number", sa.Text()),
                     sa.column("id_number_hash", sa.String()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.id_number)
                              .where(users.c.id_number.is_not(None))).all()
    if not rows:
        return
    keyring: Keyring | None = context.config.attributes.get("keyring")
    if keyring is None:
        raise DataKeyError("accounts hold encrypted ID numbers: set BUTIE_DATA_KEY (or let "
                           "`butie init` make the key file) first")
    connection.execute(sa.update(users).where(users.c.id == sa.bindparam("row_id"))
                       .values(id_number_hash=sa.bindparam("value")),
                       [{"row_id": i, "value": keyring.lookup_hash(
                           keyring.decrypt(v) if v.startswith(TEXT_PREFIX) else v)}
                        for i, v in rows])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_id_number_hash")
        batch_op.drop_column("id_number_hash")
