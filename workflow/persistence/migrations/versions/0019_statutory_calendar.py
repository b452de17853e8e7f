"""the statutory calendar as data, seeded from the chinese-calendar library

Each year's State Council holiday notice (days off and make-up working days, with the document
number) is kept in the database and maintained by an administrator (/admin/calendar). The
years the chinese-calendar library has are copied here once, so notice windows count exactly as
before; each seeded year records the library and its version. This is the only place that
reads the library (an import-linter contract says so).

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def _library_tables() -> tuple[list[dict], list[dict]]:
    """The library's years and days, each day with its festival's Chinese name."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday, holidays, workdays

    source = f"chinese-calendar {chinese_calendar.__version__}"
    days = [{"day": day, "year": day.year, "kind": kind, "name": Holiday(value).chinese}
            for kind, table in (("holiday", holidays), ("make_up", workdays))
            for day, value in sorted(table.items())]
    years = [{"year": year, "document_number": "", "source": "library", "seeded_from": source,
              "note": "", "revision": 1, "updated_by": None, "updated_at": None}
             for year in sorted({d.year for d in holidays})]
    return years, days


def upgrade() -> None:
    years = op.create_table(
        "holiday_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document_number", sa.String(length=256), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("seeded_from", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("source IN ('library', 'administrator')",
                           name="ck_holiday_years_source"),
        sa.PrimaryKeyConstraint("year"),
    )
    days = op.create_table(
        "holiday_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), sa.ForeignKey("holiday_years.year"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.CheckConstraint("kind IN ('holiday', 'make_up')", name="ck_holiday_days_kind"),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_index("ix_holiday_days_year", "holiday_days", ["year"])
    seeded_years, seeded_days = _library_tables()
    op.bulk_insert(years, seeded_years)
    op.bulk_insert(days, seeded_days)


def downgrade() -> None:
    op.drop_index("ix_holiday_days_year", table_name="holiday_days")
    op.drop_table("holiday_days")
    op.drop_table("holiday_years")
