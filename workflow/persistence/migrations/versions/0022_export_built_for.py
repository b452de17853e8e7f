"""the role and scope an export was built for

An export holds what its asker's role and scope saw (whole accounts for finance, a township's
claims): it is served only while the account is active and still holds them. Existing jobs take
their asker's role and scope as they are now.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("export_jobs") as batch:
        batch.add_column(sa.Column("role", sa.String(32), nullable=True))
        batch.add_column(sa.Column("scope", sa.String(64), nullable=True))
    op.execute("UPDATE export_jobs SET "
               "role = (SELECT users.role FROM users WHERE users.id = export_jobs.requested_by), "
               "scope = (SELECT users.scope FROM users WHERE users.id = export_jobs.requested_by)")


def downgrade() -> None:
    with op.batch_alter_table("export_jobs") as batch:
        batch.drop_column("scope")
        batch.drop_column("role")
