"""From what the services already write to who hears of it, in the same transaction.

The services record what happened as rows: a `TaskEvent` (created with an offer, accepted,
declined with a reason, given back), a `MeetingInvitation`, a new `Condition`, a new `Consent`.
After each flush the new ones are noted; just before the commit (`before_commit`, whose writes
still join the transaction) each becomes its notifications, by the rules table. A rolled-back
change leaves nothing noted, so nothing is sent.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.conditions.models import Condition
from portal.consent.grants import family_people
from portal.consent.models import Consent
from portal.consent.services import consent_state
from portal.extensions import db, dutch_today
from portal.families.models import Person, Role
from portal.meetings.models import MeetingInvitation
from portal.notifications import compose
from portal.notifications.rules import Kind
from portal.notifications.services import notify
from portal.tasks.models import TaskAction, TaskEvent, TaskStatus

_NOTED_KEY = "kring_notify_noted"
_WATCHED = (TaskEvent, MeetingInvitation, Condition, Consent)


def keepers(family_id: int) -> list[Person]:
    """The family and the mentor(s) still in the network."""
    return list(db.session.scalars(sa.select(Person).where(
        Person.family_id == family_id, Person.role.in_([Role.FAMILY, Role.MENTOR]), Person.left_at.is_(None))
        .order_by(Person.id)))


def family_members(family_id: int) -> list[Person]:
    return [p for p in keepers(family_id) if p.role == Role.FAMILY]


def _name_of(person: Person | None) -> str:
    return person.name if person is not None else "Kring"


def on_task_event(task_event: TaskEvent) -> None:
    task, person = task_event.task, task_event.person
    subject, occurrence = f"task:{task.id}", f"event:{task_event.id}"
    actor_user = task_event.recorded_by_id
    if task_event.action in (TaskAction.CREATED, TaskAction.EDITED):
        # Offered when made, or offered (again, or to someone else) by a change: once per person.
        asked = task.offered_to if task.status == TaskStatus.OFFERED else None
        if asked is not None and asked.user_id != actor_user:
            by = task_event.recorded_by.name if task_event.recorded_by else _name_of(None)
            notify(Kind.TASK_OFFERED, asked, subject, f"offered:{asked.id}", lambda: compose.task_offered(task, by))
        return
    kinds = {TaskAction.ACCEPTED: Kind.TASK_ACCEPTED, TaskAction.DECLINED: Kind.TASK_DECLINED,
             TaskAction.RELEASED: Kind.TASK_RELEASED}
    if task_event.action not in kinds or person is None:
        return
    for keeper in keepers(task.family_id):
        if keeper.id == person.id or (keeper.user_id is not None and keeper.user_id == actor_user):
            continue
        notify(kinds[task_event.action], keeper, subject, occurrence,
               lambda: compose.task_answered(task, person.name, task_event.action.value, task_event.note))


def on_meeting_invitation(invitation: MeetingInvitation) -> None:
    meeting = invitation.meeting
    notify(Kind.MEETING_INVITATION, invitation.person, f"meeting:{meeting.id}", f"invitation:{invitation.id}",
           lambda: compose.meeting_invitation(meeting))


def on_condition(condition: Condition) -> None:
    by = _name_of(condition.created_by)
    for keeper in keepers(condition.family_id):
        notify(Kind.NEW_CONDITION, keeper, f"condition:{condition.id}", "new",
               lambda: compose.new_condition(condition, by))


def on_consent(consent: Consent) -> None:
    state = consent_state(consent, family_people(consent.family_id), dutch_today())
    for person in state.waiting_for:
        if person.user_id is not None and person.user_id == consent.created_by_id:
            continue
        notify(Kind.CONSENT_TO_AGREE, person, f"consent:{consent.id}", "new",
               lambda: compose.consent_to_agree(consent))


HANDLERS = {TaskEvent: on_task_event, MeetingInvitation: on_meeting_invitation, Condition: on_condition,
            Consent: on_consent}


@event.listens_for(Session, "after_flush")
def _note(session: Session, _context) -> None:
    noted = [o for o in session.new if isinstance(o, _WATCHED)]
    if noted:
        session.info.setdefault(_NOTED_KEY, []).extend(noted)


@event.listens_for(Session, "before_commit")
def _notify_before_commit(session: Session) -> None:
    if not has_app_context():
        return
    session.flush()   # the commit would flush next: note what it writes now, while we may still add
    if _NOTED_KEY not in session.info:
        return
    while session.info.get(_NOTED_KEY):
        row = session.info[_NOTED_KEY].pop(0)
        if row in session:   # not deleted again in the same transaction
            HANDLERS[type(row)](row)
    session.info.pop(_NOTED_KEY, None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_NOTED_KEY, None)
