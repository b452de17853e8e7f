"""A roster row's amount may wait for acceptance (issue 19 item 3)

Huzhou 004 二 7 (企业新型学徒制, 按每人每年最高6000元) and Lanzhou 001 四 (the winner's unit)
state no amount per worker: the row is filed without one (NULL) and priced at acceptance by the
amount an administrator sets for the kind's entry. Rows filed before all have one.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roster_rows") as batch:
        batch.alter_column("amount_fen", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Rows still waiting for their amount cannot keep it NULL: they are counted as 0 fen.
    op.execute("UPDATE roster_rows SET amount_fen = 0 WHERE amount_fen IS NULL")
    with op.batch_alter_table("roster_rows") as batch:
        batch.alter_column("amount_fen", existing_type=sa.Integer(), nullable=False)
