"""The parts of a family's network plan, and who may read each of them.

A plan is made of parts (the goal, concerns and strengths, needs, agreements, the safety plan...).
The family decides per part, and per single entry, whether the whole network sees it or only the
family and the mentor. Consent for professionals (a later concern) names the same parts.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person


class PlanPart(enum.StrEnum):
    GOAL = "goal"                  # what the family hopes to reach, in their own words
    CONCERNS = "concerns"          # concerns, strengths and exceptions
    NEEDS = "needs"                # what the family is looking for, and offers of help
    AGREEMENTS = "agreements"      # concrete agreements and the tasks that carry them out
    SAFETY = "safety"              # safety plan: chains of people to call, safe places
    RELAPSE = "relapse"            # relapse plan: warning signs, who raises the alarm
    CONDITIONS = "conditions"      # what professionals require the plan to cover
    SCORES = "scores"              # scale questions and their answers
    MEETINGS = "meetings"          # network meetings: preparation, replies, outcome
    LOG = "log"                    # short updates from everyone
    NETWORK_MAP = "network_map"    # the people around the family


class Visibility(enum.StrEnum):
    NETWORK = "network"                        # everyone in the network who may read the part
    FAMILY_AND_MENTOR = "family_and_mentor"    # only the family and the mentor


class PartVisibility(db.Model):
    """A part the family narrowed; a part without a row is visible to the whole network."""

    __tablename__ = "part_visibility"
    __table_args__ = (sa.UniqueConstraint("family_id", "part", name="uq_part_visibility_family_part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    part: Mapped[PlanPart] = mapped_column(enum_column(PlanPart))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.FAMILY_AND_MENTOR)


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
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
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
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
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
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[Person | None] = relationship()
