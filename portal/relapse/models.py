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
    __table_args__ = (sa.UniqueConstraint("raiser_id", "contact_id", name="uq_alarm_pairs_raiser_contact"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    raiser_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # How or when: "bellen, dezelfde dag nog".
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    raiser: Mapped[Person] = relationship(foreign_keys=[raiser_id])
    contact: Mapped[Person] = relationship(foreign_keys=[contact_id])
