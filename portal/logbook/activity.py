"""Who has been active in the plan lately, for the review before a meeting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from portal.access import HELPER_ROLES
from portal.extensions import db
from portal.families.models import Person, Role
from portal.logbook.models import LogEntry
from portal.needs.models import HelpOffer
from portal.scores.models import ScaleAnswer
from portal.tasks.models import TaskAction, TaskEvent

# Task events that someone did themselves (added and edited are the family's bookkeeping).
_DEEDS = (TaskAction.ACCEPTED, TaskAction.DECLINED, TaskAction.DONE, TaskAction.RELEASED)


@dataclass(frozen=True)
class InactivePerson:
    person: Person
    last_active: datetime | None   # None: nothing at all yet


def _last_activity() -> sa.Subquery:
    """(person_id, at) for every activity: task events they did, log entries, scale answers, offers."""
    return sa.union_all(
        sa.select(TaskEvent.person_id.label("person_id"), TaskEvent.at.label("at"))
        .where(TaskEvent.action.in_(_DEEDS)),
        sa.select(LogEntry.author_id, LogEntry.created_at),
        sa.select(ScaleAnswer.person_id, ScaleAnswer.answered_at),
        sa.select(HelpOffer.person_id, HelpOffer.created_at),
    ).subquery()


def inactive_people(family_id: int, today: date, weeks: int = 4,
                    roles: frozenset[Role] = HELPER_ROLES) -> list[InactivePerson]:
    """The people of `family_id` (by default network members and mentors) who did nothing in the
    plan in the `weeks` weeks before `today`: no task accepted, declined, done or given back, no log
    entry, no scale answer, no offer of help. Those who never did anything come first, then the
    longest quiet; a task event the family noted for someone counts for that person. One query.
    """
    cutoff = datetime.combine(today - timedelta(weeks=weeks), time.min, tzinfo=timezone.utc)
    activity = _last_activity()
    members = sa.select(Person.id).where(Person.family_id == family_id)
    last = (sa.select(activity.c.person_id, sa.func.max(activity.c.at).label("last_at"))
            .where(activity.c.person_id.in_(members))
            .group_by(activity.c.person_id).subquery())
    rows = db.session.execute(
        sa.select(Person, last.c.last_at)
        .outerjoin(last, last.c.person_id == Person.id)
        .where(Person.family_id == family_id, Person.role.in_(roles), Person.left_at.is_(None))
        .where(sa.or_(last.c.last_at.is_(None), last.c.last_at < cutoff))
    ).all()
    quiet = [InactivePerson(person, last_at) for person, last_at in rows]
    never = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(quiet, key=lambda q: (q.last_active or never, q.person.name.lower(), q.person.id))

