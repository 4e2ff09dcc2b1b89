"""The log of the demo family 'Familie De Vries', in Dutch: short updates from the last two weeks."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Family, Person
from portal.logbook.services import write_entry
from portal.parts.models import Visibility

# (who, days ago, hour in UTC, text, visibility)
ENTRIES = [
    ("Ria Jansen", 12, 15, "Noor kwam na school even bij mij tot Sandra thuis was. We hebben een puzzel van "
                           "de dierentuin gemaakt. Ze was vrolijk.", Visibility.NETWORK),
    ("Kees de Vries", 8, 14, "Tuin is half winterklaar. De rest doe ik volgende week, als het droog is.",
     Visibility.NETWORK),
    ("Sandra de Vries", 6, 20, "Dank jullie wel allemaal. Deze week voelde lichter.", Visibility.NETWORK),
    ("Sam", 5, 19, "Training was goed, we hebben met 3-1 gewonnen!", Visibility.NETWORK),
    ("Jeroen Bakker", 4, 21, "Sandra vertelde dat het weekend zwaar was. We hebben afgesproken dat ze belt als "
                             "het weer zo voelt, ook 's avonds.", Visibility.FAMILY_AND_MENTOR),
    ("Fatima El Amrani", 3, 18, "Lang met Sandra gebeld. Zaterdag gaan we samen wandelen in het park.",
     Visibility.NETWORK),
    ("Ria Jansen", 2, 10, "Even aangebeld en koffie gedronken. Sandra was moe, maar we hebben ook gelachen.",
     Visibility.NETWORK),
    ("Kees de Vries", 1, 7, "Noor naar school gebracht. Ze had er zin in, want ze mocht haar spreekbeurt over "
                            "cavia's houden. Alles goed.", Visibility.NETWORK),
]


def seed_demo(family: Family, today: date) -> None:
    """Updates from opa, Ria, Fatima, Sam, Sandra and Jeroen (his one only for the family and the mentor)."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    for name, days_ago, hour, text, visibility in ENTRIES:
        entry = write_entry(people[name], text, visibility)
        entry.created_at = datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=timezone.utc)
    db.session.flush()
