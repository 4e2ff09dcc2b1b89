"""Read models of the notification pages."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.access import FamilyContext, visible_people
from portal.extensions import db
from portal.families.models import Person
from portal.notifications.models import Delivery, Notification, NotificationPreference, Outcome
from portal.notifications.rules import RULES, Kind, kinds_for
from portal.outbox.models import MailStatus, OutboxMessage


def kinds_of(person: Person) -> list[Kind]:
    return kinds_for(person)


def current_choices(person: Person) -> dict[Kind, str]:
    chosen = dict(db.session.execute(sa.select(NotificationPreference.kind, NotificationPreference.delivery)
                                     .where(NotificationPreference.person_id == person.id)).all())
    return {kind: Delivery(chosen.get(kind.value, RULES[kind].default)).value for kind in RULES}


@dataclass
class Unreached:
    person: Person
    no_address: list[Notification]     # Kring had no e-mail address for them
    not_delivered: list[Notification]  # the mail server did not take the mail


def unreached_people(ctx: FamilyContext, limit_per_person: int = 10) -> list[Unreached]:
    """Who in the network (as far as this member sees) could not be reached by mail, and for what,
    newest first: for the family and the mentor to call them."""
    seen = visible_people(ctx).with_only_columns(Person.id).scalar_subquery()
    rows = db.session.scalars(
        sa.select(Notification)
        .outerjoin(OutboxMessage, OutboxMessage.id == Notification.outbox_id)
        .where(Notification.family_id == ctx.family.id, Notification.person_id.in_(seen),
               sa.or_(Notification.outcome == Outcome.NO_ADDRESS, OutboxMessage.status == MailStatus.FAILED))
        .options(selectinload(Notification.person))
        .order_by(Notification.id.desc()))
    found: dict[int, Unreached] = {}
    for row in rows:
        entry = found.setdefault(row.person_id, Unreached(row.person, [], []))
        target = entry.no_address if row.outcome == Outcome.NO_ADDRESS else entry.not_delivered
        if len(target) < limit_per_person:
            target.append(row)
    return sorted(found.values(), key=lambda u: u.person.name)
