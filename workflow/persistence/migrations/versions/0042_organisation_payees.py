"""organisation payees: what an organisation is, certificates paid once to person or institution

Issue 19 item 3, Huzhou 004 一 2 and 三 6. `enterprises.org_type` says what the registered
organisation is (enterprise, training institution, other entity): it decides what it may file
(existing accounts: enterprises). `certificate_slots` holds the key of each certificate a live
claim is paid for when the person or the training institution may claim it (一 2 给予个人或培训
机构): unique, so two claims filed at the same moment never both take it; a project of 三 6 takes one too, so one
organisation's project is filed once while live. `project_claims` holds the project of an
organisation's claim of 三 6 (评价项目开发资助). The live person's
claims of 一 2 filed before take theirs here. `roster_rows.slot` is widened to hold a
certificate's key (its number, 64, with a prefix).

Revision ID: 0042
Revises: 0040
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprises") as batch:
        batch.add_column(sa.Column("org_type", sa.String(length=24), nullable=False,
                                   server_default="enterprise"))
    with op.batch_alter_table("roster_rows") as batch:
        batch.alter_column("slot", existing_type=sa.String(length=48),
                           type_=sa.String(length=80), existing_nullable=True)
    op.create_table(
        "certificate_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=80), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slot", name="uq_certificate_slots_slot"),
    )
    op.create_index("ix_certificate_slots_claim_id", "certificate_slots", ["claim_id"])
    op.create_table(
        "project_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("project_name", sa.String(length=128), nullable=False),
        sa.Column("project_type", sa.String(length=24), nullable=False),
        sa.Column("industry", sa.String(length=32), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("requested_fen", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id"),
    )
    # The live 一 2 claims of persons take their certificates (the earliest claim of a number).
    op.execute(
        "INSERT INTO certificate_slots (slot, claim_id) "
        "SELECT 'hz_zx:' || UPPER(TRIM(certificate_number)), MIN(id) FROM claims "
        "WHERE policy_pack = 'huzhou' AND subsidy_kind = 'special_ability_training' "
        "AND status IN ('in_progress', 'paid') "
        "GROUP BY UPPER(TRIM(certificate_number))")


def downgrade() -> None:
    op.drop_table("project_claims")
    op.drop_index("ix_certificate_slots_claim_id", table_name="certificate_slots")
    op.drop_table("certificate_slots")
    # A certificate's key does not fit the old width: those rows give their slot back.
    op.execute("UPDATE roster_rows SET slot = NULL WHERE LENGTH(slot) > 48")
    with op.batch_alter_table("roster_rows") as batch:
        batch.alter_column("slot", existing_type=sa.String(length=80),
                           type_=sa.String(length=48), existing_nullable=True)
    with op.batch_alter_table("enterprises") as batch:
        batch.drop_column("org_type")
