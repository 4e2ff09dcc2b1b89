"""The plan of the demo family 'Familie De Vries', in Dutch: the goal in their own words, its
history, concerns, strengths and exceptions."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Family, Person
from portal.plans.models import EntryKind, PlanStatus
from portal.parts.models import Visibility
from portal.plans.services import EntryText, PlanText, add_entry, plan_of, save_plan

FIRST_GOAL = "Dat het thuis rustiger wordt."
GOAL = ("Sam en Noor wonen veilig en met plezier thuis bij Sandra. Sandra staat er niet meer alleen voor: "
        "opa, de buren, de tantes en Fatima helpen op vaste dagen mee, zodat er rust komt in huis en "
        "Sandra weer tijd heeft om op adem te komen.")
OWN_WORDS = (
    "Sinds de scheiding doe ik alles alleen. Ik hou van mijn kinderen, maar soms wordt het me te veel. "
    "Dan word ik boos, of ik trek me terug op de bank. Ik wil dat Sam en Noor weten dat er altijd "
    "iemand voor ze is, ook als ik het even niet trek. En ik wil zelf weer lucht hebben. (Sandra)\n"
    "Ik wil gewoon dat het thuis rustig is en dat ik weer naar voetbal kan. (Sam)\n"
    "Ik wil dat mama weer lacht. (Noor)"
)


def _moment(today: date, days_ago: int, hour: int) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=timezone.utc)


def seed_demo(family: Family, today: date) -> None:
    """The goal (first a draft, then the version the network agreed on), notes in three groups, one
    of them kept between Sandra and the mentor."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    sandra, jeroen = people["Sandra de Vries"], people["Jeroen Bakker"]

    save_plan(family.id, PlanText(FIRST_GOAL, "", PlanStatus.DRAFT), sandra, seen_version=0)
    plan = plan_of(family.id)
    save_plan(family.id, PlanText(GOAL, OWN_WORDS, PlanStatus.ACTIVE), jeroen, seen_version=plan.version)
    db.session.flush()
    db.session.refresh(plan)
    plan.updated_at = _moment(today, 12, 20)
    for revision in plan.revisions:
        revision.changed_at = plan.updated_at

    notes = [
        (EntryKind.CONCERN, sandra, Visibility.NETWORK,
         "Noor wil 's avonds niet alleen in slaap vallen en is op school snel in tranen."),
        (EntryKind.CONCERN, jeroen, Visibility.NETWORK,
         "Sam gaat sinds de zomer bijna niet meer naar voetbaltraining en zit veel op zijn kamer."),
        (EntryKind.CONCERN, sandra, Visibility.FAMILY_AND_MENTOR,
         "Ik drink 's avonds soms meer dan goed voor me is, vooral als de kinderen op bed liggen en ik "
         "alleen ben. Ik wil daar eerst zelf met Anouk over praten voordat het hele netwerk het weet."),
        (EntryKind.STRENGTH, sandra, Visibility.NETWORK,
         "Opa Kees is er elke maandag voor Noor. Noor is graag bij hem en komt vrolijk thuis."),
        (EntryKind.STRENGTH, jeroen, Visibility.NETWORK,
         "Sandra weet goed wat haar kinderen nodig hebben, en ze durft nu zelf om hulp te vragen."),
        (EntryKind.STRENGTH, jeroen, Visibility.NETWORK,
         "Sam en ik kunnen goed praten, ook over moeilijke dingen. Na de training blijft hij vaak even hangen."),
        (EntryKind.STRENGTH, sandra, Visibility.NETWORK,
         "Ria woont twee deuren verder en heeft een sleutel. De kinderen kunnen altijd bij haar terecht."),
        (EntryKind.EXCEPTION, sandra, Visibility.NETWORK,
         "In de herfstvakantie logeerden Sam en Noor een week bij opa. Ik sliep beter en er was geen ruzie. "
         "Het verschil: ik had tijd voor mezelf en wist dat de kinderen goed zaten."),
        # Speaks of the drinking, so it stays as private as the concern itself.
        (EntryKind.EXCEPTION, sandra, Visibility.FAMILY_AND_MENTOR,
         "Op de avonden dat Fatima belt, ga ik rustiger naar bed en drink ik niets."),
    ]
    for number, (kind, author, visibility, text) in enumerate(notes):
        entry = add_entry(family.id, EntryText(kind, text, visibility), author)
        entry.created_at = entry.updated_at = _moment(today, 20 - number, 19)

