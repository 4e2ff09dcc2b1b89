"""The life of a task: create, change, and the small state machine of who does it.

    offered ──accept──▶ accepted ──done──▶ done   (a task with a rhythm stays accepted:
       │                   │                      "done" records this time, and moves the date on;
       │                   │                      a task for when it is needed is never done)
    decline             release (give back)
       ▼                   ▼
    declined ─reopen─▶   open ──accept──▶ accepted

Every change is a compare-and-set on `Task.version`, so when two people accept the same open
task at the same moment exactly one of them gets it. The caller commits.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.extensions import db, dutch_today
from portal.families.models import Person
from portal.tasks.models import WEEKDAY_RHYTHMS, Category, Rhythm, Task, TaskAction, TaskEvent, TaskStatus
from portal.parts.versioning import compare_and_set
from portal.transactions import Refused


class TaskRefused(Refused):
    """The change is not possible now; `message` says why, in the user's language."""


@dataclass(frozen=True)
class TaskDetails:
    title: str
    description: str
    category: Category
    rhythm: Rhythm
    due_date: date | None
    offered_to: Person | None   # None: open for anyone in the network
    agreement_id: int | None = None   # the agreement this task helps carry out
    weekday: int | None = None        # every week or two: on this day (0 is Monday)
    time_of_day: time | None = None


def on_weekday(day: date, weekday: int) -> date:
    """The first date on or after `day` that falls on `weekday` (0 is Monday, 6 is Sunday)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def first_due(details: TaskDetails, today: date) -> tuple[date | None, int | None]:
    """The first date and the weekday a task is saved with. A task for when it is needed has
    neither. A task every week or two keeps its day (given, or the first date's own); its first
    date is the first of those days from the date given, or from `today` when none was."""
    if details.rhythm == Rhythm.ON_CALL:
        return None, None
    if details.rhythm not in WEEKDAY_RHYTHMS:
        return details.due_date, None
    weekday = details.weekday if details.weekday is not None else (
        details.due_date.weekday() if details.due_date else None)
    if weekday is None:
        return details.due_date, None
    return on_weekday(details.due_date or today, weekday), weekday


def next_due(day: date, rhythm: Rhythm, today: date | None = None) -> date:
    """The next time after the one due on `day` was done. A weekly or two-weekly task stays on its
    weekday; when it was done long after it was due, it moves on to the first of its days from
    `today`, so that it is not overdue right after it was done."""
    if rhythm in WEEKDAY_RHYTHMS:
        following = day + timedelta(days=WEEKDAY_RHYTHMS[rhythm])
        if today is not None and following < today:
            return on_weekday(today, day.weekday())
        return following
    if rhythm == Rhythm.MONTHLY:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day


def create_task(family_id: int, details: TaskDetails, created_by: User) -> Task:
    task = Task(family_id=family_id, created_by_id=created_by.id, **_columns(details))
    task.status = TaskStatus.OFFERED if details.offered_to else TaskStatus.OPEN
    db.session.add(task)
    db.session.flush()
    _record(task, TaskAction.CREATED, details.offered_to, created_by)
    return task


def edit_task(task: Task, details: TaskDetails, edited_by: User, seen_version: int) -> None:
    """Change a task. A change to whom it is offered starts its answer afresh.

    Raises `TaskRefused` when someone else changed the task after `seen_version` was read.
    """
    values = _columns(details)
    new_offer = details.offered_to.id if details.offered_to else None
    if new_offer != task.offered_to_id or task.status == TaskStatus.DECLINED:
        values.update(assignee_id=None, decline_reason="",
                      status=TaskStatus.OFFERED if new_offer else TaskStatus.OPEN)
    compare_and_set(task, seen_version, values, error=TaskRefused, refusal=_l(
        "Someone else changed this task while you were editing it. "
        "Below is the task as it is now; please make your change again."))
    _record(task, TaskAction.EDITED, None, edited_by)


def _columns(details: TaskDetails) -> dict:
    due_date, weekday = first_due(details, dutch_today())
    return dict(
        title=details.title.strip(), description=details.description.strip(),
        category=details.category, rhythm=details.rhythm, due_date=due_date, weekday=weekday,
        time_of_day=None if details.rhythm == Rhythm.ON_CALL else details.time_of_day,
        offered_to_id=details.offered_to.id if details.offered_to else None,
        agreement_id=details.agreement_id,
    )


def allowed_actions(task: Task, person: Person) -> set[TaskAction]:
    """What `person` may do with `task` in its present state."""
    mine = task.assignee_id == person.id
    offered_to_me = task.status == TaskStatus.OFFERED and task.offered_to_id == person.id
    actions: set[TaskAction] = set()
    if task.status == TaskStatus.OPEN or offered_to_me:
        actions.add(TaskAction.ACCEPTED)
    if offered_to_me:
        actions.add(TaskAction.DECLINED)
    if task.status == TaskStatus.ACCEPTED and mine:
        actions.add(TaskAction.RELEASED)
        if not task.on_call:   # on call: there is nothing to finish, only to be there when needed
            actions.add(TaskAction.DONE)
    return actions


def act(task: Task, action: TaskAction, person: Person, recorded_by: User, note: str = "") -> None:
    """Accept, decline, finish or give back `task` as `person`. Raises `TaskRefused`."""
    if action not in allowed_actions(task, person):
        raise TaskRefused(_refusal(task, action))
    values: dict = {}
    if action == TaskAction.ACCEPTED:
        values = dict(status=TaskStatus.ACCEPTED, assignee_id=person.id, decline_reason="")
    elif action == TaskAction.DECLINED:
        values = dict(status=TaskStatus.DECLINED, decline_reason=note.strip())
    elif action == TaskAction.RELEASED:
        values = dict(status=TaskStatus.OPEN, assignee_id=None, offered_to_id=None)
    elif action == TaskAction.DONE:
        if task.rhythm == Rhythm.ONCE:
            values = dict(status=TaskStatus.DONE)
        else:
            today = dutch_today()
            values = dict(due_date=next_due(task.due_date or today, task.rhythm, today))
    compare_and_set(task, task.version, values, _refusal(task, action, lost_race=True), TaskRefused)
    _record(task, action, person, recorded_by, note)


def _refusal(task: Task, action: TaskAction, lost_race: bool = False):
    if action == TaskAction.ACCEPTED and (lost_race or task.status == TaskStatus.ACCEPTED):
        return _l("Someone else has just taken this task on. Thank you for wanting to help!")
    if lost_race:
        return _l("This task was changed by someone else just now. Please look at it again.")
    if task.status == TaskStatus.DONE:
        return _l("This task is already done.")
    return _l("That is not possible for this task right now.")


def _record(task: Task, action: TaskAction, person: Person | None, recorded_by: User, note: str = "") -> None:
    db.session.add(TaskEvent(task_id=task.id, action=action, person_id=person.id if person else None,
                             recorded_by_id=recorded_by.id, note=note.strip()[:500]))
