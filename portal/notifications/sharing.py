"""Ready messages to share through a chat app, with links on the public address, and what waits
for someone who was invited."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from portal.extensions import db
from portal.families.models import Person
from portal.invitations.models import Invitation
from portal.meetings.models import Meeting, MeetingInvitation
from portal.notifications.links import path_for, public_url
from portal.tasks.models import Task, TaskStatus


@dataclass(frozen=True)
class SharedInvitation:
    link: str
    message: str


def invitation_message(invitation: Invitation, link: str) -> str:
    inviter = invitation.created_by.name if invitation.created_by else invitation.family.name
    return _("Hello %(name)s, %(inviter)s invites you to the plan of %(family)s in Kring. Open this link to "
             "join; it works once, until %(date)s: %(link)s", name=invitation.person.name, inviter=inviter,
             family=invitation.family.name, date=format_date(invitation.expires_at, "d MMMM"), link=link)


def open_task_message(task: Task) -> str:
    link = public_url(path_for("tasks.detail", task_id=task.id))
    if task.due_date:
        return _("Who can help? %(task)s, on %(when)s. Say yes in Kring: %(link)s", task=task.title,
                 when=format_date(task.due_date, "EEEE d MMMM"), link=link)
    return _("Who can help? %(task)s. Say yes in Kring: %(link)s", task=task.title, link=link)


@dataclass
class Waiting:
    """What is waiting for an invited person once they join."""

    tasks: list[Task]
    meetings: list[Meeting]


def waiting_for(person: Person, today: date) -> Waiting:
    tasks = db.session.scalars(sa.select(Task).where(
        Task.offered_to_id == person.id, Task.status == TaskStatus.OFFERED).order_by(Task.due_date, Task.id))
    meetings = db.session.scalars(sa.select(Meeting).join(MeetingInvitation).where(
        MeetingInvitation.person_id == person.id, Meeting.meeting_date >= today).order_by(Meeting.meeting_date))
    return Waiting(list(tasks), list(meetings))
