"""Proving an e-mail address, and registering without telling anyone which addresses have an account.

An address counts as the account's own only after a link sent to it was opened (or an invitation
link mailed to it, or a password-reset link). Registering answers the same for a new address and a
known one: the new one gets a confirmation link, the owner of the known one a warning.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.models import EmailConfirmation, User
from portal.auth.services import hash_password, normalise_email, register_user, user_by_email
from portal.auth.tokens import hash_token, new_token
from portal.extensions import db, utcnow
from portal.mail import OutgoingMail, queue_mail


class ConfirmationUnusable(Exception):
    """The confirmation link was used meanwhile, has expired, or is for an address the account left."""


def _mail_link(endpoint: str, **values) -> str:
    return current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/") + url_for(endpoint, **values)


def mark_email_proven(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


def send_confirmation(user: User, next_path: str | None = None) -> None:
    """Mail `user` a single-use link that proves their address (the caller commits).

    `next_path` is where the link leads after logging in, e.g. the invitation they registered from.
    """
    token = new_token()
    hours = current_app.config["EMAIL_CONFIRMATION_HOURS"]
    db.session.add(EmailConfirmation(user_id=user.id, email=user.email, token_hash=hash_token(token),
                                     expires_at=utcnow() + timedelta(hours=hours)))
    link = _mail_link("auth.confirm_email", token=token, **({"next": next_path} if next_path else {}))
    with force_locale(user.locale):
        queue_mail(db.session, OutgoingMail(
            to=user.email,
            subject=_("Confirm your e-mail address for Kring"),
            body=_(
                "Hello %(name)s,\n\nWelcome to Kring. Open this link to confirm that this e-mail "
                "address is yours. It works once, for %(hours)d hours:\n%(link)s\n\n"
                "Did you not make an account? Then you can ignore this e-mail.",
                name=user.name, hours=hours, link=link),
        ))


def register_or_warn(name: str, email: str, password: str, locale: str, next_path: str | None = None) -> None:
    """Register a new account and mail it a confirmation link; or, when the address has an account
    already, create nothing and mail its owner instead (the caller commits).

    Returns nothing either way, so that the caller cannot tell the two apart; the password is
    hashed in both cases, so that both take about as long.
    """
    owner = user_by_email(email)
    if owner is None:
        user = register_user(name, email, password, locale=locale)
        send_confirmation(user, next_path)
        return
    hash_password(password)
    with force_locale(owner.locale):
        queue_mail(db.session, OutgoingMail(
            to=owner.email,
            subject=_("Someone tried to make a Kring account with your address"),
            body=_(
                "Hello %(name)s,\n\nSomeone tried to make a new Kring account with this e-mail address. "
                "You already have an account, so nothing has changed.\n\n"
                "Was it you? Then log in with your account:\n%(login)s\n"
                "Forgot your password? Set a new one here:\n%(forgot)s\n\n"
                "Was it not you? Then you can ignore this e-mail.",
                name=owner.name, login=_mail_link("auth.login"), forgot=_mail_link("auth.forgot_password")),
        ))


def find_confirmation(token: str) -> EmailConfirmation | None:
    """The confirmation behind `token` if it can still be used, else None."""
    confirmation = db.session.scalar(
        sa.select(EmailConfirmation).where(EmailConfirmation.token_hash == hash_token(token)))
    if confirmation is None or not confirmation.is_usable(utcnow()):
        return None
    return confirmation


def confirm_email(confirmation: EmailConfirmation) -> User:
    """Use the link: the account's address is proven. Raises `ConfirmationUnusable` (the caller commits).

    A conditional update, so a link opened twice at once works once.
    """
    now = utcnow()
    claimed = db.session.execute(
        sa.update(EmailConfirmation)
        .where(EmailConfirmation.id == confirmation.id, EmailConfirmation.used_at.is_(None),
               EmailConfirmation.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(confirmation)
    user = confirmation.user
    if claimed != 1 or normalise_email(confirmation.email) != user.email:
        raise ConfirmationUnusable()
    mark_email_proven(user)
    return user
