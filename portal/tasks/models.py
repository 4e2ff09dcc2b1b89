"""Tasks: one piece of the plan that one person does, once or with a rhythm."""
from __future__ import annotations

import enum
from datetime import date, datetime, time
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
    ON_CALL = "on_call"    # when it is needed: no date, never "done" (a key for an emergency)


# The rhythms that come back on one day of the week, and how many days apart.
WEEKDAY_RHYTHMS = {Rhythm.WEEKLY: 7, Rhythm.BIWEEKLY: 14}


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


# Who a task is offered to and who carries it, for each status, as the state machine in
# `portal.tasks.services` keeps it (the database holds it too, see `Task.__table_args__`):
#   offered   offered to someone, nobody carries it yet
#   declined  the person it was offered to said no; nobody carries it
#   open      anyone may take it on: offered to nobody, nobody carries it
#   accepted  someone carries it (a task with a rhythm stays accepted after each "done")
#   done      the one who carried it did it
# "Offered to" stays on an accepted or done task that was offered first; it says who was asked.
TASK_STATUS_RULE = (
    "(status = 'offered' AND offered_to_id IS NOT NULL AND assignee_id IS NULL)"
    " OR (status = 'declined' AND offered_to_id IS NOT NULL AND assignee_id IS NULL)"
    " OR (status = 'open' AND offered_to_id IS NULL AND assignee_id IS NULL)"
    " OR (status IN ('accepted', 'done') AND assignee_id IS NOT NULL)"
)


# The day of the week (0 is Monday), only for a task that comes back every week or two.
TASK_WEEKDAY_RULE = "weekday IS NULL OR (weekday BETWEEN 0 AND 6 AND rhythm IN ('weekly', 'biweekly'))"
# A task for when it is needed has no date, day or time, and is never done.
TASK_ON_CALL_RULE = ("rhythm <> 'on_call' OR (due_date IS NULL AND weekday IS NULL AND time_of_day IS NULL"
                     " AND status <> 'done')")


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        sa.CheckConstraint(TASK_STATUS_RULE, name="status_agrees_with_people"),
        sa.CheckConstraint(TASK_WEEKDAY_RULE, name="weekday_of_a_weekly_task"),
        sa.CheckConstraint(TASK_ON_CALL_RULE, name="on_call_has_no_date"),
        # The person a task is offered to, or carried by, is in the task's own family. No ON DELETE:
        # a person is not deleted on their own while a task names them (someone who leaves the
        # network keeps their row); deleting the family removes both in one statement.
        sa.ForeignKeyConstraint(["family_id", "offered_to_id"], ["people.family_id", "people.id"],
                                name="fk_tasks_family_id_offered_to_id_people"),
        sa.ForeignKeyConstraint(["family_id", "assignee_id"], ["people.family_id", "people.id"],
                                name="fk_tasks_family_id_assignee_id_people"),
        # Person first: it serves "the tasks of this person" and the check of the key above alike.
        sa.Index("ix_tasks_offered_to_id_family_id", "offered_to_id", "family_id"),
        sa.Index("ix_tasks_assignee_id_family_id", "assignee_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text(), default="")
    category: Mapped[Category] = mapped_column(enum_column(Category), default=Category.OTHER)
    rhythm: Mapped[Rhythm] = mapped_column(enum_column(Rhythm), default=Rhythm.ONCE)
    # For a task with a rhythm: the next time it is due.
    due_date: Mapped[date | None] = mapped_column(sa.Date())
    # For a task that comes back every week or two: its day (0 is Monday); `due_date` falls on it.
    weekday: Mapped[int | None] = mapped_column(sa.SmallInteger())
    # The time of day, in Dutch time ("ophalen van zwemles, zondag 17:00"); none: any time that day.
    time_of_day: Mapped[time | None] = mapped_column(sa.Time())
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), index=True)
    offered_to_id: Mapped[int | None] = mapped_column()
    assignee_id: Mapped[int | None] = mapped_column()
    decline_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Bumped by every change; a change based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1)
    # The agreement this task helps carry out, if any.
    agreement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agreements.id", ondelete="SET NULL"),
                                                     index=True)

    offered_to: Mapped[Person | None] = relationship(primaryjoin="Task.offered_to_id == Person.id",
                                                     foreign_keys=[offered_to_id])
    agreement: Mapped[Agreement | None] = relationship()
    assignee: Mapped[Person | None] = relationship(primaryjoin="Task.assignee_id == Person.id",
                                                   foreign_keys=[assignee_id])
    events: Mapped[list[TaskEvent]] = relationship(
        back_populates="task", order_by="TaskEvent.id", cascade="all, delete-orphan"
    )

    @property
    def on_call(self) -> bool:
        """A task for when it is needed: it has no date and is never done."""
        return self.rhythm == Rhythm.ON_CALL

    def is_overdue(self, today: date) -> bool:
        return (
            not self.on_call
            and self.due_date is not None
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
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    # The account that recorded it: differs from the person's own when the family records for them.
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    task: Mapped[Task] = relationship(back_populates="events")
    person: Mapped[Person | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
