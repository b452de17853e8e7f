"""claims under other policy packs: the pack's facts and the installments fixed at acceptance

Revision ID: 0013
Revises: 0014
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0014"
branch_labels = None
depends_on = None

COLUMNS = (
    ("subsidy_kind", sa.String(length=32)),
    ("class_hours", sa.Integer()),
    ("course", sa.String(length=16)),
    ("fee_fen", sa.Integer()),
    ("years", sa.Integer()),
    ("installments", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
