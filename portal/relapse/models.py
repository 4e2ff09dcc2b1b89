"""The relapse plan: what happens when things go wrong again.

Warning signs, what happens once someone raises the alarm, and what happens when the safety
agreements are not kept are `RelapseEntry`s of one `RelapseKind` each. Who in the network may
raise the alarm, and with whom, are `AlarmPair`s: "Opa may raise the alarm with Jeroen".
Every entry can be narrowed to the family and the mentor (`visibility`).
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import Visibility


class RelapseKind(enum.StrEnum):
    WARNING_SIGN = "warning_sign"              # a sign that things are going wrong again
    AFTER_ALARM = "after_alarm"                # what happens once someone raises the alarm
    AGREEMENTS_BROKEN = "agreements_broken"    # what happens when the safety agreements are not kept


class RelapseEntry(db.Model):
    __tablename__ = "relapse_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RelapseKind] = mapped_column(enum_column(RelapseKind))
    text: Mapped[str] = mapped_column(sa.Text())
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class AlarmPair(db.Model):
    """`raiser` may raise the alarm (aan de bel trekken) with `contact` when they worry."""

    __tablename__ = "alarm_pairs"
    __table_args__ = (
        sa.UniqueConstraint("raiser_id", "contact_id", name="uq_alarm_pairs_raiser_contact"),
        # Both people are of the pair's own family.
        sa.ForeignKeyConstraint(["family_id", "raiser_id"], ["people.family_id", "people.id"],
                                ondelete="CASCADE", name="fk_alarm_pairs_family_id_raiser_id_people"),
        sa.ForeignKeyConstraint(["family_id", "contact_id"], ["people.family_id", "people.id"],
                                ondelete="CASCADE", name="fk_alarm_pairs_family_id_contact_id_people"),
        sa.Index("ix_alarm_pairs_raiser_id_family_id", "raiser_id", "family_id"),
        sa.Index("ix_alarm_pairs_contact_id_family_id", "contact_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    raiser_id: Mapped[int] = mapped_column()
    contact_id: Mapped[int] = mapped_column()
    # How or when: "bellen, dezelfde dag nog".
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    raiser: Mapped[Person] = relationship(primaryjoin="AlarmPair.raiser_id == Person.id", foreign_keys=[raiser_id])
    contact: Mapped[Person] = relationship(primaryjoin="AlarmPair.contact_id == Person.id", foreign_keys=[contact_id])
