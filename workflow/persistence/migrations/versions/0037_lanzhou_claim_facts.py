"""Lanzhou New Area's claim facts the 2026 plan and its companions ask (issue 19 item 3)

000_52f3d35499bfb498.txt 附件2 备注2 (企业职工技师培训: a front-line post of the occupation, the
conditions to declare for 技师/高级技师 met, the certificate obtained through training), 备注5
(the skill certificate obtained, employment after employment-skills training, project-based
training) and 001_300a128483aeb037.txt 四 (the award won at a national skills competition).
Nullable: claims filed before, and claims of kinds that do not ask them, have none.

Revision ID: 0037
Revises: 0033
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

COLUMNS = (
    ("front_line_post", sa.Boolean()),
    ("declaration_met", sa.Boolean()),
    ("by_training", sa.Boolean()),
    ("skill_certificate", sa.String(length=32)),
    ("employed", sa.Boolean()),
    ("project_based", sa.Boolean()),
    ("award_level", sa.String(length=16)),
)


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
