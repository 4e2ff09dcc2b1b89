"""iCalendar (RFC 5545) for meetings and tasks, made with the `icalendar` library.

A meeting with a start time is a local time in Europe/Amsterdam (TZID plus its VTIMEZONE, so a
phone shows 19:30 in winter and in summer alike); a meeting or task without a time is a whole day.
A task with a rhythm is one recurring event (RRULE) from its next due date on.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event, vRecur

from portal.extensions import AMSTERDAM, utcnow
from portal.meetings.models import Meeting
from portal.tasks.models import Rhythm, Task

MEETING_LENGTH = timedelta(hours=2)
RECURRENCE = {
    Rhythm.WEEKLY: {"freq": "weekly"},
    Rhythm.BIWEEKLY: {"freq": "weekly", "interval": 2},
    Rhythm.MONTHLY: {"freq": "monthly"},
}


def meeting_event(meeting: Meeting, url: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@kring")
    event.add("dtstamp", utcnow())
    event.add("summary", meeting.title)
    if meeting.start_time is not None:
        start = datetime.combine(meeting.meeting_date, meeting.start_time, tzinfo=AMSTERDAM)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
    else:
        event.add("dtstart", meeting.meeting_date)
        event.add("dtend", meeting.meeting_date + timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", url)
    event.add("description", url)
    return event


def task_event(task: Task, url: str) -> Event | None:
    """The task on its (next) due day; None for a task without a date."""
    if task.due_date is None:
        return None
    event = Event()
    event.add("uid", f"task-{task.id}@kring")
    event.add("dtstamp", utcnow())
    event.add("summary", task.title)
    event.add("dtstart", task.due_date)
    event.add("dtend", task.due_date + timedelta(days=1))
    if task.rhythm in RECURRENCE:
        event.add("rrule", vRecur(RECURRENCE[task.rhythm]))
    event.add("url", url)
    event.add("description", "\n\n".join(filter(None, [task.description, url])))
    return event


def calendar_of(events: list[Event], name: str, method: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Kring//kring//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    if method:
        calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_invitation_ics(meeting: Meeting, url: str) -> bytes:
    return calendar_of([meeting_event(meeting, url)], meeting.title, method="PUBLISH")
