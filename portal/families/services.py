"""Writes to a family and its network. The caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.auth.models import User
from portal.extensions import db
from portal.families.models import Family, Person, Role


@dataclass(frozen=True)
class NewChild:
    name: str
    date_of_birth: date


def create_family(founder: User, name: str, founder_relation: str, has_parental_authority: bool,
                  children: list[NewChild]) -> Family:
    """A new family space with its founder as its first `family` member."""
    family = Family(name=name.strip())
    family.people.append(Person(
        user_id=founder.id, name=founder.name, relation=founder_relation.strip(), role=Role.FAMILY,
        email=founder.email, has_parental_authority=has_parental_authority,
    ))
    for child in children:
        family.people.append(Person(name=child.name.strip(), relation="", role=Role.YOUTH,
                                    date_of_birth=child.date_of_birth))
    db.session.add(family)
    db.session.flush()
    return family


def add_person(family: Family, *, name: str, relation: str, role: Role, email: str | None = None,
               phone: str | None = None, date_of_birth: date | None = None,
               mentor_for: Person | None = None, has_parental_authority: bool = False) -> Person:
    person = Person(
        family_id=family.id, name=name.strip(), relation=relation.strip(), role=role,
        email=(email or "").strip().lower() or None, phone=(phone or "").strip() or None,
        date_of_birth=date_of_birth if role == Role.YOUTH else None,
        mentor_for_id=mentor_for.id if (mentor_for and role == Role.MENTOR) else None,
        has_parental_authority=has_parental_authority if role == Role.FAMILY else False,
    )
    db.session.add(person)
    db.session.flush()
    return person
