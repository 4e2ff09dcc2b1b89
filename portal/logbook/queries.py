"""Read models of the log: one page of entries, the line for the plan's hub, and who has been
active in the plan lately (for the review before a meeting)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from portal.access import FamilyContext, HELPER_ROLES, visible_entries
from portal.extensions import db
from portal.families.models import Person, Role
from portal.logbook.models import LogEntry
from portal.needs.models import HelpOffer
from portal.parts.models import PlanPart
from portal.scores.models import ScaleAnswer
from portal.tasks.models import TaskAction, TaskEvent

PAGE_SIZE = 30


@dataclass(frozen=True)
class LogPage:
    entries: list[LogEntry]   # newest first
    number: int               # from 1
    has_older: bool


def newest_first(ctx: FamilyContext) -> sa.Select[tuple[LogEntry]]:
    return visible_entries(ctx, LogEntry, PlanPart.LOG).order_by(LogEntry.created_at.desc(), LogEntry.id.desc())


def log_page(ctx: FamilyContext, number: int) -> LogPage:
    """Page `number` of the entries this member may see, with their authors, in two queries."""
    rows = db.session.scalars(newest_first(ctx).options(joinedload(LogEntry.author))
                              .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return LogPage(list(rows[:PAGE_SIZE]), number, len(rows) > PAGE_SIZE)


def log_summary(ctx: FamilyContext) -> str:
    """One line for the plan's hub: when the latest update this member may see was written."""
    latest = db.session.scalar(newest_first(ctx).limit(1))
    if latest is None:
        return _("Nothing in the log yet.")
    return _("Latest update: %(when)s", when=format_datetime(latest.created_at, "d MMMM, HH:mm"))


# Task events that someone did themselves (added and edited are the family's bookkeeping).
_DEEDS = (TaskAction.ACCEPTED, TaskAction.DECLINED, TaskAction.DONE, TaskAction.RELEASED)


@lru_cache(maxsize=8)
def _inactive_statement(roles: frozenset[Role]) -> sa.Select:
    """`inactive_people`'s statement for `roles`, with `:family_id` and `:cutoff` bound at each
    use: built once (building this union costs more than the database takes to answer it)."""
    family_id, cutoff = sa.bindparam("family_id"), sa.bindparam("cutoff")
    members = sa.select(Person.id).where(Person.family_id == family_id)
    activity = _last_activity(members)
    last = (sa.select(activity.c.person_id, sa.func.max(activity.c.at).label("last_at"))
            .group_by(activity.c.person_id).subquery())
    return (sa.select(Person, last.c.last_at)
            .outerjoin(last, last.c.person_id == Person.id)
            .where(Person.family_id == family_id, Person.role.in_(sorted(roles)), Person.left_at.is_(None))
            .where(sa.or_(last.c.last_at.is_(None), last.c.last_at < cutoff)))


@dataclass(frozen=True)
class InactivePerson:
    person: Person
    last_active: datetime | None   # None: nothing at all yet


def _last_activity(members: sa.Select) -> sa.Subquery:
    """(person_id, at) for every activity of `members` (a select of person ids): task events they
    did, log entries, scale answers, offers. Each branch is filtered by the members itself, so
    the database reads one family's rows through the person indexes, never the whole region's."""
    return sa.union_all(
        sa.select(TaskEvent.person_id.label("person_id"), TaskEvent.at.label("at"))
        .where(TaskEvent.person_id.in_(members), TaskEvent.action.in_(_DEEDS)),
        sa.select(LogEntry.author_id, LogEntry.created_at).where(LogEntry.author_id.in_(members)),
        sa.select(ScaleAnswer.person_id, ScaleAnswer.answered_at).where(ScaleAnswer.person_id.in_(members)),
        sa.select(HelpOffer.person_id, HelpOffer.created_at).where(HelpOffer.person_id.in_(members)),
    ).subquery()


def inactive_people(family_id: int, today: date, weeks: int = 4,
                    roles: frozenset[Role] = HELPER_ROLES) -> list[InactivePerson]:
    """The people of `family_id` (by default network members and mentors) who did nothing in the
    plan in the `weeks` weeks before `today`: no task accepted, declined, done or given back, no log
    entry, no scale answer, no offer of help. Those who never did anything come first, then the
    longest quiet; a task event the family noted for someone counts for that person. One query.
    """
    cutoff = datetime.combine(today - timedelta(weeks=weeks), time.min, tzinfo=timezone.utc)
    rows = db.session.execute(_inactive_statement(frozenset(roles)), {"family_id": family_id, "cutoff": cutoff}).all()
    quiet = [InactivePerson(person, last_at) for person, last_at in rows]
    never = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(quiet, key=lambda q: (q.last_active or never, q.person.name.lower(), q.person.id))
