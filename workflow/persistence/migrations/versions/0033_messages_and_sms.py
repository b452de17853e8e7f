"""messages read or unread, the SMS outbox, password reset codes, passwords to change

Issue 18 item 2: every milestone of a claim is a message on the site (`notifications`, now
with `read_at`) and, where a gateway is configured, an SMS (`sms_outbox`, written in the
milestone's transaction and sent after it commits). Applicants reset a forgotten password with
a code sent by SMS (`password_resets`: its keyed hash only), or in person at their township,
which gives a one-time password the next login must change (`users.must_change_password`).
Messages written before this were shown on the claim pages already: they start as read.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

STATUSES = "'pending', 'sending', 'sent', 'failed', 'expired', 'off'"


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE notifications SET read_at = created_at")
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("notification_id", sa.Integer(), sa.ForeignKey("notifications.id"),
                  nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_sms_outbox_status"),
    )
    op.create_index("ix_sms_outbox_due", "sms_outbox", ["status", "next_attempt_at"])
    op.create_index("ix_sms_outbox_user_id", "sms_outbox", ["user_id"])
    op.create_index("ix_sms_outbox_notification_id", "sms_outbox", ["notification_id"])
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("password_resets")
    op.drop_index("ix_sms_outbox_notification_id", table_name="sms_outbox")
    op.drop_index("ix_sms_outbox_user_id", table_name="sms_outbox")
    op.drop_index("ix_sms_outbox_due", table_name="sms_outbox")
    op.drop_table("sms_outbox")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("read_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
