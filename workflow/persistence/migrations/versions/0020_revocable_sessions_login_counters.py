"""revocable sessions and per-address login counters

users.session_epoch: a session cookie and a bearer token carry the value they were issued
under; logout, a new password, deactivation and a change of role or scope raise it, which
ends every earlier session and token of the user (api_tokens.session_epoch for tokens).

login_counters replaces login_attempts: one row per (account as typed, address) counting
failures in a row, and one per address (username "") counting failures of any account, each
updated by one atomic upsert. The attempt rows kept a day are not carried over: the counts
start from zero.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("users", "api_tokens"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False,
                                       server_default="0"))
    op.create_table(
        "login_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username", "address"),
    )
    op.create_index("ix_login_counters_username", "login_counters",
                    ["username", "last_counted_at"])
    op.create_index("ix_login_counters_last_counted_at", "login_counters", ["last_counted_at"])
    op.drop_table("login_attempts")


def downgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempts_username", "login_attempts", ["username", "at"])
    op.create_index("ix_login_attempts_address", "login_attempts", ["address", "at"])
    op.create_index("ix_login_attempts_at", "login_attempts", ["at"])
    op.drop_table("login_counters")
    for table in ("api_tokens", "users"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("session_epoch")
