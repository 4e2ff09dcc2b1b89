"""Private calendar feeds: a long random address per person (only its hash is kept), made anew
or stopped on the account page. What a feed shows is asked afresh at every read, through the
owner's own scoped queries: someone who left, or lost sight of a part, sees it go from the feed."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from portal.access import FamilyContext, family_context, visible_entries, visible_tasks
from portal.access.rules import may_choose_notifications, may_have_whole_plan_feed
from portal.auth.models import User
from portal.auth.tokens import hash_token, new_token
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.meetings.models import Meeting, MeetingInvitation, Reply
from portal.notifications.calendar import calendar_of, meeting_event, task_event
from portal.notifications.links import path_for, public_url
from portal.notifications.models import CalendarFeed
from portal.parts.models import PlanPart
from portal.tasks.models import Task, TaskStatus


def _active(person: Person, whole_plan: bool) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(
        CalendarFeed.person_id == person.id, CalendarFeed.whole_plan == whole_plan,
        CalendarFeed.revoked_at.is_(None)))


def new_feed(person: Person, whole_plan: bool) -> str:
    """A new address for `person`'s calendar (the old one stops). Returns its token, shown once."""
    stop_feed(person, whole_plan)
    token = new_token()
    db.session.add(CalendarFeed(person_id=person.id, whole_plan=whole_plan, token_hash=hash_token(token)))
    return token


def stop_feed(person: Person, whole_plan: bool) -> None:
    feed = _active(person, whole_plan)
    if feed is not None:
        feed.revoked_at = utcnow()


def feed_url(token: str) -> str:
    return public_url(path_for("notifications.calendar_feed", feed_token=token))


def feed_by_token(token: str) -> tuple[CalendarFeed, FamilyContext] | None:
    """The feed and its owner's context now, or None for an unknown or stopped address, an owner
    without an account in the family any more, or a whole-plan feed its owner may no longer have."""
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token),
                                                           CalendarFeed.revoked_at.is_(None)))
    if feed is None or feed.person.user_id is None:
        return None
    ctx = family_context(feed.person.user_id, feed.person.family_id)
    if ctx is None or ctx.membership.id != feed.person_id or not may_choose_notifications(ctx):
        return None
    if feed.whole_plan and not may_have_whole_plan_feed(ctx):
        return None
    return feed, ctx


def feed_calendar(feed: CalendarFeed, ctx: FamilyContext) -> bytes:
    me = ctx.membership.id
    tasks = visible_tasks(ctx).where(Task.due_date.is_not(None))
    meetings = visible_entries(ctx, Meeting, PlanPart.MEETINGS)
    if feed.whole_plan:
        tasks = tasks.where(Task.status.in_([TaskStatus.OFFERED, TaskStatus.OPEN, TaskStatus.ACCEPTED]))
    else:
        tasks = tasks.where(Task.status == TaskStatus.ACCEPTED, Task.assignee_id == me)
        meetings = meetings.join(MeetingInvitation, MeetingInvitation.meeting_id == Meeting.id).where(
            MeetingInvitation.person_id == me, MeetingInvitation.reply != Reply.NOT_COMING)
    events = [task_event(t, public_url(path_for("tasks.detail", task_id=t.id)))
              for t in db.session.scalars(tasks.order_by(Task.id))]
    events += [meeting_event(m, public_url(path_for("meetings.show", family_id=m.family_id, meeting_id=m.id)))
               for m in db.session.scalars(meetings.order_by(Meeting.id))]
    name = f"Kring: {ctx.family.name}" if feed.whole_plan else f"Kring: {ctx.membership.name}"
    return calendar_of(events, name)


@dataclass
class FeedCard:
    """One family on the account page: whether the person's feeds run."""

    person: Person
    mine_active: bool
    plan_allowed: bool
    plan_active: bool


def feed_cards(user: User) -> list[FeedCard]:
    cards = []
    for person in db.session.scalars(sa.select(Person).where(Person.user_id == user.id, Person.left_at.is_(None))
                                     .order_by(Person.family_id)):
        ctx = family_context(user.id, person.family_id)
        if ctx is None or not may_choose_notifications(ctx):
            continue
        cards.append(FeedCard(person, _active(person, False) is not None, may_have_whole_plan_feed(ctx),
                              _active(person, True) is not None))
    return cards
