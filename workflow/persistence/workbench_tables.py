"""The reviewers' workbench: who holds a task now, and the reasons reviewers pick from.

Kept beside `models` (which imports this module, so `Base.metadata` holds them) to keep that
module small.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.persistence.models import Base
from workflow.persistence.types import UTCDateTime


class TaskHold(Base):
    """A reviewer working a task now (workflow.domain.task_holds). One row per task at most:
    the unique task id is what makes two reviewers claiming at once end with one holder. The
    row outlives nothing: a decision or a release deletes it, an expired one is taken over."""

    __tablename__ = "task_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), unique=True)  # human_tasks.task_id
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)  # compare-and-set on changes


class CannedReason(Base):
    """A reason reviewers of one stage pick for a return or a rejection, kept by
    administrators (workflow.domain.canned_reasons); each change is audited."""

    __tablename__ = "canned_reasons"
    __table_args__ = (Index("ix_canned_reasons_stage", "stage", "position", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: seeded
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
