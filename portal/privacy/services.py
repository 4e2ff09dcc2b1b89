"""Deleting an account, deleting a family space, and taking someone out of a family's network.

Each writes its access-log row in the caller's transaction (in a family-scoped request: the
request's own row, told what happened; see `portal.audit.hooks`); the caller commits once.

What stays, and why:
- An account deleted: the user's `Person` records stay in their families (the family's, with the
  name the family knows), without the account. What the account did itself (who noted a task,
  who set a question) reads "a former member" in the plan.
- A person taken out of the network: their record stays too, marked as left and without its
  account, because much refers to it (task history, the log, scale answers, meeting replies, and
  a professional's consents, which the family's access log names). Deleting it would cascade that
  history away. They no longer count as network: not in lists, not asked to agree to consents.
- A family space deleted: everything of the family goes (the database cascades); the access log
  keeps its rows, which hold plain values and no foreign keys.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.access import FamilyContext, memberships_of_user, visible_safe_places, visible_safety_situations
from portal.audit.hooks import amend
from portal.audit.models import AuditAction
from portal.audit.services import AuditEvent, record
from portal.auth.models import User
from portal.consent.models import Consent, ConsentStatus
from portal.consent.services import end_consents_of
from portal.extensions import db, utcnow
from portal.families.models import Family, Person, Role
from portal.invitations.models import Invitation
from portal.meetings.models import Meeting, MeetingInvitation
from portal.meetings.services import withdraw as withdraw_meeting_invitation
from portal.needs.models import HelpOffer, OfferStatus
from portal.needs.services import NeedRefused, decline_offer
from portal.parts.models import PlanPart
from portal.photos.services import take_down_photo
from portal.safety.models import ChainLink, SafePlace, SafetySituation
from portal.tasks.models import Task, TaskAction, TaskStatus
from portal.tasks.services import TaskRefused, act


def _log(event: AuditEvent) -> None:
    """One access-log row for this action: the request's own row when a family-scoped request has
    one open (it then says what happened), else a row of its own."""
    if not amend(action=event.action, part=event.part, subject=event.subject):
        record(db.session, event)


def record_export(user: User, kind: str) -> None:
    """One access-log row for one export of everything about `user` (`kind`: "html" or "json")."""
    _log(AuditEvent(AuditAction.EXPORT, user_id=user.id, user_name=user.name, subject=f"personal-data:{kind}"))


# Deleting an account

def families_only_kept_by(user: User) -> list[Family]:
    """The families in which `user` is the only parent or carer (role `family`) with an account.

    Deleting the account would leave such a family space without anyone who can manage it, hand
    it over, or delete it: the family's data would live on with nobody of the family to decide.
    So the user deletes the family space first, or invites another parent or carer.
    """
    own = [m for m in memberships_of_user(user.id) if m.role == Role.FAMILY]
    if not own:
        return []
    kept_by_others = set(db.session.scalars(
        sa.select(Person.family_id).where(
            Person.family_id.in_([m.family_id for m in own]), Person.role == Role.FAMILY,
            Person.user_id.is_not(None), Person.user_id != user.id, Person.left_at.is_(None))))
    return [m.family for m in own if m.family_id not in kept_by_others]


class AccountStillKeepsAFamily(Exception):
    """The account is the last one that keeps a family space (see `families_only_kept_by`)."""

    def __init__(self, families: list[Family]):
        super().__init__(", ".join(f.name for f in families))
        self.families = families


def delete_account(user: User) -> None:
    """Delete `user`'s account. Their place in each family stays, without the account.

    A professional's consents end with it: a consent belongs to the professional behind the
    account, and must not come back to life if someone else ever joins as that person.
    Raises `AccountStillKeepsAFamily`.
    """
    kept = families_only_kept_by(user)
    if kept:
        raise AccountStillKeepsAFamily(kept)
    for membership in memberships_of_user(user.id):
        if membership.role == Role.PROFESSIONAL:
            _end_consents(membership, user, role=membership.role)
        # The address came with the account (or is the same one): it leaves with it.
        if membership.email and membership.email.lower() == user.email.lower():
            membership.email = None
        # Their face came with the account too.
        take_down_photo(membership)
        membership.user_id = None
    _log(AuditEvent(AuditAction.DELETE, user_id=user.id, user_name=user.name, subject=f"account:{user.id}"))
    # The database does the rest: recovery codes and reset links go with the account, and what the
    # account recorded in the plans (tasks, events, replies, questions) keeps its place without it.
    db.session.delete(user)
    db.session.flush()


# Deleting a family space

def delete_family(ctx: FamilyContext, by: User) -> None:
    """Delete the family of `ctx` with everything in it. The access log keeps its rows."""
    family_id = ctx.family.id
    _log(AuditEvent(AuditAction.DELETE, user_id=by.id, user_name=by.name, role=ctx.role.value,
                    family_id=family_id, subject=f"family:{family_id}"))
    # One statement: the foreign keys cascade to the people, the plan and all of its parts.
    db.session.execute(sa.delete(Family).where(Family.id == family_id).execution_options(synchronize_session=False))


# Taking someone out of the network (handover)

@dataclass
class Departure:
    """What changes when `person` leaves the network, to show before and to say after."""

    person: Person
    tasks_to_hand_back: list[Task] = field(default_factory=list)   # taken on, or offered and unanswered
    consents_to_end: list[Consent] = field(default_factory=list)
    chains: list[SafetySituation] = field(default_factory=list)     # they stay in these: the family checks
    safe_places: list[SafePlace] = field(default_factory=list)


def departure_of(ctx: FamilyContext, person: Person) -> Departure:
    """What taking `person` out of the network would change, as the member of `ctx` sees it."""
    tasks = list(db.session.scalars(sa.select(Task).where(
        Task.family_id == ctx.family.id,
        sa.or_(sa.and_(Task.status == TaskStatus.ACCEPTED, Task.assignee_id == person.id),
               sa.and_(Task.status == TaskStatus.OFFERED, Task.offered_to_id == person.id)))
        .order_by(Task.id)))
    consents = list(db.session.scalars(sa.select(Consent).where(
        Consent.professional_id == person.id,
        Consent.status.in_([ConsentStatus.PENDING, ConsentStatus.ACTIVE])).order_by(Consent.id)))
    called_in = sa.select(ChainLink.situation_id).where(ChainLink.person_id == person.id)
    chains = list(db.session.scalars(visible_safety_situations(ctx).where(SafetySituation.id.in_(called_in))
                                     .order_by(SafetySituation.id)))
    places = list(db.session.scalars(visible_safe_places(ctx).where(SafePlace.person_id == person.id)
                                     .options(selectinload(SafePlace.youth)).order_by(SafePlace.id)))
    return Departure(person, tasks, consents, chains, places)


def remove_person(ctx: FamilyContext, person: Person, by: User, today: date) -> Departure:
    """Take `person` out of the family's network, at once. Returns what changed.

    Their account (if any) loses the family on its next request; a professional's consents end;
    the tasks they had taken on, or had not answered yet, go back to the family to hand out again;
    their waiting offers of help are declined; they are no longer invited to coming meetings, and
    an invitation to join that they have not used yet stops working. Everything they did stays,
    with their name: the record is kept, marked as left (see the module's docstring).
    The caller checks `may_remove_person` first.
    """
    departure = departure_of(ctx, person)
    _end_consents(person, by, role=ctx.role)
    for task in departure.tasks_to_hand_back:
        action = TaskAction.RELEASED if task.status == TaskStatus.ACCEPTED else TaskAction.DECLINED
        try:
            act(task, action, person, recorded_by=by)
        except TaskRefused:
            pass  # changed by someone else this very moment: what they did stands
    for offer in db.session.scalars(sa.select(HelpOffer).where(HelpOffer.person_id == person.id,
                                                               HelpOffer.status == OfferStatus.PENDING)):
        try:
            decline_offer(offer)
        except NeedRefused:
            pass  # answered this very moment
    coming = db.session.scalars(
        sa.select(MeetingInvitation).join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
        .where(MeetingInvitation.person_id == person.id, Meeting.meeting_date >= today))
    for invitation in coming:
        withdraw_meeting_invitation(invitation)
    now = utcnow()
    db.session.execute(sa.update(Invitation)
                       .where(Invitation.person_id == person.id, Invitation.used_at.is_(None),
                              Invitation.expires_at > now)
                       .values(expires_at=now).execution_options(synchronize_session=False))
    take_down_photo(person)
    person.user_id = None
    person.left_at = now
    _log(AuditEvent(AuditAction.DELETE, user_id=by.id, user_name=by.name, role=ctx.role.value,
                    family_id=ctx.family.id, part=PlanPart.NETWORK_MAP.value, subject=f"person:{person.id}"))
    db.session.flush()
    return departure


def _end_consents(professional: Person, by: User | None, role: Role) -> None:
    """End every consent `professional` holds, with one access-log row per consent that ends (a
    consent change of its own, besides the action that ended it)."""
    ending = list(db.session.scalars(sa.select(Consent.id).where(
        Consent.professional_id == professional.id,
        Consent.status.in_([ConsentStatus.PENDING, ConsentStatus.ACTIVE]))))
    if not ending:
        return
    end_consents_of(professional, by)
    for consent_id in ending:
        record(db.session, AuditEvent(
            AuditAction.CONSENT, user_id=by.id if by else None, user_name=by.name if by else "",
            role=role.value, family_id=professional.family_id, consent_id=consent_id,
            subject=f"consent:{consent_id}:ended"))
