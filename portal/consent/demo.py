"""The demo family's one permission: the district-team worker sees the agreements (with their tasks)
and the safety plan, to read, for three months; Sandra and Sam (15) both agreed, so it is in force."""
from __future__ import annotations

from datetime import date

from portal.auth.models import User
from portal.consent.queries import months_later
from portal.consent.models import ConsentLevel
from portal.consent.services import approve, consent_state, create_consent
from portal.consent.grants import family_people
from portal.extensions import db
from portal.families.models import Family, Role
from portal.parts.models import PlanPart

PURPOSE = ("Zodat het wijkteam kan meedenken over de afspraken en het veiligheidsplan, en kan zien of de "
           "voorwaarden gehaald worden.")


def seed_demo(family: Family, today: date) -> None:
    people = family_people(family.id)
    worker = next(p for p in people if p.role == Role.PROFESSIONAL)
    mother = next(p for p in people if p.role == Role.FAMILY and p.has_parental_authority)
    consent = create_consent(family.id, worker, {PlanPart.AGREEMENTS, PlanPart.SAFETY}, ConsentLevel.READ,
                             today, months_later(today, 3), PURPOSE, db.session.get(User, mother.user_id))
    for grantor in consent_state(consent, people, today).required:
        approve(consent, grantor, today)
