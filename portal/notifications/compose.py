"""What each notification says. Each function runs inside `force_locale` of its recipient (see
`services.notify`), so every string is in their language."""
from __future__ import annotations

from datetime import date

from flask_babel import format_date, format_time
from flask_babel import gettext as _

from portal.conditions.models import Condition
from portal.consent.models import Consent
from portal.mail import Attachment
from portal.meetings.models import Meeting
from portal.notifications.calendar import meeting_invitation_ics
from portal.notifications.links import path_for, public_url
from portal.notifications.services import Composed
from portal.tasks.models import Task


def _task_link(task: Task) -> str:
    return path_for("tasks.detail", task_id=task.id)


def _when(day: date | None) -> str:
    return format_date(day, "full") if day else _("no date set")


def task_offered(task: Task, by: str) -> Composed:
    headline = _("%(by)s asks you: %(task)s", by=by, task=task.title)
    lines = [headline, _("When: %(when)s", when=_when(task.due_date))]
    if task.description:
        lines.append(task.description)
    lines.append(_("Open the task to say yes or no. Saying no is fine: the family will then look for someone else."))
    return Composed(_("A task for you: %(task)s", task=task.title), headline, lines, _("Open the task"),
                    _task_link(task))


def task_due(task: Task) -> Composed:
    headline = _("Tomorrow: %(task)s", task=task.title)
    return Composed(headline, headline, [_("A reminder: you said you would do this tomorrow, %(when)s.",
                                           when=_when(task.due_date)), task.title],
                    _("Open the task"), _task_link(task))


def task_overdue(task: Task) -> Composed:
    headline = _("Not done yet: %(task)s", task=task.title)
    return Composed(headline, headline, [
        _("%(task)s was planned for %(when)s. Did it work out? Mark it as done, or give it back so "
          "someone else can take it on.", task=task.title, when=_when(task.due_date))],
        _("Open the task"), _task_link(task))


def task_answered(task: Task, who: str, answer: str, reason: str = "") -> Composed:
    """`answer` is accepted, declined or released."""
    if answer == "accepted":
        headline = _("%(who)s said yes to: %(task)s", who=who, task=task.title)
        lines = [headline]
    elif answer == "declined":
        headline = _("%(who)s said no to: %(task)s", who=who, task=task.title)
        lines = [headline, _("Their reason: %(reason)s", reason=reason) if reason else _("They gave no reason."),
                 _("You can offer the task to someone else, or open it for anyone.")]
    else:
        headline = _("%(who)s gave back: %(task)s", who=who, task=task.title)
        lines = [headline, _("The task is open again for anyone in the network.")]
    return Composed(headline, headline, lines, _("Open the task"), _task_link(task))


def task_unclaimed(task: Task) -> Composed:
    headline = _("Nobody has taken on this task for a week: %(task)s", task=task.title)
    return Composed(headline, headline, [headline, _("Perhaps ask someone yourself? A personal question "
                                                     "often works better than an open one.")],
                    _("Open the task"), _task_link(task))


def _meeting_link(meeting: Meeting) -> str:
    return path_for("meetings.show", family_id=meeting.family_id, meeting_id=meeting.id)


def _meeting_when(meeting: Meeting) -> str:
    if meeting.start_time is None:
        return format_date(meeting.meeting_date, "full")
    return _("%(day)s at %(time)s", day=format_date(meeting.meeting_date, "full"),
             time=format_time(meeting.start_time, "short"))


def meeting_invitation(meeting: Meeting) -> Composed:
    headline = _("You are invited: %(meeting)s", meeting=meeting.title)
    lines = [headline, _("When: %(when)s", when=_meeting_when(meeting))]
    if meeting.place:
        lines.append(_("Where: %(place)s", place=meeting.place))
    lines.append(_("Please let the family know whether you can come. The attached file puts the meeting "
                   "in your calendar."))
    ics = Attachment("meeting.ics", meeting_invitation_ics(meeting, public_url(_meeting_link(meeting))), "text", "calendar",
                     {"method": "PUBLISH"})
    return Composed(headline, headline, lines, _("Open the meeting"), _meeting_link(meeting), (ics,))


def meeting_reminder(meeting: Meeting) -> Composed:
    headline = _("Tomorrow: %(meeting)s", meeting=meeting.title)
    lines = [headline, _("When: %(when)s", when=_meeting_when(meeting))]
    if meeting.place:
        lines.append(_("Where: %(place)s", place=meeting.place))
    return Composed(headline, headline, lines, _("Open the meeting"), _meeting_link(meeting))


def new_condition(condition: Condition, by: str) -> Composed:
    headline = _("%(by)s added a condition to the plan", by=by)
    return Composed(headline, headline, [headline, condition.text,
                                         _("Look at it together: which agreement in the plan covers it?")],
                    _("Open the condition"),
                    path_for("conditions.detail", family_id=condition.family_id, condition_id=condition.id))


def consent_to_agree(consent: Consent) -> Composed:
    headline = _("%(professional)s asks permission to see part of your plan",
                 professional=consent.professional.name)
    lines = [headline, _("From %(start)s to %(end)s.", start=_when(consent.valid_from), end=_when(consent.valid_until)),
             _("The permission starts only when everyone who must agree has said yes.")]
    return Composed(headline, headline, lines, _("Look at the permission"),
                    path_for("consent.index", family_id=consent.family_id))


def consent_ending(consent: Consent) -> Composed:
    headline = _("The permission of %(professional)s ends on %(end)s",
                 professional=consent.professional.name, end=_when(consent.valid_until))
    return Composed(headline, headline, [headline, _("If they still need it, give a new permission in time.")],
                    _("Look at the permission"), path_for("consent.index", family_id=consent.family_id))
