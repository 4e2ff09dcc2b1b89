"""A person's own photo, as Kring re-encoded it (see `portal.photos.images`).

Kept in the database, not in the instance folder: several app servers share one PostgreSQL and
nothing on their local disks (see the README), a photo leaves with its person and its family in
the same delete (ON DELETE CASCADE), and backups hold it with the rest of the plan. A photo is at
most 512 px a side, some tens of kilobytes, so the database carries it easily.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import UTCDateTime, db, utcnow


class PersonPhoto(db.Model):
    __tablename__ = "person_photos"

    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    mime_type: Mapped[str] = mapped_column(sa.String(20))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
