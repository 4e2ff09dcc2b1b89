"""A notification to one person, their choices per kind, and their private calendar feeds."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person


class Delivery(enum.StrEnum):
    NOW = "now"             # a mail right away
    DIGEST = "digest"       # a line in the weekly digest
    OFF = "off"             # not at all


class Outcome(enum.StrEnum):
    MAILED = "mailed"             # written to the outbox (see its row for whether it arrived)
    IN_DIGEST = "in_digest"       # waits for the weekly digest
    DIGESTED = "digested"         # went out in a digest
    NOT_WANTED = "not_wanted"     # the person chose "not at all"
    NO_ADDRESS = "no_address"     # nobody to mail: someone should call them


class Notification(db.Model):
    """One thing one person was (or could not be) told. The key (kind, subject, occurrence,
    person) is unique: a scheduler that runs twice, or again after a crash, tells nobody twice."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("kind", "subject", "occurrence", "person_id", name="uq_notifications_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    # What it is about ("task:12") and which time ("event:81", "2026-12-03", "week:2026-49").
    subject: Mapped[str] = mapped_column(sa.String(60))
    occurrence: Mapped[str] = mapped_column(sa.String(40))
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    # One line, in the person's language: for the digest and for "who could not be reached".
    headline: Mapped[str] = mapped_column(sa.String(300))
    # The path of the page it is about (made absolute with the public address when mailed).
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    outbox_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outbox.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    person: Mapped[Person] = relationship()


class NotificationPreference(db.Model):
    """A person's choice for one kind; without a row the kind's default holds (see `rules`)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "kind", name="uq_notification_preferences_person_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class CalendarFeed(db.Model):
    """A private calendar address of one person (their own tasks and meetings) or, for the
    family and the mentor, of the whole plan. Only the token's hash is kept."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    whole_plan: Mapped[bool] = mapped_column(default=False)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship()
