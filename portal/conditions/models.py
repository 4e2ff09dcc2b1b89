"""Conditions: what professionals require the plan to cover ("care for the youngest on two days
a week"), their comments, and the agreements the family links to them."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.agreements.models import Agreement
from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import Visibility

# Which agreements the family counts towards which condition.
condition_agreements = sa.Table(
    "condition_agreements",
    db.metadata,
    sa.Column("condition_id", sa.ForeignKey("conditions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("agreement_id", sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Condition(db.Model):
    __tablename__ = "conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(sa.Text())
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    created_by: Mapped[Person | None] = relationship()
    agreements: Mapped[list[Agreement]] = relationship(secondary=condition_agreements, order_by=Agreement.id)
    comments: Mapped[list[ConditionComment]] = relationship(
        back_populates="condition", order_by="ConditionComment.id", cascade="all, delete-orphan"
    )


class ConditionComment(db.Model):
    __tablename__ = "condition_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    condition_id: Mapped[int] = mapped_column(sa.ForeignKey("conditions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(sa.Text())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    condition: Mapped[Condition] = relationship(back_populates="comments")
    author: Mapped[Person | None] = relationship()
