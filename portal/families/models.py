"""A family and the people around it.

Everyone in a family's network is a `Person`, with or without an account: many grandparents
never log in, yet they carry tasks. A `Person` with a `user_id` is that user's membership of the
family, and its `role` decides what the user may do there (see `portal.access`).
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow

if TYPE_CHECKING:
    from portal.auth.models import User


class Role(enum.StrEnum):
    FAMILY = "family"
    YOUTH = "youth"
    MENTOR = "mentor"
    NETWORK = "network"
    PROFESSIONAL = "professional"


class Shape(enum.StrEnum):
    """How a person is drawn on the genogram: the usual symbols, or a neutral shape."""

    SQUARE = "square"
    CIRCLE = "circle"
    NEUTRAL = "neutral"


class Distance(enum.StrEnum):
    """Where someone lives, seen from the family, in plain words."""

    NEARBY = "nearby"
    FAR = "far"
    ABROAD = "abroad"


class Family(db.Model):
    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    people: Mapped[list[Person]] = relationship(
        back_populates="family", order_by="Person.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Family {self.id} {self.name}>"


class Person(db.Model):
    __tablename__ = "people"
    __table_args__ = (
        sa.UniqueConstraint("family_id", "user_id", name="uq_people_family_user"),
        # What a composite foreign key (family_id, person) points at: a reference to a person that
        # carries its own family_id then cannot name someone of another family. A unique index rather
        # than a constraint, so that SQLite need not rebuild the table everyone refers to.
        sa.Index("ix_people_family_id_id", "family_id", "id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # In the family's own words: opa, tante, buurvrouw, wijkteam.
    relation: Mapped[str] = mapped_column(sa.String(80), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    date_of_birth: Mapped[date | None] = mapped_column(sa.Date())
    # Gezag: whether this parent or carer holds parental authority (matters for consent).
    has_parental_authority: Mapped[bool] = mapped_column(default=False)
    # The youth this mentor (JIM) was chosen by.
    mentor_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the family took this person out of the network (see `portal.privacy`). The record stays,
    # without an account, so the plan's history keeps their name; they are no longer in the network.
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped each time the person puts up a photo of themselves (see `portal.photos`); None: no photo.
    photo_version: Mapped[int | None] = mapped_column()

    # The network map (see `portal.network`): what the family knows of this person. Someone with an
    # account keeps their own name and contact details; the family keeps these.
    birth_year: Mapped[int | None] = mapped_column()
    gender: Mapped[str] = mapped_column(sa.String(40), default="")  # as they describe it
    shape: Mapped[Shape] = mapped_column(enum_column(Shape), default=Shape.NEUTRAL)
    lives: Mapped[Distance | None] = mapped_column(enum_column(Distance))
    deceased: Mapped[bool] = mapped_column(default=False)
    # For the family and the mentor only ("contact broken", "conflict with mum").
    private_notes: Mapped[str] = mapped_column(sa.Text(), default="")
    # Compare-and-set saves of the person form (see `portal.parts.versioning`).
    version: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    family: Mapped[Family] = relationship(back_populates="people")
    user: Mapped[User | None] = relationship(back_populates="memberships")
    mentor_for: Mapped[Person | None] = relationship(remote_side=[id])

    @property
    def has_account(self) -> bool:
        return self.user_id is not None

    @property
    def has_left(self) -> bool:
        return self.left_at is not None

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`, or None when the date of birth is unknown."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def about_age_on(self, day: date) -> int | None:
        """Their age on `day` from the date of birth, else about that from the year of birth."""
        if self.date_of_birth is not None:
            return self.age_on(day)
        return day.year - self.birth_year if self.birth_year else None

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name} {self.role}>"
