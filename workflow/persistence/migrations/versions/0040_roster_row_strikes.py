"""A reviewer may strike workers out of a roster (issue 19 item 3)

A township, department or bureau reviewer approving an enterprise's claim may strike out one
or more of its workers, each with a reason, while approving the rest. The row stays on record
(who, when, why, at which stage); it pays nothing and its slot is freed (NULL) so the worker
may be counted on another claim. Rows filed before are not struck (all NULL).

Revision ID: 0040
Revises: 0038
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roster_rows") as batch:
        batch.add_column(sa.Column("struck_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("struck_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("struck_stage", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("struck_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("roster_rows") as batch:
        for name in ("struck_reason", "struck_stage", "struck_by", "struck_at"):
            batch.drop_column(name)
