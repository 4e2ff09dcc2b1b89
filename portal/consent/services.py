"""Giving, agreeing to, withdrawing and ending consent. The caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.consent.models import Consent, ConsentApproval, ConsentLevel, ConsentPart, ConsentStatus
from portal.consent.grants import age_bands, family_people
from portal.consent.rules import band_snapshot, required_grantors, who_decides
from portal.extensions import db, utcnow
from portal.families.models import Person, Role
from portal.parts.models import PlanPart
from portal.transactions import Refused


class ConsentRefused(Refused):
    """The consent change is not possible; `str(self)` says why, translated."""


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
    deciders = who_decides(band_snapshot(people, today, bands))
    required = required_grantors(people, today, bands)
    current = {a.person_id for a in consent.approvals if who_decides(a.bands) == deciders}
    agreed = [p for p in required if p.id in current]
    waiting = [p for p in required if p.id not in current]
    expired = today > consent.valid_until
    not_started = today < consent.valid_from
    reconfirm = consent.status == ConsentStatus.ACTIVE and who_decides(consent.agreed_bands) != deciders
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


def consents_in_force(family_id: int, today: date) -> set[int]:
    """The ids of the family's consents in force today (to compare before and after a change)."""
    consents = db.session.scalars(sa.select(Consent).where(
        Consent.family_id == family_id, Consent.status == ConsentStatus.ACTIVE).options(selectinload(Consent.approvals)))
    people = family_people(family_id)
    return {c.id for c in consents if consent_state(c, people, today).in_force}


def paused_consents(family_id: int, in_force_before: set[int], today: date) -> list[ConsentState]:
    """Of the consents that were in force (`in_force_before`), those a change in the family put on
    hold, because who must agree changed (a new child from 12, say)."""
    if not in_force_before:
        return []
    people = family_people(family_id)
    consents = db.session.scalars(sa.select(Consent).where(Consent.id.in_(in_force_before))
                                  .options(selectinload(Consent.professional)).order_by(Consent.id))
    states = [consent_state(c, people, today) for c in consents]
    return [state for state in states if not state.in_force]
