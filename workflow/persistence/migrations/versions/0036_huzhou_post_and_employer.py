"""a claim's industry, employer and the day employment started (Huzhou 004 一 2, 一 3, 二 5)

Issue 19 item 3: Huzhou's kinds that depend on where the person works. 一 2 pays a special-ability
certificate of the listed industries; 一 3 a certificate in elderly care, e-commerce or
childcare with employment in that post at a Huzhou employer within 12 months of the
certificate; 二 5 an employer's training of the staff it has a labour relation with, reviewed by
the industry's department. `industry` (the listed industry, a code of huzhou/industries.py),
`employer` (the employer's name) and `employed_on` (the first day of employment or of the labour
relation) hold those facts; every earlier claim has none of them (NULL).

Revision ID: 0036
Revises: 0033
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

COLUMNS = (("industry", sa.String(32)), ("employer", sa.String(128)),
           ("employed_on", sa.Date()))


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
