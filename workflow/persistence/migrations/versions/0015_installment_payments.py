"""later installments: notice rows and payment lines name the installment they carry

A claim paid in installments (Huzhou 004 4, 7; Lanzhou 000 附件2 备注3/备注4) is published and
paid once per installment, so the database's paid-once rule is per claim and installment.

Revision ID: 0015
Revises: 0013
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

PAID = sa.text("result = 'paid'")


def upgrade() -> None:
    for table in ("notice_entries", "payment_lines"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("installment", sa.Integer(), nullable=False,
                                       server_default="1"))
    op.drop_index("uq_payment_lines_paid_claim", table_name="payment_lines")
    op.create_index("uq_payment_lines_paid_claim", "payment_lines", ["claim_id", "installment"],
                    unique=True, sqlite_where=PAID, postgresql_where=PAID)


def downgrade() -> None:
    op.drop_index("uq_payment_lines_paid_claim", table_name="payment_lines")
    op.create_index("uq_payment_lines_paid_claim", "payment_lines", ["claim_id"], unique=True,
                    sqlite_where=PAID, postgresql_where=PAID)
    for table in ("payment_lines", "notice_entries"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("installment")
