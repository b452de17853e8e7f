"""notice batches, their entries, late objections

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("authority", sa.String(length=128), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("contact_office", sa.String(length=128), nullable=False),
        sa.Column("contact_phone", sa.String(length=64), nullable=False),
        sa.Column("contact_address", sa.String(length=256), nullable=False),
        sa.Column("corrects_id", sa.Integer(), sa.ForeignKey("notice_batches.id"), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("year", "sequence"),
    )
    op.create_index("ix_notice_batches_starts_on", "notice_batches", ["starts_on"])
    op.create_table(
        "notice_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("notice_batches.id"), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("masked_id", sa.String(length=18), nullable=False),
        sa.Column("township", sa.String(length=32), nullable=False),
        sa.Column("certificate", sa.String(length=128), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "row_number"),
    )
    op.create_index("ix_notice_entries_batch_id", "notice_entries", ["batch_id"])
    op.create_index("ix_notice_entries_claim_id", "notice_entries", ["claim_id"])
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("notice_batch_id", sa.Integer(), nullable=True))
        batch.create_index("ix_claims_notice_batch_id", ["notice_batch_id"])
        batch.create_foreign_key("fk_claims_notice_batch", "notice_batches",
                                 ["notice_batch_id"], ["id"])
    with op.batch_alter_table("objections") as batch:
        batch.add_column(sa.Column("objector_name", sa.String(length=64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("late", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("source_address", sa.String(length=64), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("objections") as batch:
        batch.drop_column("source_address")
        batch.drop_column("late")
        batch.drop_column("objector_name")
    with op.batch_alter_table("claims") as batch:
        batch.drop_constraint("fk_claims_notice_batch", type_="foreignkey")
        batch.drop_index("ix_claims_notice_batch_id")
        batch.drop_column("notice_batch_id")
        batch.drop_column("accepted_at")
    op.drop_table("notice_entries")
    op.drop_table("notice_batches")
