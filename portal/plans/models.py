"""The plan's own texts: the goal and the family's own words (with their history), and the
concerns, strengths and exceptions."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import Visibility


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    UNDER_REVIEW = "under_review"
    CLOSED = "closed"


class PlanField(enum.StrEnum):
    """The texts of a plan that keep their history."""

    GOAL = "goal"
    OWN_WORDS = "own_words"
    STATUS = "status"


class Plan(db.Model):
    """The heart of a family's plan: what they hope to reach, in their own words.

    One per family. Every change bumps `version` and leaves a `PlanRevision` with the text it
    replaced, so nothing written is ever lost; a change based on an older version is refused.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), unique=True)
    goal: Mapped[str] = mapped_column(sa.Text(), default="")
    own_words: Mapped[str] = mapped_column(sa.Text(), default="")
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus), default=PlanStatus.DRAFT)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    updated_by: Mapped[Person | None] = relationship()
    revisions: Mapped[list[PlanRevision]] = relationship(
        back_populates="plan", order_by="PlanRevision.id.desc()", cascade="all, delete-orphan"
    )


class PlanRevision(db.Model):
    """One earlier text of one field of a plan: who replaced it, and when."""

    __tablename__ = "plan_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    field: Mapped[PlanField] = mapped_column(enum_column(PlanField))
    previous_text: Mapped[str] = mapped_column(sa.Text(), default="")
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="revisions")
    changed_by: Mapped[Person | None] = relationship()


class EntryKind(enum.StrEnum):
    CONCERN = "concern"       # what people worry about
    STRENGTH = "strength"     # what goes well, and who helps
    EXCEPTION = "exception"   # a time the problem did not happen, and what was different then


class PlanEntry(db.Model):
    """A concern, a strength or an exception, written by someone in the family's circle."""

    __tablename__ = "plan_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind))
    text: Mapped[str] = mapped_column(sa.Text())
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[Person | None] = relationship()
