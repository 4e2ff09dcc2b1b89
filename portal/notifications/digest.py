"""The weekly digest: for the family and the mentor, the review page's headlines; for everyone in
the network, their week ahead; for each, the news they chose to read once a week."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from portal.access import FamilyContext, family_context, visible_entries
from portal.extensions import db
from portal.families.models import Person, Role
from portal.meetings.models import Meeting, MeetingInvitation, Reply
from portal.notifications.links import path_for
from portal.notifications.models import Notification, Outcome
from portal.notifications.services import Composed
from portal.parts.models import PlanPart
from portal.review.queries import build_review
from portal.tasks.models import Task, TaskStatus
from portal.tasks.queries import load_tasks


def _names(items: list[str], most: int = 5) -> str:
    shown = ", ".join(items[:most])
    return shown + (_(" and %(num)d more", num=len(items) - most) if len(items) > most else "")


def review_headlines(ctx: FamilyContext, today: date) -> list[str]:
    """The review page's headlines, from its own read functions, as this member sees them."""
    review = build_review(ctx, today)
    unclaimed = [t.title for t in load_tasks(ctx) if t.needs_someone]
    lines = []
    if unclaimed:
        lines.append(_("Nobody yet for: %(tasks)s", tasks=_names(unclaimed)))
    if review.overdue_tasks:
        lines.append(_("Late: %(tasks)s", tasks=_names([t.title for t in review.overdue_tasks])))
    if review.dropped_scores:
        lines.append(_("Scores that dropped: %(scores)s", scores=_names(
            [f"{d.person.name} ({d.before.score} → {d.now.score})" for d in review.dropped_scores])))
    if review.unmet_conditions:
        lines.append(_("Conditions not met yet: %(num)d", num=len(review.unmet_conditions)))
    if review.inactive_people:
        lines.append(_("Quiet for a while: %(people)s", people=_names([i.person.name for i in review.inactive_people])))
    if not lines:
        lines.append(_("Everything is on track. Thank you all!"))
    return lines


def week_ahead(person: Person, today: date, ctx: FamilyContext | None = None) -> list[str]:
    """What `person` promised or was invited to in the coming seven days (with their account's
    `ctx`: only meetings they may still see)."""
    until = today + timedelta(days=7)
    tasks = db.session.scalars(sa.select(Task).where(
        Task.assignee_id == person.id, Task.status == TaskStatus.ACCEPTED,
        Task.due_date >= today, Task.due_date <= until).order_by(Task.due_date, Task.id))
    lines = [_("%(day)s: %(task)s", day=format_date(t.due_date, "EEEE d MMMM"), task=t.title) for t in tasks]
    meetings_query = visible_entries(ctx, Meeting, PlanPart.MEETINGS) if ctx is not None else sa.select(Meeting)
    meetings = db.session.scalars(meetings_query.join(MeetingInvitation).where(
        MeetingInvitation.person_id == person.id, MeetingInvitation.reply != Reply.NOT_COMING,
        Meeting.meeting_date >= today, Meeting.meeting_date <= until).order_by(Meeting.meeting_date))
    lines += [_("%(day)s: meeting %(meeting)s", day=format_date(m.meeting_date, "EEEE d MMMM"), meeting=m.title)
              for m in meetings]
    return lines


def waiting_news(person: Person) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(
        Notification.person_id == person.id, Notification.outcome == Outcome.IN_DIGEST).order_by(Notification.id)))


def weekly_digest(person: Person, today: date, news: list[Notification]) -> Composed:
    lines = []
    ctx = family_context(person.user_id, person.family_id) if person.user_id else None
    if ctx is not None and person.role in (Role.FAMILY, Role.MENTOR):
        lines.append(_("How the plan is doing:"))
        lines += ["- " + line for line in review_headlines(ctx, today)]
    ahead = week_ahead(person, today, ctx)
    lines.append(_("Your week ahead:") if ahead else _("Nothing planned for you this week."))
    lines += ["- " + line for line in ahead]
    if news:
        lines.append(_("News since last week:"))
        lines += ["- " + n.headline for n in news]
    subject = _("Your week in the plan of %(family)s", family=person.family.name)
    link = path_for("review.index", family_id=person.family_id) if person.role in (Role.FAMILY, Role.MENTOR) \
        else path_for("tasks.mine", family_id=person.family_id)
    return Composed(subject, subject, lines, _("Open Kring"), link)


