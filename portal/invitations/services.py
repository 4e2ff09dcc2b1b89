"""Inviting a person in the network to Kring, and joining through the link."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.email_proof import mark_email_proven
from portal.auth.models import User
from portal.auth.tokens import hash_token, keyed_token, new_token
from portal.auth.services import normalise_email
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.invitations.models import Invitation
from portal.mail import OutgoingMail, queue_mail
from portal.transactions import Refused


class InvitationError(Refused):
    """The invitation cannot be made or used; `str(self)` is a translated message for the user."""


@dataclass(frozen=True)
class InviteOutcome:
    invitation: Invitation
    token: str   # the secret part of the link; shown once, never stored


def join_url(token: str) -> str:
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    return base + url_for("invitations.join", token=token)


def invite(person: Person, inviter: User, *, email: str | None, send_mail: bool) -> InviteOutcome:
    """Invite `person` (who has no account in the family yet) to join their family in Kring.

    Always a single-use link, also when `email` belongs to an existing account: nobody joins a
    family without saying yes themselves. The link is mailed when `send_mail` is set; an account
    whose proven address is `email` also finds the invitation on its start page. The outcome is the
    same whether or not `email` has an account, so the inviter cannot tell.
    Raises `InvitationError` when the person has an account already.
    """
    if person.user_id is not None:
        raise InvitationError(_("%(name)s already has an account in this family.", name=person.name))
    email = normalise_email(email) if email else None
    if email:
        person.email = email
    mailed_to = email if send_mail else None
    share_nonce = None if mailed_to else new_token()
    token = new_token() if mailed_to else keyed_token(current_app.secret_key, share_nonce)
    invitation = Invitation(
        family_id=person.family_id, person_id=person.id, email=mailed_to, token_hash=hash_token(token),
        created_by_id=inviter.id, share_nonce=share_nonce,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    if mailed_to:
        with force_locale(inviter.locale):
            queue_mail(db.session, OutgoingMail(
                to=mailed_to,
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
    return InviteOutcome(invitation, token)


def shared_link(invitation: Invitation) -> str | None:
    """The link of an invitation the family shares by hand, while it can still be used; never
    that of a mailed one (opening that proves the address, so only that mailbox may hold it)."""
    if invitation.share_nonce is None or not invitation.is_usable(utcnow()):
        return None
    return join_url(keyed_token(current_app.secret_key, invitation.share_nonce))


def shared_links_of(family_id: int) -> dict[int, tuple[Invitation, str]]:
    """Per person without an account: their newest hand-shared invitation and its link, while it
    can be used. A new invitation renews it (the card shows the newest)."""
    invitations = db.session.scalars(
        sa.select(Invitation).join(Person, Person.id == Invitation.person_id)
        .where(Invitation.family_id == family_id, Invitation.share_nonce.is_not(None),
               Invitation.used_at.is_(None), Invitation.declined_at.is_(None),
               Invitation.expires_at > utcnow(), Person.user_id.is_(None))
        .order_by(Invitation.id))
    links = {}
    for invitation in invitations:
        link = shared_link(invitation)
        if link:
            links[invitation.person_id] = (invitation, link)
    return links


def pending_invitations_for(user: User) -> sa.Select:
    """The open invitations mailed to `user`'s address, if the account has proven that address.

    An unproven address is only what someone typed at registration: it gets nothing.
    """
    membership = aliased(Person)
    query = (sa.select(Invitation)
             .join(Person, Person.id == Invitation.person_id)
             .where(Invitation.email == user.email, Invitation.used_at.is_(None),
                    Invitation.declined_at.is_(None), Invitation.expires_at > utcnow(),
                    Person.user_id.is_(None), Person.left_at.is_(None),
                    ~sa.exists().where(membership.family_id == Invitation.family_id,
                                       membership.user_id == user.id)))
    if not user.email_is_proven:
        query = query.where(sa.false())
    return query.order_by(Invitation.created_at.desc())


def pending_invitation(user: User, invitation_id: int) -> Invitation | None:
    """One of `pending_invitations_for(user)`, or None (the caller answers 404)."""
    return db.session.scalar(pending_invitations_for(user).where(Invitation.id == invitation_id))


def decline(invitation: Invitation) -> None:
    """The invited person says no: the link stops working, the family sees it was declined."""
    invitation.declined_at = utcnow()


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
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None), Invitation.declined_at.is_(None))
        .values(used_at=utcnow(), used_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    person = invitation.person
    if claimed != 1 or person.user_id is not None:
        raise InvitationError(_("This invitation has already been used."))
    person.user_id = user.id
    person.email = person.email or user.email
    if invitation.email is not None and invitation.email == user.email:
        # The link was mailed to this address and opened: that proves the address.
        mark_email_proven(user)
    db.session.flush()
    db.session.expire(invitation)
    return person
