"""The agreements of the demo family 'Familie De Vries', in Dutch, each with the tasks that carry it out."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.agreements.models import Agreement
from portal.agreements.services import AgreementText, create_agreement
from portal.extensions import db
from portal.families.models import Family, Person
from portal.parts.models import Visibility
from portal.tasks.models import Category, Rhythm, Task, TaskAction
from portal.tasks.services import TaskDetails, act, create_task


def seed_demo(family: Family, today: date) -> dict[str, Agreement]:
    """Six agreements: some everyone has said yes to, some still waiting, one kept between Sandra and
    the mentor. Ties the demo's existing tasks to them by title. Returns the agreements by short name."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    sandra, jeroen = people["Sandra de Vries"], people["Jeroen Bakker"]
    kees, fatima = people["Kees de Vries"], people["Fatima El Amrani"]
    mother = sandra.user
    tasks = {t.title: t for t in db.session.scalars(sa.select(Task).where(Task.family_id == family.id))}

    def agreement(title, description, *task_titles, visibility=Visibility.NETWORK, by=sandra) -> Agreement:
        made = create_agreement(family.id, AgreementText(title, description, visibility), by)
        for task_title in task_titles:
            tasks[task_title].agreement_id = made.id
        return made

    def task(made: Agreement, title, category, offered_to, *, due, rhythm=Rhythm.ONCE, description="") -> Task:
        return create_task(family.id, TaskDetails(title, description, category, rhythm, due, offered_to,
                                                  agreement_id=made.id), mother)

    monday = agreement(
        "Opa brengt Noor op maandag naar school",
        "Zo kan Sandra op maandagochtend vroeg naar haar werk, en begint Noor de week rustig.",
        "Noor naar school brengen op maandag")
    neighbour = agreement(
        "De kinderen kunnen altijd bij Ria terecht",
        "Ria heeft een reservesleutel. Als Sandra er niet is, of als het thuis even niet gaat, gaan Sam en "
        "Noor naar Ria. Ria belt dan Sandra of opa.",
        "Bij nood de deur opendoen voor de kinderen")
    support = agreement(
        "Sandra krijgt elke week steun",
        "Fatima belt elke week, en één avond per week kookt iemand anders, zodat Sandra even niets hoeft.",
        "Elke week even bellen met Sandra", "Op woensdag koken voor het gezin")
    agreement(
        "Samen de post en de rekeningen bijhouden",
        "Ellen kijkt elke maand met Sandra de post van de gemeente en de rekeningen door.",
        "Samen de post van de gemeente doornemen")
    after_school = agreement(
        "Noor heeft op dinsdag en donderdag een vaste plek na school",
        "Na school gaat Noor op dinsdag naar Fatima en op donderdag naar opa. Sandra haalt haar daar om "
        "zes uur op.")
    next_tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    task(after_school, "Noor op dinsdag na school opvangen", Category.CHILDCARE, fatima, due=next_tuesday,
         rhythm=Rhythm.WEEKLY, description="Noor heeft een sleutelhanger met het adres van Fatima in haar tas.")
    thursday = task(after_school, "Noor op donderdag na school opvangen", Category.CHILDCARE, kees,
                    due=next_tuesday + timedelta(days=2), rhythm=Rhythm.WEEKLY)
    act(thursday, TaskAction.ACCEPTED, kees, kees.user)
    doctor = agreement(
        "Jeroen gaat met Sandra mee naar de huisarts",
        "Sandra wil met de huisarts praten over slecht slapen en over drinken. Jeroen gaat mee naar het eerste "
        "gesprek, zodat ze er niet alleen voor staat.",
        visibility=Visibility.FAMILY_AND_MENTOR, by=jeroen)
    appointment = task(doctor, "Donderdagochtend met Sandra mee", Category.EMOTIONAL, jeroen,
                       due=today + timedelta(days=(3 - today.weekday()) % 7 or 7))
    act(appointment, TaskAction.ACCEPTED, jeroen, jeroen.user)
    return {"monday": monday, "neighbour": neighbour, "support": support, "after_school": after_school,
            "doctor": doctor}
