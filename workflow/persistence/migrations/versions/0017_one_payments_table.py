"""one payments table: payments recorded by hand are payment lines too; outbox results checked

A claim was paid twice on PostgreSQL: one finance officer marked it paid from its page while
another put it into a batch, and both committed (issue 17, 1). Payments recorded by hand now
leave a line without a batch, and one partial unique index refuses a second live payment
(open in a batch, or paid) of one claim's installment, whichever path writes it. Claims paid
by hand before this migration get their line, so the rule holds for them as well.

Outbox results were free text in 16 characters, and "no open payment task" did not fit (a
500 on PostgreSQL): they are now codes held by a CHECK constraint, with the attempts and the
error of an entry whose effect raised.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from workflow.persistence.types import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LIVE = sa.text("is_open OR result = 'paid'")
RESULTS = ("paid", "failed", "no_open_task", "not_applied")
BACKFILLED = "recorded by hand before payments were kept in one table (migration 0017)"


def upgrade() -> None:
    with op.batch_alter_table("payment_lines") as batch:
        batch.alter_column("batch_id", existing_type=sa.Integer(), nullable=True)
    _backfill_manual_payments()
    op.create_index("uq_payment_lines_live", "payment_lines", ["claim_id", "installment"],
                    unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    outbox = sa.table("outbox", sa.column("result", sa.String()))
    op.execute(outbox.update().where(outbox.c.result.not_in(RESULTS))
               .values(result="no_open_task"))  # the only other text ever written
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("error", sa.Text(), nullable=True))
        batch.create_check_constraint(
            "outbox_result", sa.column("result").in_(RESULTS) | sa.column("result").is_(None))


def _backfill_manual_payments() -> None:
    """A paid line for every installment a claim was paid by hand (no paid line yet)."""
    claims = sa.table("claims", *(sa.column(c) for c in (
        "id", "reference", "status", "account_holder", "bank_name", "account_number",
        "amount_fen")), sa.column("installments", sa.JSON()),
        sa.column("closed_at", UTCDateTime()), sa.column("updated_at", UTCDateTime()))
    lines = sa.table("payment_lines", *(sa.column(c) for c in (
        "batch_id", "claim_id", "row_number", "reference", "payee_name", "bank_name",
        "account_number", "amount_fen", "installment", "is_open", "result", "reason")),
        sa.column("result_at", UTCDateTime()))
    connection = op.get_bind()
    paid_lines = {(int(c), int(i)) for c, i in connection.execute(
        sa.select(lines.c.claim_id, lines.c.installment).where(lines.c.result == "paid"))}
    rows: list[dict[str, Any]] = []
    for claim in connection.execute(sa.select(claims).where(
            (claims.c.status == "paid") | claims.c.installments.is_not(None))).mappings():
        for number, amount, at in _paid_installments(claim):
            if (claim["id"], number) not in paid_lines:
                rows.append({"batch_id": None, "claim_id": claim["id"], "row_number": 0,
                             "reference": claim["reference"],
                             "payee_name": claim["account_holder"],
                             "bank_name": claim["bank_name"],
                             # Sealed values carry no column binding: the ciphertext moves as is.
                             "account_number": claim["account_number"], "amount_fen": amount,
                             "installment": number, "is_open": False, "result": "paid",
                             "reason": BACKFILLED, "result_at": at})
    if rows:
        connection.execute(lines.insert(), rows)


def _paid_installments(claim: Any) -> list[tuple[int, int, datetime]]:
    fallback = claim["closed_at"] or claim["updated_at"] or datetime.now(UTC)
    records = claim["installments"]
    if not records:
        return [(1, int(claim["amount_fen"] or 0), fallback)] if claim["status"] == "paid" \
            else []
    return [(int(r["number"]), int(r["amount_fen"]),
             datetime.fromisoformat(r["paid_at"]) if r.get("paid_at") else fallback)
            for r in records if r.get("state") == "paid"]


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("outbox_result", type_="check")
        batch.drop_column("error")
        batch.drop_column("attempts")
    op.drop_index("uq_payment_lines_live", table_name="payment_lines")
    op.execute(sa.text("DELETE FROM payment_lines WHERE batch_id IS NULL"))
    with op.batch_alter_table("payment_lines") as batch:
        batch.alter_column("batch_id", existing_type=sa.Integer(), nullable=False)
