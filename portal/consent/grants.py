"""What the family's consents in force grant a professional today: read-only, so that the access
policy can ask it without importing the code that changes consent."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from flask import current_app

from portal.consent.models import Consent, ConsentLevel, ConsentPart, ConsentStatus
from portal.consent.rules import AgeBands, band_snapshot, who_decides
from portal.extensions import db
from portal.families.models import Person, Role
from portal.parts.models import PlanPart


def age_bands() -> AgeBands:
    middle, adult = current_app.config.get("CONSENT_AGE_BANDS", (12, 16))
    return AgeBands(middle, adult)


def family_people(family_id: int) -> list[Person]:
    return list(db.session.scalars(sa.select(Person).where(Person.family_id == family_id, Person.left_at.is_(None))
                                   .order_by(Person.id)))


@dataclass(frozen=True)
class Grant:
    """What a professional may see in one family today, from the consents in force."""

    parts: frozenset[PlanPart] = frozenset()
    can_comment: frozenset[PlanPart] = frozenset()
    consent_for_part: tuple[tuple[PlanPart, int], ...] = ()
    until: date | None = None

    def consent_id(self, part: PlanPart | None) -> int | None:
        return dict(self.consent_for_part).get(part) if part else None


@cache
def _consent_parts_in_force() -> sa.Select:
    """(consent, level, until, agreed bands, part) for each part of each consent of
    `:professional_id` in force on `:today`; a consent without parts has one row with no part.
    Built once, on first use: every page a professional opens asks it."""
    return (sa.select(Consent.id, Consent.level, Consent.valid_until, Consent.agreed_bands, ConsentPart.part)
            .outerjoin(ConsentPart, ConsentPart.consent_id == Consent.id)
            .where(Consent.professional_id == sa.bindparam("professional_id"),
                   Consent.status == ConsentStatus.ACTIVE,
                   Consent.valid_from <= sa.bindparam("today"), Consent.valid_until >= sa.bindparam("today"))
            .order_by(Consent.id, ConsentPart.id))


@cache
def _family_youths() -> sa.Select:
    return (sa.select(Person)
            .where(Person.family_id == sa.bindparam("family_id"), Person.left_at.is_(None), Person.role == Role.YOUTH)
            .order_by(Person.id))


def grant_for(professional: Person, today: date) -> Grant:
    """The union of the professional's consents that are in force today (one statement, and one
    more for the youths' ages when there are any consents)."""
    rows = db.session.execute(_consent_parts_in_force(), {"professional_id": professional.id, "today": today}).all()
    if not rows:
        return Grant()
    # Only the youths' ages say who decides (`band_snapshot` looks at no one else).
    youths = list(db.session.scalars(_family_youths(), {"family_id": professional.family_id}))
    deciders = who_decides(band_snapshot(youths, today, age_bands()))
    parts: dict[PlanPart, int] = {}
    comment: set[PlanPart] = set()
    until: date | None = None
    for consent_id, level, valid_until, agreed_bands, part in rows:
        if who_decides(agreed_bands) != deciders:
            continue
        until = valid_until if until is None else max(until, valid_until)
        if part is None:
            continue
        parts.setdefault(part, consent_id)
        if level == ConsentLevel.COMMENT:
            comment.add(part)
    return Grant(frozenset(parts), frozenset(comment), tuple(parts.items()), until)
