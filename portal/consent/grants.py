"""What the family's consents in force grant a professional today: read-only, so that the access
policy can ask it without importing the code that changes consent."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from portal.consent.models import Consent, ConsentLevel, ConsentStatus
from portal.consent.rules import AgeBands, band_snapshot, who_decides
from portal.extensions import db
from portal.families.models import Person
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


def grant_for(professional: Person, today: date) -> Grant:
    """The union of the professional's consents that are in force today (two queries)."""
    consents = list(db.session.scalars(
        sa.select(Consent)
        .where(Consent.professional_id == professional.id, Consent.status == ConsentStatus.ACTIVE,
               Consent.valid_from <= today, Consent.valid_until >= today)
        .options(selectinload(Consent.parts))
    ))
    if not consents:
        return Grant()
    deciders = who_decides(band_snapshot(family_people(professional.family_id), today, age_bands()))
    in_force = [c for c in consents if who_decides(c.agreed_bands) == deciders]
    parts: dict[PlanPart, int] = {}
    comment: set[PlanPart] = set()
    for consent in in_force:
        for part in consent.part_set:
            parts.setdefault(part, consent.id)
            if consent.level == ConsentLevel.COMMENT:
                comment.add(part)
    return Grant(frozenset(parts), frozenset(comment), tuple(parts.items()),
                 max((c.valid_until for c in in_force), default=None))
