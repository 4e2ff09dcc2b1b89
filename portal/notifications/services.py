"""One notification to one person: their choice decides how, its key makes it happen once, and
the mail is composed in their language and written to the outbox in the caller's transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from portal.extensions import db
from portal.families.models import Person, Role
from portal.mail import Attachment, OutgoingMail, queue_mail
from portal.notifications.links import path_for, public_url, unsubscribe_token
from portal.notifications.models import Delivery, Notification, NotificationPreference, Outcome
from portal.notifications.rules import RULES, Kind


@dataclass(frozen=True)
class Composed:
    """What a mail says, in the language it was composed in."""

    subject: str
    headline: str                 # one line: the digest and the "could not be reached" list show it
    lines: list[str]
    button: str
    link: str                     # a path; made absolute on the public address
    attachments: tuple[Attachment, ...] = field(default=())


def address_of(person: Person) -> str | None:
    """Where mail for `person` goes: their account's address, else the one the family noted."""
    if person.user is not None:
        return person.user.email
    return person.email or None


def locale_of(person: Person) -> str:
    return (person.user.locale if person.user is not None else None) or current_app.config["BABEL_DEFAULT_LOCALE"]


def preference_of(person: Person, kind: Kind) -> Delivery:
    chosen = db.session.scalar(sa.select(NotificationPreference.delivery).where(
        NotificationPreference.person_id == person.id, NotificationPreference.kind == kind.value))
    return chosen or RULES[kind].default


def already_told(kind: Kind, subject: str, occurrence: str, person: Person) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(
        Notification.kind == kind.value, Notification.subject == subject,
        Notification.occurrence == occurrence, Notification.person_id == person.id))) or False


def can_be_told(person: Person) -> bool:
    return person.left_at is None and person.role != Role.PROFESSIONAL


def notify(kind: Kind, person: Person, subject: str, occurrence: str,
           compose: Callable[[], Composed]) -> Notification | None:
    """Tell `person` of `subject` (once per `occurrence`), as they chose for `kind`. Returns the
    notification, or None when they were told already or are not someone Kring tells."""
    if not can_be_told(person) or already_told(kind, subject, occurrence, person):
        return None
    with force_locale(locale_of(person)):
        composed = compose()
        delivery = preference_of(person, kind)
        address = address_of(person)
        outbox_row = None
        if delivery == Delivery.OFF:
            outcome = Outcome.NOT_WANTED
        elif not address:
            outcome = Outcome.NO_ADDRESS
        elif delivery == Delivery.DIGEST and RULES[kind].digest_possible:
            outcome = Outcome.IN_DIGEST
        else:
            outcome = Outcome.MAILED
            outbox_row = queue_mail(db.session, mail_for(kind, person, address, composed))
            db.session.flush()
    notification = Notification(family_id=person.family_id, person_id=person.id, kind=kind.value,
                                subject=subject, occurrence=occurrence, outcome=outcome,
                                headline=composed.headline[:300], link=composed.link[:300],
                                outbox_id=outbox_row.id if outbox_row else None)
    db.session.add(notification)
    return notification


def mail_for(kind: Kind, person: Person, address: str, composed: Composed) -> OutgoingMail:
    """The mail itself, plain text and HTML, with a one-click unsubscribe for its kind (RFC 8058)."""
    unsubscribe = public_url(path_for("notifications.unsubscribe",
                                      unsubscribe_token=unsubscribe_token(person.id, kind.value)))
    values = dict(name=person.name, lines=composed.lines, button=composed.button,
                  link=public_url(composed.link), unsubscribe=unsubscribe,
                  kind_label=str(RULES[kind].label), locale=locale_of(person),
                  settings=public_url(path_for("notifications.settings", family_id=person.family_id)))
    env = current_app.jinja_env
    return OutgoingMail(
        to=address, subject=composed.subject,
        body=env.get_template("notifications/mail.txt").render(**values),
        html=env.get_template("notifications/mail.html").render(**values),
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Content-Language": locale_of(person)},
        attachments=composed.attachments,
        family_id=person.family_id, person_id=person.id, kind=kind.value,
    )


def set_preference(person: Person, kind: Kind, delivery: Delivery) -> None:
    row = db.session.scalar(sa.select(NotificationPreference).where(
        NotificationPreference.person_id == person.id, NotificationPreference.kind == kind.value))
    if row is None:
        db.session.add(NotificationPreference(person_id=person.id, kind=kind.value, delivery=delivery))
    else:
        row.delivery = delivery

