"""the reviewers' workbench: task holds and canned reasons per stage

Issue 18 item 8. `task_holds` records who works a task now (one row per task: its unique task
id makes two reviewers claiming at once end with one holder) until it is decided, released or
expires. `canned_reasons` holds the reasons reviewers of each stage pick for a return or a
rejection, kept by administrators; seeded with the reasons below (a copy of
workflow.domain.canned_reasons.SEEDED as it was: a migration must not change when the code does).

Revision ID: 0032
Revises: 0023
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from workflow.persistence.types import UTCDateTime

revision = "0032"
down_revision = "0023"
branch_labels = None
depends_on = None

SEEDED_AT = datetime(2026, 12, 6, tzinfo=UTC)
SEEDED: tuple[tuple[str, str], ...] = (
    ("township_review",
     "身份证扫描件不清晰，无法核实申请人身份（003 三（三）：乡镇审核人员身份）"),
    ("township_review",
     "申请人姓名或身份证号与身份证件不一致（003 三（三）：乡镇审核人员身份）"),
    ("township_review",
     "户籍不在彭阳县，不属于补贴对象（003 二（三）：彭阳户籍）"),
    ("township_review",
     "无法确认申请人属于五类人员或符合条件的企业职工（003 二（三）：补贴对象）"),
    ("township_review",
     "收款账户不是申请人本人的账户（003 二（三）：补贴资金直补个人）"),
    ("department_review",
     "证书扫描件不清晰，无法核对证书信息（003 三（三）：行业主管部门审核取证情况）"),
    ("department_review",
     "证书编号无法核实或与证书扫描件不一致（003 三（三）：审核取证情况）"),
    ("department_review",
     "证书名称与所选补贴目录条目不符（附件1：彭阳县职业资格培训补贴目录）"),
    ("department_review",
     "证书不是在方案实施期内（2026年—2028年）取得（003 二（三））"),
    ("department_review",
     "证书持有人与申请人不一致（003 三（三）：审核取证情况）"),
    ("bureau_acceptance",
     "申请人享受补贴已达2次（003 二（三）：每人享受补贴不超过2次）"),
    ("bureau_acceptance",
     "同一证书已在另一件申请中申领补贴（002 二（十三）：查处骗取套取培训资金）"),
    ("bureau_acceptance",
     "乡镇或行业主管部门的审核意见与申请材料不符（003 三（三）：县人社局组织验收）"),
)


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
