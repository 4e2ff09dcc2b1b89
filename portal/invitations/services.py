"""Inviting a person in the network to Kring, and joining through the link."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.models import User
from portal.auth.tokens import hash_token, new_token
from portal.auth.services import normalise_email, user_by_email
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.invitations.models import Invitation
from portal.mail import OutgoingMail, queue_mail
from portal.transactions import Refused


class InvitationError(Refused):
    """The invitation cannot be made or used; `str(self)` is a translated message for the user."""


@dataclass(frozen=True)
class InviteOutcome:
    invitation: Invitation | None   # None when the person was added to an existing account
    token: str | None               # the secret part of the link; shown once, never stored
    added_to_existing_account: bool


def join_url(token: str) -> str:
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    return base + url_for("invitations.join", token=token)


def invite(person: Person, inviter: User, *, email: str | None, send_mail: bool) -> InviteOutcome:
    """Invite `person` (who has no account yet) to join their family in Kring.

    When `email` belongs to an existing account, the person is linked to it at once: one account,
    several families. Otherwise a single-use link is made, and mailed when `send_mail` is set.
    Raises `InvitationError` when the person has an account already, or the account is in the family.
    """
    if person.user_id is not None:
        raise InvitationError(_("%(name)s already has an account in this family.", name=person.name))
    email = normalise_email(email) if email else None
    if email:
        person.email = email
        existing = user_by_email(email)
        if existing is not None:
            _link_existing_account(person, existing, inviter)
            return InviteOutcome(None, None, True)

    token = new_token()
    invitation = Invitation(
        family_id=person.family_id, person_id=person.id, email=email, token_hash=hash_token(token),
        created_by_id=inviter.id,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    if send_mail and email:
        with force_locale(inviter.locale):
            queue_mail(db.session, OutgoingMail(
                to=email,
                subject=_("%(inviter)s invites you to the plan of %(family)s",
                          inviter=inviter.name, family=person.family.name),
                body=_(
                    "Hello %(name)s,\n\n%(inviter)s has added you to Kring, the place where "
                    "%(family)s and the people around them keep their plan together.\n\n"
                    "Open this link to join. It works once and for %(days)d days:\n%(link)s\n\n"
                    "Did you not expect this? Then you can ignore this e-mail.",
                    name=person.name, inviter=inviter.name, family=person.family.name,
                    days=current_app.config["INVITATION_DAYS"], link=join_url(token)),
            ))
    return InviteOutcome(invitation, token, False)


def _link_existing_account(person: Person, user: User, inviter: User) -> None:
    already = db.session.scalar(
        sa.select(Person.id).where(Person.family_id == person.family_id, Person.user_id == user.id))
    if already is not None:
        raise InvitationError(_("This e-mail address belongs to someone who is already in this family."))
    person.user_id = user.id
    with force_locale(user.locale):
        queue_mail(db.session, OutgoingMail(
            to=user.email,
            subject=_("You have been added to the plan of %(family)s", family=person.family.name),
            body=_(
                "Hello %(name)s,\n\n%(inviter)s has added you to the plan of %(family)s in Kring. "
                "Log in with your own account to see it:\n%(link)s",
                name=user.name, inviter=inviter.name, family=person.family.name,
                link=current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/") + url_for("auth.login")),
        ))


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind `token` if it can still be used, else None."""
    invitation = db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def redeem(invitation: Invitation, user: User) -> Person:
    """Use the invitation for `user`: they become the invited person. Raises `InvitationError`.

    Marking the invitation used is a conditional update, so a link opened twice at once is
    used once.
    """
    already = db.session.scalar(
        sa.select(Person.id).where(Person.family_id == invitation.family_id, Person.user_id == user.id))
    if already is not None:
        raise InvitationError(_("You are already in this family."))
    claimed = db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=utcnow(), used_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    person = invitation.person
    if claimed != 1 or person.user_id is not None:
        raise InvitationError(_("This invitation has already been used."))
    person.user_id = user.id
    person.email = person.email or user.email
    db.session.flush()
    db.session.expire(invitation)
    return person
