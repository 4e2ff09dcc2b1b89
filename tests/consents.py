"""Giving a professional a permission in tests, without the pages (tests/test_consent_pages.py tests those)."""
from __future__ import annotations

from datetime import date, timedelta

from portal.auth.models import User
from portal.consent.models import Consent, ConsentLevel, ConsentStatus
from portal.consent.services import approve, consent_state, create_consent
from portal.consent.grants import family_people
from portal.extensions import db
from portal.families.models import Person


def consent_in_force(professional: Person, parts, given_by: User, level: ConsentLevel = ConsentLevel.READ,
                     today: date | None = None, days: int = 90) -> Consent:
    """A permission for `professional` to see `parts`, from yesterday for `days` days, agreed by
    everyone who must agree: in force today. Committed."""
    today = today or date.today()
    consent = create_consent(professional.family_id, professional, set(parts), level, today - timedelta(days=1),
                             today + timedelta(days=days), "Samen de zorg afstemmen", given_by)
    for grantor in consent_state(consent, family_people(professional.family_id), today).required:
        approve(consent, grantor, today)
    assert consent.status == ConsentStatus.ACTIVE
    db.session.commit()
    return consent


def pending_consent(professional: Person, parts, given_by: User, level: ConsentLevel = ConsentLevel.READ) -> Consent:
    """A permission nobody agreed to yet. Committed."""
    today = date.today()
    consent = create_consent(professional.family_id, professional, set(parts), level, today,
                             today + timedelta(days=90), "", given_by)
    db.session.commit()
    return consent

