"""One mail waiting to leave, or gone, or given up on."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import UTCDateTime, db, enum_column, utcnow


class MailStatus(enum.StrEnum):
    PENDING = "pending"   # waiting for the worker (maybe after a failed try: see next_attempt_at)
    SENT = "sent"         # the mail server took it
    FAILED = "failed"     # refused for good, or too many tries: shown to operators and the family


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        # What the worker asks for: the pending rows that are due, oldest first.
        sa.Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    # The whole message (RFC 5322) as it will be sent: built once, so a retry sends the same bytes
    # with the same Message-ID.
    message: Mapped[bytes] = mapped_column(sa.LargeBinary())
    # For notifications: whose mail it is, in which family, of which kind ("" for account mail).
    family_id: Mapped[int | None] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40), default="")
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
