"""What members do with permissions, each with its access-log row in the same transaction.

These wrap `portal.consent.services` (which knows the rules of consent) with the member who acts
and the access log (NEN 7513: a consent change is logged, with the consent it concerns). The caller
commits once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.access import FamilyContext
from portal.audit.hooks import amend
from portal.audit.models import AuditAction
from portal.audit.services import AuditEvent, record
from portal.auth.models import User
from portal.consent.models import Consent, ConsentLevel
from portal.consent.services import ConsentState, approve, consent_state, create_consent, withdraw
from portal.consent.grants import family_people
from portal.extensions import db
from portal.families.models import Person
from portal.parts.models import PlanPart


@dataclass(frozen=True)
class NewConsent:
    professional: Person
    parts: set[PlanPart]
    level: ConsentLevel
    valid_from: date
    valid_until: date
    purpose: str


def _log(ctx: FamilyContext, by: User, consent: Consent, what: str) -> None:
    """The change's row: the request's own row, said more precisely; or one of its own outside a request."""
    subject = f"consent:{consent.id}:{what}"
    if amend(action=AuditAction.CONSENT, consent_id=consent.id, subject=subject):
        return
    record(db.session, AuditEvent(AuditAction.CONSENT, user_id=by.id, user_name=by.name, role=ctx.role.value,
                                  family_id=ctx.family.id, consent_id=consent.id, subject=subject))


def give_consent(ctx: FamilyContext, details: NewConsent, by: User, today: date) -> ConsentState:
    """Give the permission. The member who gives it agrees at once when their agreement is needed
    (a parent who gives permission means it); the others still have to agree in the portal.
    Raises `ConsentRefused`."""
    consent = create_consent(ctx.family.id, details.professional, details.parts, details.level,
                             details.valid_from, details.valid_until, details.purpose, by)
    state = consent_state(consent, family_people(ctx.family.id), today)
    if any(p.id == ctx.membership.id for p in state.required):
        state = approve(consent, ctx.membership, today)
    _log(ctx, by, consent, "given")
    return state


def agree_to(ctx: FamilyContext, consent: Consent, by: User, today: date) -> ConsentState:
    """The member agrees (or confirms again after a birthday). Raises `ConsentRefused`."""
    state = approve(consent, ctx.membership, today)
    _log(ctx, by, consent, "agreed")
    return state


def withdraw_consent(ctx: FamilyContext, consent: Consent, by: User) -> None:
    """Withdraw the permission: the professional loses it at their next request. Raises `ConsentRefused`."""
    withdraw(consent, by)
    _log(ctx, by, consent, "withdrawn")
