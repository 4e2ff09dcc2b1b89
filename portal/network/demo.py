"""The network map of the demo family 'Familie De Vries', in Dutch: four generations (a great-grandfather
who died), Sandra separated from the children's father, an aunt who lives far away, and two questions
of the sociogram filled in."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Distance, Family, Person, Role, Shape
from portal.families.services import add_person
from portal.network.models import CircleQuestion, TieKind
from portal.network.services import add_sociogram, add_tie, place_people

SQUARE, CIRCLE = Shape.SQUARE, Shape.CIRCLE
NEAR, FAR = Distance.NEARBY, Distance.FAR

# name: (relation if new, shape, year of birth, where they live, deceased, notes for the family)
DETAILS = {
    "Hendrik de Vries": ("overgrootvader, vader van opa Kees", SQUARE, 1931, None, True, ""),
    "Lies de Vries": ("oma", CIRCLE, 1955, NEAR, False, ""),
    "Mark Bos": ("vader van Sam en Noor", SQUARE, 1980, NEAR, False,
                 "Sinds de scheiding weinig contact. Sam wil hem wel vaker zien."),
    "Kees de Vries": (None, SQUARE, 1953, NEAR, False, ""),
    "Sandra de Vries": (None, CIRCLE, 1982, NEAR, False, ""),
    "Sam": (None, SQUARE, None, NEAR, False, ""),
    "Noor": (None, CIRCLE, None, NEAR, False, ""),
    "Ellen de Vries": (None, CIRCLE, 1979, NEAR, False, ""),
    "Miriam Kaya": (None, CIRCLE, 1977, FAR, False, "Woont in Groningen, belt wel elke week met Sam."),
    "Ria Jansen": (None, CIRCLE, 1961, NEAR, False, ""),
    "Fatima El Amrani": (None, CIRCLE, 1984, NEAR, False, ""),
    "Jeroen Bakker": (None, SQUARE, 1975, NEAR, False, ""),
}

TIES = [
    ("Hendrik de Vries", TieKind.PARENT, "Kees de Vries"),
    ("Kees de Vries", TieKind.PARTNER, "Lies de Vries"),
    ("Kees de Vries", TieKind.PARENT, "Sandra de Vries"),
    ("Lies de Vries", TieKind.PARENT, "Sandra de Vries"),
    ("Kees de Vries", TieKind.PARENT, "Ellen de Vries"),
    ("Lies de Vries", TieKind.PARENT, "Ellen de Vries"),
    ("Sandra de Vries", TieKind.SEPARATED, "Mark Bos"),
    ("Mark Bos", TieKind.SIBLING, "Miriam Kaya"),
    ("Sandra de Vries", TieKind.PARENT, "Sam"),
    ("Mark Bos", TieKind.PARENT, "Sam"),
    ("Sandra de Vries", TieKind.PARENT, "Noor"),
    ("Mark Bos", TieKind.PARENT, "Noor"),
    ("Kees de Vries", TieKind.NO_CONTACT, "Mark Bos"),
]

CIRCLES = {
    CircleQuestion.IMPORTANT: {"Kees de Vries": 1, "Lies de Vries": 1, "Ellen de Vries": 1, "Jeroen Bakker": 1,
                               "Fatima El Amrani": 2, "Ria Jansen": 2, "Miriam Kaya": 2, "Mark Bos": 3},
    CircleQuestion.MAY_HELP: {"Kees de Vries": 1, "Ria Jansen": 1, "Jeroen Bakker": 1, "Ellen de Vries": 1,
                              "Fatima El Amrani": 2, "Miriam Kaya": 2, "Lies de Vries": 2, "Mark Bos": 3},
}


def seed_demo(family: Family, today: date) -> None:
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    for name, (relation, shape, year, lives, deceased, notes) in DETAILS.items():
        if name not in people:
            people[name] = add_person(family, name=name, relation=relation or "", role=Role.NETWORK)
        person = people[name]
        person.shape, person.birth_year, person.lives = shape, year, lives
        person.deceased, person.private_notes = deceased, notes
    for person, kind, other in TIES:
        add_tie(family, people[person], kind, people[other])
    for question, placed in CIRCLES.items():
        sociogram = add_sociogram(family, question)
        place_people(sociogram, {people[name].id: circle for name, circle in placed.items()})
