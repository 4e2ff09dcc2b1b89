"""Consent: the family's permission for one professional to see chosen parts of the plan.

Shaped after HL7 FHIR Consent, simplified: the base decision for professionals is deny; each
consent is one permit for one professional (grantee), for a set of parts, an access level and a
period. It is in force only when every person who must agree (grantors, by the youths' ages)
has agreed in the portal.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import PlanPart


class ConsentLevel(enum.StrEnum):
    READ = "read"
    COMMENT = "comment"       # read, and comment on the shared parts


class ConsentStatus(enum.StrEnum):
    PENDING = "pending"       # waiting for everyone who must agree
    ACTIVE = "active"         # everyone agreed (still subject to its period)
    WITHDRAWN = "withdrawn"   # someone took it back
    ENDED = "ended"           # the professional left the family's network


class Consent(db.Model):
    __tablename__ = "consents"
    __table_args__ = (
        sa.CheckConstraint("valid_from <= valid_until", name="period_in_order"),
        # The professional is a person of the consent's own family.
        sa.ForeignKeyConstraint(["family_id", "professional_id"], ["people.family_id", "people.id"],
                                ondelete="CASCADE", name="fk_consents_family_id_professional_id_people"),
        sa.Index("ix_consents_professional_id_family_id", "professional_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    professional_id: Mapped[int] = mapped_column()
    level: Mapped[ConsentLevel] = mapped_column(enum_column(ConsentLevel), default=ConsentLevel.READ)
    purpose: Mapped[str] = mapped_column(sa.String(300), default="")
    valid_from: Mapped[date] = mapped_column(sa.Date())
    valid_until: Mapped[date] = mapped_column(sa.Date())
    status: Mapped[ConsentStatus] = mapped_column(enum_column(ConsentStatus), default=ConsentStatus.PENDING)
    # The youths' age bands when everyone agreed, e.g. "12:under_12,13:12_to_15". When a youth
    # moves to another band, the consent must be confirmed again by whoever must agree now.
    agreed_bands: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    professional: Mapped[Person] = relationship(primaryjoin="Consent.professional_id == Person.id",
                                                foreign_keys=[professional_id])
    parts: Mapped[list[ConsentPart]] = relationship(cascade="all, delete-orphan", order_by="ConsentPart.id")
    approvals: Mapped[list[ConsentApproval]] = relationship(cascade="all, delete-orphan",
                                                            order_by="ConsentApproval.id")

    @property
    def part_set(self) -> frozenset[PlanPart]:
        return frozenset(p.part for p in self.parts)


class ConsentPart(db.Model):
    __tablename__ = "consent_parts"
    __table_args__ = (sa.UniqueConstraint("consent_id", "part", name="uq_consent_parts_consent_part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(sa.ForeignKey("consents.id", ondelete="CASCADE"), index=True)
    part: Mapped[PlanPart] = mapped_column(enum_column(PlanPart))


class ConsentApproval(db.Model):
    """One grantor's "yes", given in the portal."""

    __tablename__ = "consent_approvals"
    __table_args__ = (sa.UniqueConstraint("consent_id", "person_id", name="uq_consent_approvals_consent_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(sa.ForeignKey("consents.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The band the approval was given for: an approval from before a birthday does not count after it.
    bands: Mapped[str] = mapped_column(sa.String(300), default="")

    person: Mapped[Person] = relationship()


class PartComment(db.Model):
    """A professional's comment on one part of the plan, under a "read and comment" consent.

    The family, the mentor and the professionals who read the part see it (see
    `portal.access.may_read_part_comments`). It stays when the consent ends: it is part of the plan's story.
    """

    __tablename__ = "part_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    part: Mapped[PlanPart] = mapped_column(enum_column(PlanPart))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(sa.Text())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[Person | None] = relationship()
