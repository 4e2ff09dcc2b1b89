"""Tasks and time: the day of the week of a weekly task, the time of day, tasks for when they are
needed (on call), and the quiet "note it for someone else" on a task's page."""
from __future__ import annotations

import re
from datetime import date, time

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.extensions import db, dutch_today
from portal.tasks.models import Rhythm, Task, TaskAction, TaskStatus
from portal.tasks.services import TaskDetails, TaskRefused, act, allowed_actions, first_due, next_due, on_weekday
from portal.tasks.models import Category
from tests.conftest import form_fields, page_text, translated
from tests.factories import TaskFactory

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
WED_2_DEC_2026 = date(2026, 12, 2)


@pytest.fixture()
def today_is(monkeypatch):
    """Make "today" (`dutch_today`) a given day for the task code and its pages."""
    def set_today(day: date) -> None:
        for module in ("portal.tasks.services", "portal.tasks.routes"):
            monkeypatch.setattr(f"{module}.dutch_today", lambda now=None: day)
    return set_today


def test_today_is_the_date_in_amsterdam():
    """At 23:30 UTC on a summer night it is already the next day in Amsterdam."""
    from datetime import datetime, timezone
    assert dutch_today(datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc)) == date(2026, 7, 2)


# ---- the next time, from the weekday ----------------------------------------------------------

@pytest.mark.parametrize("day, weekday, expected", [
    (WED_2_DEC_2026, WEDNESDAY, date(2026, 12, 2)),     # that very day
    (WED_2_DEC_2026, THURSDAY, date(2026, 12, 3)),      # later this week
    (WED_2_DEC_2026, MONDAY, date(2026, 12, 7)),        # next week
    (WED_2_DEC_2026, TUESDAY, date(2026, 12, 8)),       # six days on, the most there is
    (date(2026, 12, 31), WEDNESDAY, date(2027, 1, 6)),  # across the end of the year
    (date(2027, 2, 27), SUNDAY, date(2027, 2, 28)),
    (date(2027, 2, 28), MONDAY, date(2027, 3, 1)),      # across the end of a month
])
def test_the_next_day_with_that_weekday(day, weekday, expected):
    assert on_weekday(day, weekday) == expected
    assert expected.weekday() == weekday


def details(rhythm, due=None, weekday=None, at=None) -> TaskDetails:
    return TaskDetails("Koken", "", Category.PRACTICAL, rhythm, due, None, weekday=weekday, time_of_day=at)


@pytest.mark.parametrize("given, expected", [
    # A weekday without a date: the first of those days from today (Wednesday 2 December).
    (details(Rhythm.WEEKLY, weekday=WEDNESDAY), (date(2026, 12, 2), WEDNESDAY)),
    (details(Rhythm.WEEKLY, weekday=SATURDAY), (date(2026, 12, 5), SATURDAY)),
    (details(Rhythm.BIWEEKLY, weekday=MONDAY), (date(2026, 12, 7), MONDAY)),
    # A first date on another day: the first of the chosen days from that date.
    (details(Rhythm.WEEKLY, due=date(2026, 12, 12), weekday=WEDNESDAY), (date(2026, 12, 16), WEDNESDAY)),
    # A first date without a weekday: the task keeps the date's own day.
    (details(Rhythm.WEEKLY, due=date(2026, 12, 10)), (date(2026, 12, 10), THURSDAY)),
    # Only a weekly or two-weekly task has a day; on call has no date at all.
    (details(Rhythm.MONTHLY, due=date(2026, 12, 10), weekday=WEDNESDAY), (date(2026, 12, 10), None)),
    (details(Rhythm.ONCE, due=date(2026, 12, 10)), (date(2026, 12, 10), None)),
    (details(Rhythm.ON_CALL, due=date(2026, 12, 10), weekday=WEDNESDAY), (None, None)),
])
def test_the_first_date_and_weekday_a_task_is_saved_with(given, expected):
    assert first_due(given, WED_2_DEC_2026) == expected


@pytest.mark.parametrize("due, rhythm, today, expected", [
    (date(2026, 12, 2), Rhythm.WEEKLY, date(2026, 12, 2), date(2026, 12, 9)),      # done on the day
    (date(2026, 12, 2), Rhythm.BIWEEKLY, date(2026, 12, 3), date(2026, 12, 16)),   # a day late
    (date(2026, 12, 30), Rhythm.WEEKLY, date(2026, 12, 30), date(2027, 1, 6)),     # into next year
    # Done weeks late: on to the first of its days from today, so it is not overdue at once.
    (date(2026, 11, 4), Rhythm.WEEKLY, date(2026, 12, 3), date(2026, 12, 9)),
    (date(2026, 11, 4), Rhythm.BIWEEKLY, date(2026, 12, 2), date(2026, 12, 2)),
])
def test_done_moves_a_weekly_task_on_along_its_weekday(due, rhythm, today, expected):
    following = next_due(due, rhythm, today)
    assert following == expected
    assert following.weekday() == due.weekday()


def test_the_form_saves_a_weekly_task_on_its_day_and_the_page_says_that_day(app, auth, english, today_is):
    today_is(WED_2_DEC_2026 .replace(day=4))   # Friday 4 December
    client = auth.login("family")
    blank = form_fields(client.get(f"/families/{english.family.id}/tasks/new"), containing="title")
    response = client.post(f"/families/{english.family.id}/tasks/new", data={
        **blank, "title": "Op woensdag koken", "rhythm": "weekly", "weekday": str(WEDNESDAY), "due_date": "",
        "time_of_day": "17:30", "offered_to": "0"})

    assert response.status_code == 302
    task = db.session.scalar(sa.select(Task))
    assert (task.weekday, task.due_date, task.time_of_day) == (WEDNESDAY, date(2026, 12, 9), time(17, 30))
    text = page_text(client.get(f"/tasks/{task.id}"))
    assert "Every week on Wednesday, next time: Wednesday 9 December 2026 at 17:30" in text

    # Done for this time: next Wednesday, still at 17:30.
    act(task, TaskAction.ACCEPTED, english.people["network"], english.accounts["network"])
    today_is(date(2026, 12, 9))
    act(task, TaskAction.DONE, english.people["network"], english.accounts["network"])
    db.session.commit()
    assert "next time: Wednesday 16 December 2026 at 17:30" in page_text(client.get(f"/tasks/{task.id}"))


def test_the_form_shows_the_weekday_it_has_when_changing_a_task(app, auth, world):
    task = TaskFactory(family=world.family, rhythm=Rhythm.WEEKLY, weekday=FRIDAY, due_date=date(2026, 12, 4),
                       time_of_day=time(9, 0))
    db.session.commit()
    fields = form_fields(auth.login("family").get(f"/tasks/{task.id}/edit"), containing="title")
    assert (fields["weekday"], fields["time_of_day"], fields["rhythm"]) == (str(FRIDAY), "09:00", "weekly")


def test_a_time_of_day_is_shown_with_the_date(app, auth, english):
    task = TaskFactory(family=english.family, title="Noor ophalen van zwemles", due_date=date(2026, 12, 6),
                       time_of_day=time(17, 0))
    db.session.commit()
    client = auth.login("family")
    assert "Sunday 6 December 2026 at 17:00" in page_text(client.get(f"/tasks/{task.id}"))
    assert "Sunday 6 December 2026 at 17:00" in page_text(client.get(f"/families/{english.family.id}/tasks"))


# ---- on call: when it is needed ----------------------------------------------------------------

def test_a_task_for_when_it_is_needed_has_no_done_button_and_is_never_overdue(app, auth, english):
    task = TaskFactory(family=english.family, title="Bij nood de deur opendoen", rhythm=Rhythm.ON_CALL,
                       status=TaskStatus.ACCEPTED, assignee=english.people["network"])
    db.session.commit()
    neighbour = english.people["network"]

    assert allowed_actions(task, neighbour) == {TaskAction.RELEASED}
    assert not task.is_overdue(date(2099, 1, 1))
    with pytest.raises(TaskRefused):
        act(task, TaskAction.DONE, neighbour, english.accounts["network"])
    db.session.rollback()

    client = auth.login("network")
    for page in (f"/families/{english.family.id}/my-tasks", f"/tasks/{task.id}"):
        response = client.get(page)
        text, html = page_text(response), response.get_data(as_text=True)
        assert "When it is needed" in text
        assert "I can't do it after all" in text, "the one who carries it may still give it back"
        assert f"/tasks/{task.id}/done" not in html and "Overdue" not in text
    assert client.post(f"/tasks/{task.id}/done").status_code == 303   # refused, and told why
    db.session.refresh(task)
    assert (task.status, task.due_date) == (TaskStatus.ACCEPTED, None)


@pytest.mark.parametrize("columns", [
    {"rhythm": Rhythm.ON_CALL, "due_date": date(2026, 12, 2)},
    {"rhythm": Rhythm.ON_CALL, "time_of_day": time(17, 0)},
    {"rhythm": Rhythm.ON_CALL, "status": TaskStatus.DONE},
    {"rhythm": Rhythm.WEEKLY, "weekday": 7},
    {"rhythm": Rhythm.WEEKLY, "weekday": -1},
    {"rhythm": Rhythm.ONCE, "weekday": MONDAY},
    {"rhythm": Rhythm.MONTHLY, "weekday": MONDAY},
])
def test_the_database_holds_the_rules_of_weekday_and_on_call(app, world, columns):
    with pytest.raises(IntegrityError):
        TaskFactory(family=world.family, **columns)
        db.session.flush()
    db.session.rollback()


# ---- the form keeps what was typed ---------------------------------------------------------------

@pytest.mark.parametrize("typed, message, field", [
    ({"rhythm": "on_call", "due_date": "2026-12-06"},
     "A task for when it is needed has no date. Leave the date empty.", "due_date"),
    ({"rhythm": "on_call", "time_of_day": "17:00"},
     "A task for when it is needed has no time. Leave the time empty.", "time_of_day"),
    ({"rhythm": "once", "weekday": str(WEDNESDAY)},
     'Only a task every week or every two weeks has a fixed day. Choose "No fixed day", or change how often.',
     "weekday"),
    ({"rhythm": "monthly", "weekday": str(WEDNESDAY), "due_date": ""}, "A task that repeats needs a first date.",
     "due_date"),
    ({"rhythm": "weekly", "weekday": "", "due_date": ""}, "A task that repeats needs a first date.", "due_date"),
    ({"rhythm": "weekly", "weekday": "9"}, "Not a valid choice.", "weekday"),
    ({"rhythm": "once", "time_of_day": "25:99"}, "Not a valid time value.", "time_of_day"),
])
def test_the_task_form_keeps_what_was_typed_when_time_or_day_is_wrong(app, auth, english, typed, message, field):
    client = auth.login("family")
    blank = form_fields(client.get(f"/families/{english.family.id}/tasks/new"), containing="title")
    sent = {**blank, "title": "Ophalen van zwemles", "description": "Bij de ingang", **typed}

    response = client.post(f"/families/{english.family.id}/tasks/new", data=sent)

    assert response.status_code == 200
    assert message in page_text(response)
    kept = form_fields(response, containing="title")
    assert (kept["title"], kept["description"]) == ("Ophalen van zwemles", "Bij de ingang")
    if field != "weekday" or typed["weekday"] in {str(d) for d in range(7)}:
        assert kept[field] == typed[field], f"the typed {field} is kept"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Task)) == 0


def test_an_on_call_task_is_saved_without_a_date(app, auth, english):
    client = auth.login("family")
    blank = form_fields(client.get(f"/families/{english.family.id}/tasks/new"), containing="title")
    client.post(f"/families/{english.family.id}/tasks/new", data={
        **blank, "title": "Bij nood de deur opendoen", "rhythm": "on_call", "offered_to": "0"})
    task = db.session.scalar(sa.select(Task))
    assert (task.rhythm, task.due_date, task.weekday, task.time_of_day) == (Rhythm.ON_CALL, None, None, None)


# ---- one main button; noting for someone else folded away ----------------------------------------

class _Part:
    """A piece of a page, for `form_fields`."""

    def __init__(self, html: str):
        self.html = html

    def get_data(self, as_text=True) -> str:
        return self.html


def folded_form(response) -> dict[str, str]:
    """The first form inside the "note it for someone else" disclosure."""
    folded = response.get_data(as_text=True).split('<details class="on-behalf">', 1)[1]
    return form_fields(_Part(folded), containing="person_id")


def _buttons(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", b).strip() for b in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)]


def test_an_open_task_shows_one_main_button_and_notes_for_others_behind_a_disclosure(app, auth, english):
    task = TaskFactory(family=english.family, title="Boodschappen doen", status=TaskStatus.OPEN)
    db.session.commit()
    response = auth.login("family").get(f"/tasks/{task.id}")
    html = response.get_data(as_text=True)

    main, folded = html.split('<details class="on-behalf">')
    assert [b for b in _buttons(main) if b == "I'll do it"] == ["I'll do it"]
    assert not [b for b in _buttons(html) if "takes this on" in b], "no button per person any more"
    assert "Note it for someone else" in folded
    aunt = english.people["no_account"]
    assert folded_form(response)["person_id"] == str(aunt.id)
    assert f'<option value="{aunt.id}">{aunt.name}</option>' in folded
    for has_account in ("network", "youth", "mentor", "professional"):
        assert f'value="{english.people[has_account].id}"' not in folded


def test_who_may_not_record_for_others_sees_no_disclosure(app, auth, world):
    task = TaskFactory(family=world.family, status=TaskStatus.OPEN)
    db.session.commit()
    assert 'class="on-behalf"' not in auth.login("network").get(f"/tasks/{task.id}").get_data(as_text=True)


def test_noting_for_someone_else_through_the_disclosure_works(app, auth, world):
    task = TaskFactory(family=world.family, status=TaskStatus.OPEN)
    db.session.commit()
    client = auth.login("mentor")
    fields = folded_form(client.get(f"/tasks/{task.id}"))
    assert fields["person_id"] == str(world.people["no_account"].id)

    response = client.post(f"/tasks/{task.id}/accept", data=fields)

    assert response.status_code == 303
    db.session.refresh(task)
    assert (task.status, task.assignee_id) == (TaskStatus.ACCEPTED, world.people["no_account"].id)
    # Now the folded part offers "done" and "give back" for her, each once.
    folded = client.get(f"/tasks/{task.id}").get_data(as_text=True).split('<details class="on-behalf">')[1]
    assert folded.count(f"/tasks/{task.id}/done") == 1 and folded.count(f"/tasks/{task.id}/release") == 1
    assert translated("Note that it is done") in folded


def test_the_disclosure_still_asks_the_policy_for_whom_one_may_act(app, auth, world):
    """The select offers only people without an account; a forged choice of someone with an account
    is refused by the policy (`may_act_for`), as the button per person was."""
    task = TaskFactory(family=world.family, status=TaskStatus.OPEN)
    db.session.commit()
    client = auth.login("family")
    fields = folded_form(client.get(f"/tasks/{task.id}"))

    response = client.post(f"/tasks/{task.id}/accept", data={**fields, "person_id": str(world.people["network"].id)})

    assert response.status_code == 403
    db.session.refresh(task)
    assert (task.status, task.assignee_id) == (TaskStatus.OPEN, None)


# ---- the demo ---------------------------------------------------------------------------------------

def test_the_demo_cooks_on_wednesday_and_the_neighbour_opens_the_door_when_needed(app, runner, monkeypatch):
    from argon2 import PasswordHasher

    from portal.auth.models import User
    monkeypatch.setattr("portal.auth.services._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    assert runner.invoke(args=["demo"]).exit_code == 0
    tasks = {t.title: t for t in db.session.scalars(sa.select(Task))}

    cooking = tasks["Op woensdag koken voor het gezin"]
    assert cooking.weekday == WEDNESDAY and cooking.due_date.weekday() == WEDNESDAY
    door = tasks["Bij nood de deur opendoen voor de kinderen"]
    assert (door.rhythm, door.due_date) == (Rhythm.ON_CALL, None)
    swimming = tasks["Noor ophalen van zwemles"]
    assert (swimming.due_date.weekday(), swimming.time_of_day) == (SUNDAY, time(17, 0))

    mother = db.session.scalar(sa.select(User).where(User.email == "ouder@example.org"))
    mother.locale = "en"
    db.session.commit()
    client = app.test_client().login_as(mother)
    assert "Every week on Wednesday, next time: Wednesday" in page_text(client.get(f"/tasks/{cooking.id}"))
    door_page = page_text(client.get(f"/tasks/{door.id}"))
    assert "When it is needed" in door_page and "next time" not in door_page


def test_the_migration_gives_existing_weekly_tasks_the_weekday_of_their_date(app, world, project_root):
    """0018 fills in the weekday of the weekly tasks there were, in SQL of this engine."""
    import importlib.util
    from types import SimpleNamespace

    path = project_root / "migrations" / "versions" / "0018_task_time_and_kind.py"
    spec = importlib.util.spec_from_file_location("migration_0018", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.op = SimpleNamespace(get_bind=db.session.connection)
    week = [date(2026, 11, 30 + offset) if offset < 1 else date(2026, 12, offset) for offset in range(7)]
    tasks = [TaskFactory(family=world.family, rhythm=Rhythm.WEEKLY, due_date=day) for day in week]
    db.session.flush()

    db.session.execute(sa.text(f"UPDATE tasks SET weekday = {migration._weekday_of_due_date()}"))

    for task in tasks:
        db.session.refresh(task)
    assert [task.weekday for task in tasks] == [day.weekday() for day in week] == list(range(7))
