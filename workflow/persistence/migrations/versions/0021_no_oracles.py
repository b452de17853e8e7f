"""rate limits shared by every web process; objections without a claim; account messages

Issue 17 items 4 and 6: `rate_limits` counts objections (page and API alike), registrations
per address and quotes that read a person's history per user. An objection by a claim number
that names no claim on notice is kept without a claim, with the number as typed, for the HR
bureau. A registration refused because its ID number already has an account tells that
account (a notification without a claim) and reserves the username it asked for.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("hits", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bucket", "key", name="uq_rate_limits_bucket_key"),
    )
    op.create_index("ix_rate_limits_updated_at", "rate_limits", ["updated_at"])
    op.create_table(
        "reserved_usernames",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    with op.batch_alter_table("objections") as batch:
        batch.alter_column("claim_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("reference", sa.String(length=32), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("claim_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM notifications WHERE claim_id IS NULL")
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("claim_id", existing_type=sa.Integer(), nullable=False)
    op.execute("DELETE FROM objections WHERE claim_id IS NULL")
    with op.batch_alter_table("objections") as batch:
        batch.drop_column("reference")
        batch.alter_column("claim_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("reserved_usernames")
    op.drop_index("ix_rate_limits_updated_at", table_name="rate_limits")
    op.drop_table("rate_limits")
