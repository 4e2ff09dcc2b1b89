"""Password reset by e-mail: a single-use link that works for one hour.

Asking for a link answers the same whether or not the address has an account. Using it sets a
new password and ends every session of the account; it never logs anyone in, so a user with
two-factor login still needs a code afterwards.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.models import PasswordReset, User
from portal.auth.email_proof import mark_email_proven
from portal.auth.services import end_all_sessions, hash_password, user_by_email
from portal.auth.tokens import hash_token, new_token
from portal.extensions import db, utcnow
from portal.mail import OutgoingMail, queue_mail


class ResetUnusable(Exception):
    """The link was used, has expired, or never existed."""


def reset_url(token: str) -> str:
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    return base + url_for("auth.reset_password", token=token)


def request_password_reset(email: str) -> None:
    """Mail a reset link to the account with `email`, if there is one (the caller commits).

    Returns nothing either way, so that the caller cannot tell the two apart.
    """
    user = user_by_email(email)
    if user is None:
        return
    token = new_token()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(PasswordReset(user_id=user.id, token_hash=hash_token(token),
                                 expires_at=utcnow() + timedelta(minutes=minutes)))
    with force_locale(user.locale):
        queue_mail(db.session, OutgoingMail(
            to=user.email,
            subject=_("Set a new password for Kring"),
            body=_(
                "Hello %(name)s,\n\nSomeone, probably you, asked to set a new password for your "
                "Kring account. Open this link to choose one. It works once, for %(minutes)d minutes:\n"
                "%(link)s\n\nDid you not ask for this? Then you can ignore this e-mail: your password "
                "stays as it is.",
                name=user.name, minutes=minutes, link=reset_url(token)),
        ))


def find_reset(token: str) -> PasswordReset | None:
    """The reset behind `token` if it can still be used, else None."""
    reset = db.session.scalar(sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or not reset.is_usable(utcnow()):
        return None
    return reset


def complete_password_reset(reset: PasswordReset, new_password: str) -> User:
    """Set the new password, use up every open link of the account, end all its sessions.

    Raises `ResetUnusable` when the link was used meanwhile (a conditional update: a link sent
    twice at once works once). The caller commits.
    """
    now = utcnow()
    claimed = db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise ResetUnusable()
    user = reset.user
    # Other links sent earlier stop working too: the password they were for is gone.
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(reset)
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    # The link went to the account's address: opening it proves that address as well.
    mark_email_proven(user)
    return user
