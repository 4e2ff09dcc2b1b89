"""Writes to the relapse plan. The caller commits."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.families.models import Family, Person
from portal.parts.models import Visibility
from portal.relapse.models import AlarmPair, RelapseEntry, RelapseKind
from portal.transactions import Refused


class RelapseRefused(Refused):
    """The change is not possible; `message` says why, in the user's language."""


def save_entry(family: Family, kind: RelapseKind, text: str, visibility: Visibility,
               entry: RelapseEntry | None = None) -> RelapseEntry:
    """Add an entry of `kind`, or change `entry`."""
    entry = entry or RelapseEntry(family_id=family.id)
    entry.kind, entry.text, entry.visibility = kind, text.strip(), visibility
    db.session.add(entry)
    db.session.flush()
    return entry


def delete_entry(entry: RelapseEntry) -> None:
    db.session.delete(entry)
    db.session.flush()


@dataclass(frozen=True)
class AlarmDetails:
    raiser: Person
    contact: Person
    note: str
    visibility: Visibility


def save_alarm_pair(family: Family, details: AlarmDetails, pair: AlarmPair | None = None) -> AlarmPair:
    """Add "`raiser` may raise the alarm with `contact`", or change `pair`.

    Raises `RelapseRefused` when both are the same person, or the pair is already in the plan.
    """
    if details.raiser.id == details.contact.id:
        raise RelapseRefused(_l("Choose two different people: the one who raises the alarm, and the one they go to."))
    duplicate = db.session.scalar(sa.select(AlarmPair.id).where(
        AlarmPair.raiser_id == details.raiser.id, AlarmPair.contact_id == details.contact.id,
        AlarmPair.id != (pair.id if pair else -1)))
    if duplicate is not None:
        raise RelapseRefused(_("%(raiser)s may already raise the alarm with %(contact)s.",
                               raiser=details.raiser.name, contact=details.contact.name))
    pair = pair or AlarmPair(family_id=family.id)
    pair.raiser, pair.contact = details.raiser, details.contact
    pair.note, pair.visibility = details.note.strip(), details.visibility
    db.session.add(pair)
    db.session.flush()
    return pair


def delete_alarm_pair(pair: AlarmPair) -> None:
    db.session.delete(pair)
    db.session.flush()
