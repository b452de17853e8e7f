"""The statutory calendar's tables: each year's State Council holiday notice, and its days.

Kept beside `models` (which imports this module, so `Base.metadata` holds them) to keep that
module small. A day is its own primary key, so no day is both off and worked, nor given twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.persistence.models import Base
from workflow.persistence.types import UTCDateTime

HOLIDAY, MAKE_UP_DAY = "holiday", "make_up"


class HolidayYear(Base):
    """One year's notice (国务院办公厅关于XXXX年部分节假日安排的通知): its document number and
    where the table came from. Seeded years came from the chinese-calendar library (its version
    in `seeded_from`, no document number recorded); an administrator's entry replaces one."""

    __tablename__ = "holiday_years"
    __table_args__ = (CheckConstraint("source IN ('library', 'administrator')",
                                      name="ck_holiday_years_source"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document_number: Mapped[str] = mapped_column(String(256), default="")
    source: Mapped[str] = mapped_column(String(16))  # library, administrator
    seeded_from: Mapped[str | None] = mapped_column(String(64))  # e.g. chinese-calendar 1.11.0
    note: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking: every change says WHERE revision = ? and sets the next one.
    revision: Mapped[int] = mapped_column(Integer)
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}  # noqa: RUF012
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HolidayDay(Base):
    """A day off (holiday) or a make-up working day (make_up, 调休上班) of a year's notice."""

    __tablename__ = "holiday_days"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'make_up')",
                                      name="ck_holiday_days_kind"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("holiday_years.year"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(64))  # the festival, as the notice names it
