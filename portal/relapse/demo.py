"""The relapse plan of the demo family 'Familie De Vries', in Dutch."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Family, Person
from portal.parts.models import Visibility
from portal.relapse.models import RelapseKind
from portal.relapse.services import AlarmDetails, save_alarm_pair, save_entry

NETWORK, NARROWED = Visibility.NETWORK, Visibility.FAMILY_AND_MENTOR

ENTRIES = [
    (RelapseKind.WARNING_SIGN, "Sandra neemt twee dagen of langer haar telefoon niet op.", NETWORK),
    (RelapseKind.WARNING_SIGN, "De gordijnen blijven overdag dicht en de post stapelt zich op.", NETWORK),
    (RelapseKind.WARNING_SIGN, "Sam slaat de voetbaltraining over of slaapt steeds vaker bij vrienden.", NETWORK),
    (RelapseKind.WARNING_SIGN, "Noor komt zonder ontbijt of zonder gymtas op school.", NETWORK),
    (RelapseKind.WARNING_SIGN, "Sandra drinkt weer alcohol, ook doordeweeks.", NARROWED),
    (RelapseKind.AFTER_ALARM, "Jeroen of opa Kees gaat binnen een dag bij Sandra langs. Niet om te controleren, "
                              "maar om te vragen wat er nodig is.", NETWORK),
    (RelapseKind.AFTER_ALARM, "Sam en Noor kunnen een paar nachten bij opa Kees slapen als dat nodig is.", NETWORK),
    (RelapseKind.AFTER_ALARM, "Binnen een week komt het netwerk bij elkaar om de afspraken samen opnieuw te "
                              "bekijken.", NETWORK),
    (RelapseKind.AGREEMENTS_BROKEN, "Als de veiligheidsafspraken niet worden nagekomen, belt Jeroen met Anouk "
                                    "Smit van het wijkteam. Samen met Sandra bespreken ze wat er nu nodig is.",
     NETWORK),
    (RelapseKind.AGREEMENTS_BROKEN, "Als de kinderen thuis niet veilig zijn, gaan ze naar opa Kees of naar Ria, "
                                    "en schakelen we Veilig Thuis in.", NETWORK),
]


def seed_demo(family: Family, today: date) -> None:
    """Warning signs (one narrowed to the family and the mentor), who may raise the alarm, and what then."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    for kind, text, visibility in ENTRIES:
        save_entry(family, kind, text, visibility)
    for raiser, contact, note in (
        ("Kees de Vries", "Jeroen Bakker", "Bellen, dezelfde dag nog."),
        ("Ria Jansen", "Kees de Vries", "Als ze iets ziet of hoort, belt ze eerst opa Kees."),
        ("Fatima El Amrani", "Ellen de Vries", "Appen of bellen. Ellen neemt dan contact op met Sandra."),
        ("Jeroen Bakker", "Anouk Smit", "Als het twee keer niet lukt met de afspraken."),
    ):
        save_alarm_pair(family, AlarmDetails(people[raiser], people[contact], note, NETWORK))
