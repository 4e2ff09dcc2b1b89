"""Giving, agreeing to, withdrawing and ending consent. The caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.consent.models import Consent, ConsentApproval, ConsentLevel, ConsentPart, ConsentStatus
from portal.consent.rules import AgeBands, band_snapshot, required_grantors
from portal.extensions import db, utcnow
from portal.families.models import Person, Role
from portal.parts.models import PlanPart


class ConsentRefused(Exception):
    """The consent change is not possible; `str(self)` says why, translated."""


def age_bands() -> AgeBands:
    middle, adult = current_app.config.get("CONSENT_AGE_BANDS", (12, 16))
    return AgeBands(middle, adult)


def family_people(family_id: int) -> list[Person]:
    return list(db.session.scalars(sa.select(Person).where(Person.family_id == family_id, Person.left_at.is_(None))
                                   .order_by(Person.id)))


@dataclass(frozen=True)
class ConsentState:
    """A consent as it stands today: who must still agree, and whether it is in force."""

    consent: Consent
    required: list[Person]
    agreed: list[Person]
    waiting_for: list[Person]
    in_force: bool
    needs_reconfirmation: bool
    expired: bool
    not_started: bool


def consent_state(consent: Consent, people: list[Person], today: date) -> ConsentState:
    bands = age_bands()
    snapshot = band_snapshot(people, today, bands)
    required = required_grantors(people, today, bands)
    current = {a.person_id for a in consent.approvals if a.bands == snapshot}
    agreed = [p for p in required if p.id in current]
    waiting = [p for p in required if p.id not in current]
    expired = today > consent.valid_until
    not_started = today < consent.valid_from
    reconfirm = consent.status == ConsentStatus.ACTIVE and consent.agreed_bands != snapshot
    in_force = (consent.status == ConsentStatus.ACTIVE and not reconfirm and not expired and not not_started)
    return ConsentState(consent, required, agreed, waiting, in_force, reconfirm, expired, not_started)


def create_consent(family_id: int, professional: Person, parts: set[PlanPart], level: ConsentLevel,
                   valid_from: date, valid_until: date, purpose: str, created_by: User) -> Consent:
    if professional.role != Role.PROFESSIONAL or professional.family_id != family_id:
        raise ConsentRefused(_("Permission can only be given to a professional in your network."))
    if not parts:
        raise ConsentRefused(_("Choose at least one part of the plan."))
    if valid_until < valid_from:
        raise ConsentRefused(_("The end date comes before the start date."))
    consent = Consent(family_id=family_id, professional_id=professional.id, level=level, purpose=purpose.strip(),
                      valid_from=valid_from, valid_until=valid_until, created_by_id=created_by.id,
                      parts=[ConsentPart(part=part) for part in sorted(parts)])
    db.session.add(consent)
    db.session.flush()
    return consent


def approve(consent: Consent, grantor: Person, today: date) -> ConsentState:
    """`grantor` agrees. When everyone who must agree has agreed, the consent comes into force."""
    if consent.status not in (ConsentStatus.PENDING, ConsentStatus.ACTIVE):
        raise ConsentRefused(_("This permission has ended and cannot be agreed to any more."))
    people = family_people(consent.family_id)
    state = consent_state(consent, people, today)
    if grantor.id not in {p.id for p in state.required}:
        raise ConsentRefused(_("Your agreement is not needed for this permission."))
    snapshot = band_snapshot(people, today, age_bands())
    existing = next((a for a in consent.approvals if a.person_id == grantor.id), None)
    if existing is None:
        consent.approvals.append(ConsentApproval(person_id=grantor.id, bands=snapshot))
    else:
        existing.bands, existing.approved_at = snapshot, utcnow()
    db.session.flush()
    db.session.expire(consent, ["approvals"])
    state = consent_state(consent, people, today)
    if not state.waiting_for:
        consent.status, consent.agreed_bands = ConsentStatus.ACTIVE, snapshot
        db.session.flush()
        state = consent_state(consent, people, today)
    return state


def withdraw(consent: Consent, by: User) -> None:
    """Take the consent back; it stops at the next request."""
    if consent.status in (ConsentStatus.WITHDRAWN, ConsentStatus.ENDED):
        raise ConsentRefused(_("This permission has already ended."))
    consent.status, consent.ended_at, consent.ended_by_id = ConsentStatus.WITHDRAWN, utcnow(), by.id


def end_consents_of(professional: Person, by: User | None) -> int:
    """Handover: the professional leaves; every consent they held ends now. Returns how many."""
    ended = db.session.execute(
        sa.update(Consent)
        .where(Consent.professional_id == professional.id,
               Consent.status.in_([ConsentStatus.PENDING, ConsentStatus.ACTIVE]))
        .values(status=ConsentStatus.ENDED, ended_at=utcnow(), ended_by_id=by.id if by else None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return ended


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
    snapshot = band_snapshot(family_people(professional.family_id), today, age_bands())
    in_force = [c for c in consents if c.agreed_bands == snapshot]
    parts: dict[PlanPart, int] = {}
    comment: set[PlanPart] = set()
    for consent in in_force:
        for part in consent.part_set:
            parts.setdefault(part, consent.id)
            if consent.level == ConsentLevel.COMMENT:
                comment.add(part)
    return Grant(frozenset(parts), frozenset(comment), tuple(parts.items()),
                 max((c.valid_until for c in in_force), default=None))
