"""tamper-evident audit chain; login attempts; indexes for queues at scale

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.domain.audit_chain import GENESIS, link
from workflow.persistence.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The audit table as this revision knows it (not the models, which may grow later).
_events = sa.table(
    "audit_events", sa.column("id", sa.Integer), sa.column("claim_id", sa.Integer),
    sa.column("at", UTCDateTime), sa.column("actor_id", sa.Integer),
    sa.column("actor_role", sa.String), sa.column("action", sa.String),
    sa.column("stage", sa.String), sa.column("task_name", sa.String),
    sa.column("decision", sa.String), sa.column("comment", sa.Text),
    sa.column("changes", sa.JSON), sa.column("seq", sa.Integer),
    sa.column("prev_hash", sa.String), sa.column("hash", sa.String))
_head = sa.table("audit_chain_head", sa.column("id", sa.Integer), sa.column("seq", sa.Integer),
                 sa.column("hash", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch.create_index("uq_audit_events_seq", ["seq"], unique=True)
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _link_existing_events()
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempts_username", "login_attempts", ["username", "at"])
    op.create_index("ix_login_attempts_address", "login_attempts", ["address", "at"])
    op.create_index("ix_login_attempts_at", "login_attempts", ["at"])
    _queue_indexes()


def _queue_indexes() -> None:
    """Indexes the queue, its counts and name search read at a million claims."""
    op.drop_index("ix_human_tasks_queue", table_name="human_tasks")
    op.create_index("ix_human_tasks_queue", "human_tasks", ["lane", "scope", "created_at", "id"])
    op.create_index("ix_human_tasks_stage", "human_tasks",
                    ["lane", "scope", "stage", "created_at", "id"])
    if op.get_bind().dialect.name == "postgresql":  # LIKE 'x%' needs text_pattern_ops there
        op.drop_index("ix_claims_full_name", table_name="claims")
        op.create_index("ix_claims_full_name", "claims", ["full_name"],
                        postgresql_ops={"full_name": "text_pattern_ops"})


def _link_existing_events() -> None:
    """Events recorded before the chain existed are linked in id order."""
    connection = op.get_bind()
    rows = [dict(r._mapping) for r in connection.execute(
        sa.select(_events).order_by(_events.c.id))]
    seq, last = link(rows, 0, GENESIS)
    if rows:
        connection.execute(
            _events.update().where(_events.c.id == sa.bindparam("event_id"))
            .values(seq=sa.bindparam("s"), prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")),
            [{"event_id": r["id"], "s": r["seq"], "p": r["prev_hash"], "h": r["hash"]}
             for r in rows])
    connection.execute(_head.insert().values(id=1, seq=seq, hash=last))


def downgrade() -> None:
    op.drop_index("ix_human_tasks_stage", table_name="human_tasks")
    op.drop_index("ix_human_tasks_queue", table_name="human_tasks")
    op.create_index("ix_human_tasks_queue", "human_tasks", ["lane", "scope", "created_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_claims_full_name", table_name="claims")
        op.create_index("ix_claims_full_name", "claims", ["full_name"])
    op.drop_table("login_attempts")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_index("uq_audit_events_seq")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
