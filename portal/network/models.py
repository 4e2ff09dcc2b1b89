"""Family ties between the people of one family, and the sociogram: for each question the family
chose, in which of three circles around the family each person stands (or nobody placed them).

A tie reads "`person` is the `kind` of `other`" ("Kees is the father of Sandra": PARENT). Partners,
siblings and the markers (conflict, broken contact) go both ways; the form says them in one.
Every reference to a person is by (family_id, person id), so a tie never names another family's person.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person


class TieKind(enum.StrEnum):
    PARENT = "parent"              # person is a parent of other
    STEP_PARENT = "step_parent"    # person is a step-parent of other
    PARTNER = "partner"            # together (married or not)
    SEPARATED = "separated"        # were partners, now apart
    SIBLING = "sibling"
    HALF_SIBLING = "half_sibling"
    CONFLICT = "conflict"          # a marker: they are in conflict
    NO_CONTACT = "no_contact"      # a marker: the contact is broken


# Ties whose two ends are alike: "A is the partner of B" is "B is the partner of A".
SYMMETRIC_TIES = frozenset(TieKind) - {TieKind.PARENT, TieKind.STEP_PARENT}
# Ties drawn as a couple (side by side, a line between them, the children below).
COUPLE_TIES = frozenset({TieKind.PARTNER, TieKind.SEPARATED})
MARKER_TIES = frozenset({TieKind.CONFLICT, TieKind.NO_CONTACT})


def _person_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["family_id", column], ["people.family_id", "people.id"], ondelete="CASCADE",
                                   name=f"fk_{table}_family_id_{column}_people")


class FamilyTie(db.Model):
    __tablename__ = "family_ties"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "other_id", "kind", name="uq_family_ties_person_other_kind"),
        sa.CheckConstraint("person_id <> other_id", name="not_oneself"),
        _person_fk("family_ties", "person_id"),
        _person_fk("family_ties", "other_id"),
        sa.Index("ix_family_ties_person_id_family_id", "person_id", "family_id"),
        sa.Index("ix_family_ties_other_id_family_id", "other_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column()
    other_id: Mapped[int] = mapped_column()
    kind: Mapped[TieKind] = mapped_column(enum_column(TieKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    person: Mapped[Person] = relationship(primaryjoin="FamilyTie.person_id == Person.id", foreign_keys=[person_id])
    other: Mapped[Person] = relationship(primaryjoin="FamilyTie.other_id == Person.id", foreign_keys=[other_id])


class CircleQuestion(enum.StrEnum):
    """The questions a family may ask of its network, each with three circles (see `labels`)."""

    IMPORTANT = "important"    # who is very important to us, who less, who not
    MAY_HELP = "may_help"      # who may surely help, maybe, surely not
    KNOWS_US = "knows_us"      # who knows most about us, a bit, very little


class Sociogram(db.Model):
    """One question the family chose; its placements say who stands in which circle."""

    __tablename__ = "sociograms"
    __table_args__ = (sa.UniqueConstraint("family_id", "question", name="uq_sociograms_family_question"),
                      sa.Index("ix_sociograms_family_id_id", "family_id", "id", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    question: Mapped[CircleQuestion] = mapped_column(enum_column(CircleQuestion))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    placements: Mapped[list[Placement]] = relationship(back_populates="sociogram", cascade="all, delete-orphan",
                                                       passive_deletes=True)


class Placement(db.Model):
    """`person` stands in circle 1 (closest to the family), 2 or 3 of one sociogram."""

    __tablename__ = "sociogram_placements"
    __table_args__ = (
        sa.UniqueConstraint("sociogram_id", "person_id", name="uq_sociogram_placements_sociogram_person"),
        sa.CheckConstraint("circle BETWEEN 1 AND 3", name="circle_one_to_three"),
        sa.ForeignKeyConstraint(["family_id", "sociogram_id"], ["sociograms.family_id", "sociograms.id"],
                                ondelete="CASCADE", name="fk_sociogram_placements_family_id_sociogram_id_sociograms"),
        _person_fk("sociogram_placements", "person_id"),
        sa.Index("ix_sociogram_placements_person_id_family_id", "person_id", "family_id"),
        sa.Index("ix_sociogram_placements_sociogram_id_family_id", "sociogram_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    sociogram_id: Mapped[int] = mapped_column()
    person_id: Mapped[int] = mapped_column()
    circle: Mapped[int] = mapped_column()

    sociogram: Mapped[Sociogram] = relationship(back_populates="placements", foreign_keys=[sociogram_id],
                                                primaryjoin="Placement.sociogram_id == Sociogram.id")
