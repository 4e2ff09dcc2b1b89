"""What the family is looking for, and who offers to help with it.

A `Need` is one thing the family is looking for (someone to read the council's letters with
them, a lift to swimming lessons), of a kind (the task categories) and in a way (a visit, a call).
Helpers offer help against a need (`HelpOffer`); when the family accepts an offer it becomes a task
for that helper. Every task made for a need is linked in `need_tasks`, so the page can tell that
a need is already covered. How each helper wants to take part is their `Participation`.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import Visibility
from portal.tasks.models import Category, Task


class HelpMode(enum.StrEnum):
    VISIT = "visit"      # someone comes by
    CALL = "call"        # someone phones to ask how it goes
    EITHER = "either"


class OfferStatus(enum.StrEnum):
    PENDING = "pending"      # waiting for the family's answer
    ACCEPTED = "accepted"    # the family agreed: there is a task for it now
    DECLINED = "declined"


class TakingPart(enum.StrEnum):
    """The two ways a network member can take part (meedenken / meehelpen), or both."""

    THINK_ALONG = "think_along"
    HELP_OUT = "help_out"
    BOTH = "both"


need_tasks = sa.Table(
    "need_tasks",
    db.metadata,
    sa.Column("need_id", sa.ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("task_id", sa.ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Need(db.Model):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text(), default="")
    category: Mapped[Category] = mapped_column(enum_column(Category), default=Category.OTHER)
    mode: Mapped[HelpMode] = mapped_column(enum_column(HelpMode), default=HelpMode.EITHER)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    offers: Mapped[list[HelpOffer]] = relationship(
        back_populates="need", order_by="HelpOffer.id", cascade="all, delete-orphan"
    )
    # Every task made for this need: from an accepted offer, or asked of the whole network.
    tasks: Mapped[list[Task]] = relationship(secondary=need_tasks, order_by=Task.id)


class HelpOffer(db.Model):
    """One helper's offer to help with one need."""

    __tablename__ = "help_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(sa.String(1000), default="")
    status: Mapped[OfferStatus] = mapped_column(enum_column(OfferStatus), default=OfferStatus.PENDING)
    # The task the offer became, once accepted.
    task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    # The account that wrote it down: differs from the helper's own when the family noted it for them.
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    need: Mapped[Need] = relationship(back_populates="offers")
    person: Mapped[Person] = relationship()
    task: Mapped[Task | None] = relationship()


class Participation(db.Model):
    """How one helper wants to take part. No row: they have not said yet.

    A table of its own rather than a column on `people`: it belongs to this feature, most people
    (the family, youths, professionals) never have one, and the people table stays as it is.
    """

    __tablename__ = "participation"

    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    way: Mapped[TakingPart] = mapped_column(enum_column(TakingPart))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship()
