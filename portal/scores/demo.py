"""Scale questions of the demo family 'Familie De Vries', in Dutch, answered over the last weeks."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Family, Person, Role
from portal.parts.models import Visibility
from portal.scores.models import ScaleAnswer
from portal.scores.services import add_question

SAFE = "Hoe zeker ben je dat Sam en Noor veilig zijn met deze afspraken?"
# (who, days ago, score, what would make it one point higher)
SAFE_ANSWERS = [
    ("Sandra de Vries", 42, 6, ""),
    ("Jeroen Bakker", 42, 5, "Als ik weet wie Noor ophaalt op de dagen dat Sandra werkt."),
    ("Kees de Vries", 41, 6, ""),
    ("Sam", 40, 5, ""),
    ("Sandra de Vries", 28, 7, ""),
    ("Jeroen Bakker", 28, 6, ""),
    ("Kees de Vries", 27, 7, "Het helpt dat ik Noor op maandag naar school breng. Dan zie ik hoe het gaat."),
    ("Sam", 27, 6, ""),
    ("Ria Jansen", 26, 7, ""),
    ("Fatima El Amrani", 25, 6, ""),
    ("Sandra de Vries", 14, 7, ""),
    ("Jeroen Bakker", 14, 7, ""),
    ("Sam", 13, 7, "Als mama en ik vaker samen eten."),
    ("Kees de Vries", 12, 7, ""),
    ("Fatima El Amrani", 11, 7, ""),
    ("Ria Jansen", 4, 5, "Ik zag de gordijnen drie dagen dicht. Als ik even mag aanbellen, word ik rustiger."),
    ("Sandra de Vries", 3, 8, "Het helpt dat opa Noor naar school brengt."),
    ("Jeroen Bakker", 2, 4, "Sam vertelde dat het weekend thuis onrustig was. Als we daar samen over praten, "
                            "wordt het een 5."),
]

TRUST = "Hoeveel vertrouwen heb je dat Sandra op tijd hulp vraagt als het moeilijk wordt?"
TRUST_ANSWERS = [
    ("Sandra de Vries", 35, 5, "Als ik weet dat niemand boos wordt als ik bel."),
    ("Jeroen Bakker", 35, 4, ""),
    ("Sandra de Vries", 10, 6, ""),
    ("Jeroen Bakker", 9, 6, "Sandra belde mij zelf toen het weekend zwaar was. Dat was de eerste keer."),
]


def seed_demo(family: Family, today: date) -> None:
    """Two questions: the safety question for everyone, with a drop from Ria and Jeroen in the last
    week, and a question about asking for help that only the family and the mentor see."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    mother = next(p for p in people.values() if p.role == Role.FAMILY and p.user is not None).user
    for text, visibility, answers, asked_days_ago in ((SAFE, Visibility.NETWORK, SAFE_ANSWERS, 43),
                                                      (TRUST, Visibility.FAMILY_AND_MENTOR, TRUST_ANSWERS, 36)):
        question = add_question(family.id, text, visibility, mother)
        question.created_at = datetime.combine(today - timedelta(days=asked_days_ago), time(19), tzinfo=timezone.utc)
        for name, days_ago, score, note in answers:
            db.session.add(ScaleAnswer(
                question=question, person=people[name], score=score, note=note,
                answered_at=datetime.combine(today - timedelta(days=days_ago), time(18, 30), tzinfo=timezone.utc)))
    db.session.flush()
