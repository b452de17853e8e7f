"""enterprise payees: enterprises, the rosters of workers they file for, a claim's payee kind

Issue 19 item 3. `enterprises` holds an enterprise account's details (its credit code unique,
its bank account sealed and hashed like an applicant's); `roster_rows` the workers of an
enterprise's claim, each ID number sealed and hashed, with the subsidy it takes (`slot`):
unique with the worker, so no worker is counted in two claims, also when two enterprises file
at the same moment. `claims.payee_kind` says whom a claim pays (existing claims: the applicant).

Revision ID: 0035
Revises: 0033
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

SEALED = 128


def upgrade() -> None:
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("township", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("bank_name", sa.String(length=64), nullable=False),
        sa.Column("account_number", sa.String(length=SEALED), nullable=False),
        sa.Column("account_number_hash", sa.String(length=32), nullable=False),
        sa.Column("account_holder", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
        sa.UniqueConstraint("credit_code"),
    )
    op.create_index("ix_enterprises_account_number_hash", "enterprises",
                    ["account_number_hash"])
    op.create_table(
        "roster_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=SEALED), nullable=False),
        sa.Column("id_number_hash", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=48), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slot", "id_number_hash", name="uq_roster_rows_slot"),
    )
    op.create_index("ix_roster_rows_claim_id", "roster_rows", ["claim_id"])
    op.create_index("ix_roster_rows_id_number_hash", "roster_rows", ["id_number_hash"])
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("payee_kind", sa.String(length=16), nullable=False,
                                   server_default="applicant"))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("payee_kind")
    op.drop_index("ix_roster_rows_id_number_hash", table_name="roster_rows")
    op.drop_index("ix_roster_rows_claim_id", table_name="roster_rows")
    op.drop_table("roster_rows")
    op.drop_index("ix_enterprises_account_number_hash", table_name="enterprises")
    op.drop_table("enterprises")
