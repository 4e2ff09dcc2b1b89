"""Invitations: a single-use, expiring link that lets a person in the network join with an account."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, utcnow
from portal.families.models import Family, Person

if TYPE_CHECKING:
    from portal.auth.models import User


class Invitation(db.Model):
    __tablename__ = "invitations"
    __table_args__ = (
        # The invited person is of the invitation's own family.
        sa.ForeignKeyConstraint(["family_id", "person_id"], ["people.family_id", "people.id"],
                                ondelete="CASCADE", name="fk_invitations_family_id_person_id_people"),
        sa.Index("ix_invitations_person_id_family_id", "person_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column()
    # The address the link was mailed to; None for a link the family shares by hand. An account
    # whose proven address is this one sees the invitation on its start page.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # Only a hash is stored: a leaked database holds no working links.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # For a link the family shares by hand: the link's token is made from this and the app's
    # secret key (`keyed_token`), so the person's card can show it again until it is used or
    # renewed, while the database alone still holds no working link. None for a mailed link.
    share_nonce: Mapped[str | None] = mapped_column(sa.String(64))

    family: Mapped[Family] = relationship()
    person: Mapped[Person] = relationship(primaryjoin="Invitation.person_id == Person.id", foreign_keys=[person_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.declined_at is None and now < self.expires_at
