"""The log (logboek): short updates from anyone in the network."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import Visibility


class LogEntry(db.Model):
    __tablename__ = "log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    # The person who wrote it. Kept when they leave the network: their words are part of the story.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(sa.String(1000))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[Person | None] = relationship()
