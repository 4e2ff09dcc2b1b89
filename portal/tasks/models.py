"""Tasks: one piece of the plan that one person does, once or with a rhythm."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person

if TYPE_CHECKING:
    from portal.agreements.models import Agreement
    from portal.auth.models import User


class Category(enum.StrEnum):
    PRACTICAL = "practical"
    PAPERWORK = "paperwork"
    EMOTIONAL = "emotional"
    CHILDCARE = "childcare"
    TRANSPORT = "transport"
    OTHER = "other"


class Rhythm(enum.StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class TaskStatus(enum.StrEnum):
    OFFERED = "offered"    # offered to one named person, waiting for their answer
    OPEN = "open"          # anyone in the network may take it on
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DONE = "done"


class TaskAction(enum.StrEnum):
    CREATED = "created"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DONE = "done"
    RELEASED = "released"   # given back: open again for anyone
    REOPENED = "reopened"
    EDITED = "edited"


class Task(db.Model):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text(), default="")
    category: Mapped[Category] = mapped_column(enum_column(Category), default=Category.OTHER)
    rhythm: Mapped[Rhythm] = mapped_column(enum_column(Rhythm), default=Rhythm.ONCE)
    # For a task with a rhythm: the next time it is due.
    due_date: Mapped[date | None] = mapped_column(sa.Date())
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), index=True)
    offered_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    decline_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Bumped by every change; a change based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1)
    # The agreement this task helps carry out, if any.
    agreement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agreements.id", ondelete="SET NULL"),
                                                     index=True)

    offered_to: Mapped[Person | None] = relationship(foreign_keys=[offered_to_id])
    agreement: Mapped[Agreement | None] = relationship()
    assignee: Mapped[Person | None] = relationship(foreign_keys=[assignee_id])
    events: Mapped[list[TaskEvent]] = relationship(
        back_populates="task", order_by="TaskEvent.id", cascade="all, delete-orphan"
    )

    def is_overdue(self, today: date) -> bool:
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status in (TaskStatus.OFFERED, TaskStatus.OPEN, TaskStatus.ACCEPTED)
        )

    @property
    def needs_someone(self) -> bool:
        return self.status in (TaskStatus.OPEN, TaskStatus.DECLINED)


class TaskEvent(db.Model):
    """What happened to a task, for whom, and who recorded it."""

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    action: Mapped[TaskAction] = mapped_column(enum_column(TaskAction))
    # The person the event is about (who accepted, who did it).
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    # The account that recorded it: differs from the person's own when the family records for them.
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    task: Mapped[Task] = relationship(back_populates="events")
    person: Mapped[Person | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
