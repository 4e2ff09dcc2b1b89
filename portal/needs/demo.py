"""What the demo family 'Familie De Vries' is looking for, in Dutch: offers of help and how people take part."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Family, Person, Role
from portal.needs.models import HelpMode, OfferStatus, TakingPart
from portal.needs.services import NeedDetails, create_need, offer_help, set_taking_part
from portal.parts.models import Visibility
from portal.tasks.models import Category, Task

NEEDS = [
    ("Iemand die meeleest met de post van de gemeente", Category.PAPERWORK, HelpMode.VISIT,
     "Er komen veel brieven over de huur en de toeslagen. Sandra wil ze liever niet alleen openmaken.",
     Visibility.NETWORK),
    ("Vervoer naar de zwemles van Noor", Category.TRANSPORT, HelpMode.VISIT,
     "Noor zwemt op woensdag om half vier in De Wetering. Sandra moet dan nog werken.", Visibility.NETWORK),
    ("Iemand om mee te praten als het even tegenzit", Category.EMOTIONAL, HelpMode.CALL,
     "Gewoon even bellen. Sandra hoeft dan niet uit te leggen wat er aan de hand is.", Visibility.NETWORK),
    ("Opvang voor Noor op dinsdagmiddag", Category.CHILDCARE, HelpMode.VISIT,
     "Noor is op dinsdag om twaalf uur uit school. Sandra werkt tot vijf uur.", Visibility.NETWORK),
    ("Iemand die meegaat naar de gesprekken bij de verslavingszorg", Category.EMOTIONAL, HelpMode.EITHER,
     "Sandra gaat om de twee weken op donderdagochtend. Het helpt als iemand meegaat, of na afloop even belt.",
     Visibility.FAMILY_AND_MENTOR),
]

TAKING_PART = {
    "Kees de Vries": TakingPart.HELP_OUT,
    "Ria Jansen": TakingPart.HELP_OUT,
    "Ellen de Vries": TakingPart.BOTH,
    "Miriam Kaya": TakingPart.THINK_ALONG,
    "Fatima El Amrani": TakingPart.BOTH,
    "Jeroen Bakker": TakingPart.THINK_ALONG,
}


def _days_ago(today: date, days: int, hour: int) -> datetime:
    return datetime.combine(today - timedelta(days=days), time(hour), tzinfo=timezone.utc)


def seed_demo(family: Family, today: date) -> None:
    """Five needs (one only for the family and the mentor): one taken care of by Ellen's accepted
    offer, with a second offer from Miriam waiting (so the page warns), opa's offer for swimming
    lessons waiting, and Fatima's weekly call covering the need for someone to talk to."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    mother = next(p for p in people.values() if p.role == Role.FAMILY and p.user is not None).user
    opa = people["Kees de Vries"]
    tasks = {t.title: t for t in db.session.scalars(sa.select(Task).where(Task.family_id == family.id))}
    needs = {}
    for days, (title, category, mode, description, visibility) in zip((24, 20, 18, 9, 6), NEEDS):
        need = create_need(family.id, NeedDetails(title, description, category, mode, visibility), mother)
        need.created_at = _days_ago(today, days, 19)
        needs[title] = need

    post = needs["Iemand die meeleest met de post van de gemeente"]
    ellen = offer_help(post, people["Ellen de Vries"], "Ik doe zelf ook altijd de papieren voor oma. "
                       "Zullen we op zaterdagochtend samen aan tafel gaan zitten?", mother)
    ellen.created_at, ellen.status = _days_ago(today, 22, 10), OfferStatus.ACCEPTED
    ellen.answered_at = _days_ago(today, 21, 9)
    letters = tasks["Samen de post van de gemeente doornemen"]
    ellen.task_id = letters.id
    post.tasks.append(letters)
    miriam = offer_help(post, people["Miriam Kaya"], "Ik ken de weg bij de gemeente goed. Als Ellen een keer "
                        "niet kan, help ik graag.", mother)
    miriam.created_at = _days_ago(today, 3, 17)

    swimming = offer_help(needs["Vervoer naar de zwemles van Noor"], opa,
                          "Op woensdag kan ik Noor brengen. Dan blijf ik kijken, dat vindt ze leuk.", opa.user)
    swimming.created_at = _days_ago(today, 5, 11)

    needs["Iemand om mee te praten als het even tegenzit"].tasks.append(tasks["Elke week even bellen met Sandra"])

    for name, way in TAKING_PART.items():
        set_taking_part(people[name], way)
    db.session.flush()
