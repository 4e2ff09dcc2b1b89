"""Writes to the network map. The caller commits (the request wrapper does)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.families.models import Distance, Family, Person, Shape
from portal.network.models import SYMMETRIC_TIES, CircleQuestion, FamilyTie, Placement, Sociogram, TieKind
from portal.parts.versioning import compare_and_set
from portal.transactions import Refused

PERSON_CHANGED = _l("Someone else changed this person while you were writing. Below is what is saved now.")


class TieRefused(Refused):
    """A tie that cannot be: of someone with themselves, or one that is already on the map."""


@dataclass(frozen=True)
class PersonDetails:
    relation: str
    birth_year: int | None
    gender: str
    shape: Shape
    lives: Distance | None
    deceased: bool
    # None: this member may not change them (an account holder's own, or notes kept from them).
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    private_notes: str | None = None


def save_person(person: Person, details: PersonDetails, seen_version: int | None) -> None:
    """Save what the map says of `person`. Raises `StaleEdit` when someone saved meanwhile."""
    values = dict(relation=details.relation.strip(), birth_year=details.birth_year, gender=details.gender.strip(),
                  shape=details.shape, lives=details.lives, deceased=details.deceased)
    if details.name is not None:
        values.update(name=details.name.strip(), phone=(details.phone or "").strip() or None,
                      email=(details.email or "").strip().lower() or None)
    if details.private_notes is not None:
        values["private_notes"] = details.private_notes.strip()
    compare_and_set(person, seen_version, values, PERSON_CHANGED)


def add_tie(family: Family, person: Person, kind: TieKind, other: Person) -> FamilyTie:
    """"`person` is `kind` of `other`". A tie that goes both ways is stored once, whichever way round."""
    if person.id == other.id:
        raise TieRefused(_l("Choose two different people."))
    same = sa.and_(FamilyTie.person_id == person.id, FamilyTie.other_id == other.id)
    if kind in SYMMETRIC_TIES:
        same = sa.or_(same, sa.and_(FamilyTie.person_id == other.id, FamilyTie.other_id == person.id))
    if db.session.scalar(sa.select(FamilyTie.id).where(FamilyTie.kind == kind, same)) is not None:
        raise TieRefused(_l("This is already on the map."))
    tie = FamilyTie(family_id=family.id, person_id=person.id, other_id=other.id, kind=kind)
    db.session.add(tie)
    db.session.flush()
    return tie


def remove_tie(tie: FamilyTie) -> None:
    db.session.delete(tie)


def add_sociogram(family: Family, question: CircleQuestion) -> Sociogram:
    sociogram = Sociogram(family_id=family.id, question=question)
    db.session.add(sociogram)
    db.session.flush()
    return sociogram


def remove_sociogram(sociogram: Sociogram) -> None:
    db.session.delete(sociogram)


def place_people(sociogram: Sociogram, circles: dict[int, int | None]) -> None:
    """Put each person of `circles` ({person id: 1-3, or None to leave them out}) in their circle.
    The caller passes only people of the sociogram's family."""
    existing = {p.person_id: p for p in db.session.scalars(
        sa.select(Placement).where(Placement.sociogram_id == sociogram.id))}
    for person_id, circle in circles.items():
        placement = existing.get(person_id)
        if circle is None:
            if placement is not None:
                db.session.delete(placement)
        elif placement is None:
            db.session.add(Placement(family_id=sociogram.family_id, sociogram_id=sociogram.id,
                                     person_id=person_id, circle=circle))
        else:
            placement.circle = circle
    db.session.flush()
