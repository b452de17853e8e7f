"""the amount rule kept as the phrase it was written from

A claim's amount_rule is the English the API returns; beside it the phrase and its values
(workflow.domain.phrases.to_record), so the claim page says it in Chinese. Claims accepted
before keep showing the stored text.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("amount_rule_phrase", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("amount_rule_phrase")
