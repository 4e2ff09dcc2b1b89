"""Reminders and the weekly digest, for one Dutch day (`dutch_today`).

Idempotent: each notification has its key (kind, subject, occurrence, person), checked before it
is made and unique in the database. Each family is one transaction, so a run that stops halfway
has told the families before it, and the next run tells only the rest. Two schedulers racing
on one family: the second's commit fails on the key and that family is rolled back and skipped.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.consent.grants import age_bands, family_people
from portal.consent.models import Consent, ConsentStatus
from portal.consent.rules import band_snapshot
from portal.consent.services import consent_state
from portal.extensions import db, dutch_today
from portal.families.models import Family, Person, Role
from portal.meetings.models import Meeting, MeetingInvitation, Reply
from portal.notifications import compose
from portal.notifications.digest import waiting_news, weekly_digest
from portal.notifications.events import family_members, keepers
from portal.notifications.models import Outcome
from portal.notifications.rules import CONSENT_ENDING_DAYS, UNCLAIMED_DAYS, Kind
from portal.notifications.services import address_of, notify
from portal.tasks.models import Task, TaskStatus

def run_schedule(today: date | None = None) -> int:
    """Everything due on `today` (default: the Dutch today) for every family. Returns how many
    families were done; a family another scheduler did at the same moment is skipped."""
    today = today or dutch_today()
    done = 0
    for family_id in db.session.scalars(sa.select(Family.id).order_by(Family.id)).all():
        try:
            schedule_family(family_id, today)
            db.session.commit()
            done += 1
        except IntegrityError:
            db.session.rollback()
    return done


def schedule_family(family_id: int, today: date) -> None:
    tomorrow = today + timedelta(days=1)
    tasks = list(db.session.scalars(sa.select(Task).where(
        Task.family_id == family_id,
        Task.status.in_([TaskStatus.OFFERED, TaskStatus.OPEN, TaskStatus.ACCEPTED, TaskStatus.DECLINED]))))
    for task in tasks:
        _task_reminders(task, today, tomorrow)
    meetings = db.session.scalars(sa.select(Meeting).where(Meeting.family_id == family_id,
                                                           Meeting.meeting_date == tomorrow))
    for meeting in meetings:
        for invitation in meeting.invitations:
            if invitation.reply != Reply.NOT_COMING:
                notify(Kind.MEETING_REMINDER, invitation.person, f"meeting:{meeting.id}",
                       meeting.meeting_date.isoformat(), lambda m=meeting: compose.meeting_reminder(m))
    ending = db.session.scalars(sa.select(Consent).where(
        Consent.family_id == family_id, Consent.status == ConsentStatus.ACTIVE,
        Consent.valid_until >= today, Consent.valid_until <= today + timedelta(days=CONSENT_ENDING_DAYS)))
    for consent in ending:
        for person in family_members(family_id):
            notify(Kind.CONSENT_ENDING, person, f"consent:{consent.id}", f"until:{consent.valid_until}",
                   lambda c=consent: compose.consent_ending(c))
    _reconfirmations(family_id, today)
    # One digest per ISO week: the first run of the week (Monday, when the worker runs every day).
    _digests(family_id, today)


def _task_reminders(task: Task, today: date, tomorrow: date) -> None:
    subject = f"task:{task.id}"
    asked = task.assignee if task.status == TaskStatus.ACCEPTED else (
        task.offered_to if task.status == TaskStatus.OFFERED else None)
    if asked is not None and task.due_date == tomorrow:
        # A task with a rhythm moves its date on: each time has its own key.
        notify(Kind.TASK_DUE, asked, subject, task.due_date.isoformat(), lambda: compose.task_due(task))
    if task.status == TaskStatus.ACCEPTED and task.due_date is not None and task.due_date < today:
        # Once per due date, not every day it stays late.
        notify(Kind.TASK_OVERDUE, task.assignee, subject, f"due:{task.due_date}", lambda: compose.task_overdue(task))
    open_since = _local_day(task.created_at)
    if task.status == TaskStatus.OPEN and open_since <= today - timedelta(days=UNCLAIMED_DAYS):
        for keeper in keepers(task.family_id):
            notify(Kind.TASK_UNCLAIMED, keeper, subject, "unclaimed", lambda: compose.task_unclaimed(task))


def _reconfirmations(family_id: int, today: date) -> None:
    """A permission put on hold because who must agree changed (a child turned 12 or 16): whoever
    must now agree is asked, once per change."""
    active = list(db.session.scalars(sa.select(Consent).where(
        Consent.family_id == family_id, Consent.status == ConsentStatus.ACTIVE)))
    if not active:
        return
    people = family_people(family_id)
    change = hashlib.sha256(band_snapshot(people, today, age_bands()).encode()).hexdigest()[:16]
    for consent in active:
        state = consent_state(consent, people, today)
        if not state.needs_reconfirmation:
            continue
        for person in state.waiting_for:
            notify(Kind.CONSENT_TO_AGREE, person, f"consent:{consent.id}", f"again:{change}",
                   lambda c=consent: compose.consent_to_agree(c))


def _local_day(moment: datetime) -> date:
    return dutch_today(moment)


def week_key(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"week:{year}-{week:02d}"


def _digests(family_id: int, today: date) -> None:
    people = db.session.scalars(sa.select(Person).where(
        Person.family_id == family_id, Person.left_at.is_(None), Person.role != Role.PROFESSIONAL)
        .order_by(Person.id))
    occurrence = week_key(today)
    for person in people:
        if address_of(person) is None:
            continue   # the "not reached" page already lists what they missed, one by one
        news = waiting_news(person)
        told = notify(Kind.WEEKLY_DIGEST, person, f"family:{family_id}", occurrence,
                      lambda p=person, n=news: weekly_digest(p, today, n))
        if told is not None and told.outcome == Outcome.MAILED:
            for item in news:
                item.outcome = Outcome.DIGESTED


