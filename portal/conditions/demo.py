"""The conditions of the demo family 'Familie De Vries', set by Anouk Smit (wijkteam), in Dutch."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.agreements.models import Agreement
from portal.conditions.services import add_comment, add_condition, link_agreement
from portal.extensions import db
from portal.families.models import Family, Person
from portal.parts.models import Visibility


def seed_demo(family: Family, today: date) -> None:
    """Three conditions: one met, one not yet met, and one the family keeps from the network; each
    counts on one of the demo's agreements (portal/agreements/demo.py), found by its title."""
    agreements = {a.title: a for a in db.session.scalars(sa.select(Agreement).where(Agreement.family_id == family.id))}
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    anouk, sandra, jeroen = people["Anouk Smit"], people["Sandra de Vries"], people["Jeroen Bakker"]

    care = add_condition(family.id, "Op twee vaste middagen per week vangt iemand die het gezin vertrouwt Noor "
                                    "na school op, zodat Sandra kan rusten.", anouk)
    care.visibility = Visibility.NETWORK  # Sandra chose to show this one to everyone
    link_agreement(care, agreements["Noor heeft op dinsdag en donderdag een vaste plek na school"])
    add_comment(care, "Opa kan op donderdag. Voor dinsdag hebben we het aan Fatima gevraagd.", sandra)
    add_comment(care, "Fijn. Als Fatima ja zegt, is aan deze voorwaarde voldaan.", anouk)

    safe = add_condition(family.id, "Sam en Noor weten allebei bij wie ze terecht kunnen als het thuis niet "
                                    "veilig voelt, ook 's avonds en in het weekend.", anouk)
    safe.visibility = Visibility.NETWORK
    link_agreement(safe, agreements["De kinderen kunnen altijd bij Ria terecht"])
    add_comment(safe, "Sam heeft het nummer van Ria in zijn telefoon gezet. Noor weet waar Ria woont.", jeroen)

    doctor = add_condition(family.id, "Sandra heeft binnen zes weken een gesprek met de huisarts of het "
                                      "wijkteam over haar alcoholgebruik.", anouk)
    link_agreement(doctor, agreements["Jeroen gaat met Sandra mee naar de huisarts"])
    add_comment(doctor, "Ik wil dit eerst zelf regelen. Jeroen gaat met me mee.", sandra)
    db.session.flush()
