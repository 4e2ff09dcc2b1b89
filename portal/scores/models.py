"""Scale questions (schaalvragen) and every answer given to them, over time.

Each answer is a row of its own with its moment, so a question keeps its whole history: a
person's latest answer is their score now, and the ones before show how it moved.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import Visibility

LOWEST_SCORE, HIGHEST_SCORE = 0, 10


class ScaleQuestion(db.Model):
    __tablename__ = "scale_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(sa.String(300))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    answers: Mapped[list[ScaleAnswer]] = relationship(
        back_populates="question", order_by="[ScaleAnswer.answered_at, ScaleAnswer.id]",
        cascade="all, delete-orphan",
    )


class ScaleAnswer(db.Model):
    """One person's score on one question, at one moment."""

    __tablename__ = "scale_answers"
    __table_args__ = (sa.CheckConstraint(f"score >= {LOWEST_SCORE} AND score <= {HIGHEST_SCORE}",
                                         name="score_0_to_10"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("scale_questions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column()
    # What would make it one point higher (optional): the question a scale question invites.
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    question: Mapped[ScaleQuestion] = relationship(back_populates="answers")
    person: Mapped[Person] = relationship()
