"""A create form that was saved: its one-time token and where the first save went."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import UTCDateTime, db, utcnow


class FormSubmission(db.Model):
    """Written in the same transaction as the rows the form creates: a second post with the same
    token breaks the unique key and rolls back, so the rows exist once."""

    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Where the first save sent the browser; a resend goes there too.
    location: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
