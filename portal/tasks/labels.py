"""Words for task states, kinds and rhythms, as people read them."""
from babel.dates import get_day_names
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.tasks.models import Category, Rhythm, Task, TaskAction, TaskEvent, TaskStatus

CATEGORY_LABELS = {
    Category.PRACTICAL: _l("Practical help in and around the house"),
    Category.PAPERWORK: _l("Paperwork and money matters"),
    Category.EMOTIONAL: _l("Emotional support: a listening ear"),
    Category.CHILDCARE: _l("Care for the children"),
    Category.TRANSPORT: _l("Transport"),
    Category.OTHER: _l("Something else"),
}

RHYTHM_LABELS = {
    Rhythm.ONCE: _l("Once"),
    Rhythm.WEEKLY: _l("Every week"),
    Rhythm.BIWEEKLY: _l("Every two weeks"),
    Rhythm.MONTHLY: _l("Every month"),
    Rhythm.ON_CALL: _l("When it is needed"),
}

STATUS_LABELS = {
    TaskStatus.OFFERED: _l("Asked, waiting for an answer"),
    TaskStatus.OPEN: _l("Open: who can do this?"),
    TaskStatus.ACCEPTED: _l("Taken on"),
    TaskStatus.DECLINED: _l("Said no: who else?"),
    TaskStatus.DONE: _l("Done"),
}


# The same states, said to the person they are about.
YOUR_STATUS_LABELS = {
    TaskStatus.OFFERED: _l("Asked of you: will you do it?"),
    TaskStatus.ACCEPTED: _l("You do this"),
    TaskStatus.DECLINED: _l("You said no"),
    TaskStatus.DONE: _l("Done by you"),
}


def status_words(task, reader_id: int | None) -> str:
    """A task's state in words for the one who reads it: "asked of you", not "waiting for an answer"."""
    yours = reader_id is not None and reader_id == (
        task.offered_to_id if task.status in (TaskStatus.OFFERED, TaskStatus.DECLINED) else task.assignee_id)
    return str(YOUR_STATUS_LABELS.get(task.status) if yours and task.status in YOUR_STATUS_LABELS
               else STATUS_LABELS[task.status])


def day_name(weekday: int) -> str:
    """The name of a day of the week (0 is Monday) in the reader's language."""
    return get_day_names("wide", locale=get_locale())[weekday]


def describe_when(task: Task) -> str:
    """When a task is done, in words: "Every week on Wednesday, next time: Wednesday 9 December
    2026 at 17:00", "Sunday 6 December 2026 at 17:00", "When it is needed"; "" when it has no time."""
    if task.on_call:
        return str(RHYTHM_LABELS[Rhythm.ON_CALL])
    day = format_date(task.due_date, "EEEE d MMMM y") if task.due_date else ""
    if day and task.time_of_day:
        day = _("%(date)s at %(time)s", date=day, time=task.time_of_day.strftime("%H:%M"))
    elif task.time_of_day:
        day = _("At %(time)s", time=task.time_of_day.strftime("%H:%M"))
    if task.rhythm == Rhythm.ONCE:
        return day
    rhythm = str(RHYTHM_LABELS[task.rhythm])
    if task.weekday is not None:
        rhythm = _("%(rhythm)s on %(day)s", rhythm=rhythm, day=day_name(task.weekday))
    if not day:
        return rhythm
    next_time = _("next time: %(date)s", date=day)
    return f"{rhythm}, {next_time}"


def describe_event(event: TaskEvent) -> str:
    """One line of a task's history, saying who recorded it when that was someone else."""
    actor = event.recorded_by.name if event.recorded_by else _("a former member")
    person = event.person.name if event.person else actor
    texts = {
        TaskAction.CREATED: lambda: _("%(actor)s added this task.", actor=actor),
        TaskAction.EDITED: lambda: _("%(actor)s changed this task.", actor=actor),
        TaskAction.REOPENED: lambda: _("%(actor)s changed this task.", actor=actor),
        TaskAction.ACCEPTED: lambda: _("%(person)s took this on.", person=person),
        TaskAction.DECLINED: lambda: _("%(person)s said no.", person=person),
        TaskAction.DONE: lambda: _("%(person)s did it.", person=person),
        TaskAction.RELEASED: lambda: _("%(person)s gave it back.", person=person),
    }
    text = texts[event.action]()
    recorded_for_someone_else = (
        event.person is not None and event.action != TaskAction.CREATED
        and event.person.user_id != event.recorded_by_id
    )
    if recorded_for_someone_else:
        text += " " + _("(Noted by %(actor)s.)", actor=actor)
    return text
