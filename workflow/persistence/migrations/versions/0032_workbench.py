"""the reviewers' workbench: task holds and canned reasons per stage

Issue 18 item 8. `task_holds` records who works a task now (one row per task: its unique task
id makes two reviewers claiming at once end with one holder) until it is decided, released or
expires. `canned_reasons` holds the reasons reviewers of each stage pick for a return or a
rejection, kept by administrators; seeded with workflow.domain.canned_reasons.SEEDED.

Revision ID: 0032
Revises: 0023
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from workflow.domain.canned_reasons import SEEDED
from workflow.persistence.types import UTCDateTime

revision = "0032"
down_revision = "0023"
branch_labels = None
depends_on = None

SEEDED_AT = datetime(2026, 12, 6, tzinfo=UTC)


def upgrade() -> None:
    op.create_table(
        "task_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["holder_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_id"),
    )
    op.create_index("ix_task_holds_claim_id", "task_holds", ["claim_id"])
    reasons = op.create_table(
        "canned_reasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_canned_reasons_stage", "canned_reasons", ["stage", "position", "id"])
    positions: dict[str, int] = {}
    rows = []
    for stage, text in SEEDED:
        positions[stage] = positions.get(stage, 0) + 1
        rows.append({"stage": stage, "text": text, "position": positions[stage],
                     "changed_by": None, "changed_at": SEEDED_AT})
    op.bulk_insert(reasons, rows)


def downgrade() -> None:
    op.drop_index("ix_canned_reasons_stage", table_name="canned_reasons")
    op.drop_table("canned_reasons")
    op.drop_index("ix_task_holds_claim_id", table_name="task_holds")
    op.drop_table("task_holds")
