"""Accounts. A user may belong to several families, with a role in each (see `Person`).

Next to the account itself: its one-time recovery codes and its password-reset links. Of both,
only a hash is stored, so a leaked database holds nothing that lets anyone in.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from portal.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from portal.families.models import Person


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    # Part of the login cookie: raising it ends every session of this user at once.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Two-factor login (TOTP, RFC 6238): the shared secret in base32, set once it is confirmed.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # The secret shown while two-factor login is being set up, until the first code confirms it.
    # Kept here on the server: the session is a cookie the browser (and anything on it) can read.
    pending_totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # The last 30-second time step a code was accepted for: a code works once.
    totp_last_step: Mapped[int | None] = mapped_column()
    two_factor_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a link sent to `email` was opened. Until then the address is only what someone typed:
    # invitations addressed to it are not offered to this account.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Person]] = relationship(back_populates="user")
    # Whether the user must log in with a code, loaded with the user at the start of each request
    # (`portal.auth.loader`), so that rule costs no statement of its own; None when not loaded.
    must_use_two_factor: Mapped[bool | None] = query_expression()

    @property
    def email_is_proven(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None and self.two_factor_enabled_at is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app (a lost phone)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # sha256 of the normalised code: the codes are random (80 bits), so no slow hash is needed.
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SingleUseLink:
    """What every link mailed to an account has: its token (hashed), an expiry, and whether it was
    used. Opening it works once, before it expires."""

    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


class PasswordReset(SingleUseLink, db.Model):
    """A single-use, expiring link to set a new password, sent by e-mail."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class EmailConfirmation(SingleUseLink, db.Model):
    """A single-use, expiring link sent to an address; opening it proves the account owns it."""

    __tablename__ = "email_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The address the link went to: a link proves that address, not whatever the account has now.
    email: Mapped[str] = mapped_column(sa.String(254))

    user: Mapped[User] = relationship()
