"""A network meeting (netwerkberaad) and who is invited to it.

A meeting is prepared by the family and the mentor (goal, agenda, ground rules, which concerns
and strengths will be shared), held on a day at a place, and leaves notes and agreements behind.
Each invited person answers for themselves; for someone without an account the family or the
mentor notes the answer, and the invitation keeps who did.
"""
from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.agreements.models import Agreement
from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.plans.models import PlanEntry
from portal.parts.models import Visibility

if TYPE_CHECKING:
    from portal.auth.models import User


class Reply(enum.StrEnum):
    WAITING = "waiting"        # invited, no answer yet
    COMING = "coming"
    NOT_COMING = "not_coming"
    MAYBE = "maybe"


# The agreements that came out of a meeting (they live in the plan's agreements part).
meeting_agreements = sa.Table(
    "meeting_agreements",
    db.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("agreement_id", sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

# The concerns, strengths and exceptions the family chose to share at a meeting.
meeting_shared_entries = sa.Table(
    "meeting_shared_entries",
    db.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("plan_entry_id", sa.ForeignKey("plan_entries.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    # What the family calls it: how a meeting is named already sets its tone.
    title: Mapped[str] = mapped_column(sa.String(160))
    # The family's own wall-clock day and time: a meeting in a living room has no time zone.
    meeting_date: Mapped[date] = mapped_column(sa.Date(), index=True)
    start_time: Mapped[time | None] = mapped_column(sa.Time())
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    # Preparation
    goal: Mapped[str] = mapped_column(sa.Text(), default="")
    agenda: Mapped[str] = mapped_column(sa.Text(), default="")
    ground_rules: Mapped[str] = mapped_column(sa.Text(), default="")
    shared_concerns: Mapped[str] = mapped_column(sa.Text(), default="")
    # Outcome
    notes: Mapped[str] = mapped_column(sa.Text(), default="")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Bumped by every change; a change based on an older version is refused (nothing typed is lost).
    version: Mapped[int] = mapped_column(default=1)

    invitations: Mapped[list[MeetingInvitation]] = relationship(
        back_populates="meeting", order_by="MeetingInvitation.id", cascade="all, delete-orphan"
    )
    # Unfiltered: show them through `visible_entries` of their own part.
    agreements: Mapped[list[Agreement]] = relationship(secondary=meeting_agreements, order_by=Agreement.id)
    shared_entries: Mapped[list[PlanEntry]] = relationship(secondary=meeting_shared_entries,
                                                           order_by=PlanEntry.id)

    def is_past(self, today: date) -> bool:
        return self.meeting_date < today


class MeetingInvitation(db.Model):
    """One person invited to one meeting, and their answer."""

    __tablename__ = "meeting_invitations"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "person_id", name="uq_meeting_invitations_meeting_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    reply: Mapped[Reply] = mapped_column(enum_column(Reply), default=Reply.WAITING)
    # For example: "I'll be there at eight, after work."
    reply_note: Mapped[str] = mapped_column(sa.String(300), default="")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The account that noted the answer: not the person's own when the family noted it for them.
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def noted_by_someone_else(self) -> bool:
        return self.recorded_by_id is not None and self.recorded_by_id != self.person.user_id
