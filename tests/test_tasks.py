"""Tasks: the small state machine, the task buttons, recording for people without an account,
and the task form (stale edits, bad input)."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.tasks.models import Rhythm, Task, TaskAction, TaskEvent, TaskStatus
from portal.tasks.services import TaskRefused, act, next_due
from tests.conftest import form_fields, page_text, translated
from tests.factories import TaskFactory

OFFERED, OPEN, ACCEPTED, DECLINED, DONE = (TaskStatus.OFFERED, TaskStatus.OPEN, TaskStatus.ACCEPTED,
                                           TaskStatus.DECLINED, TaskStatus.DONE)


def a_task(world, status=OPEN, offered_to=None, assignee=None, **extra) -> Task:
    """A committed task of the world's family; `offered_to` and `assignee` are world keys."""
    task = TaskFactory(family=world.family, status=status,
                       offered_to=world.people[offered_to] if offered_to else None,
                       assignee=world.people[assignee] if assignee else None, **extra)
    db.session.commit()
    return task


def events_of(task: Task) -> list[TaskEvent]:
    return list(db.session.scalars(sa.select(TaskEvent).where(TaskEvent.task_id == task.id).order_by(TaskEvent.id)))


# ---- the state machine, through the service -------------------------------------------------

@pytest.mark.parametrize("start, offered_to, assignee, actor, action, status_after, assignee_after", [
    (OFFERED, "network", None, "network", TaskAction.ACCEPTED, ACCEPTED, "network"),
    (OFFERED, "network", None, "network", TaskAction.DECLINED, DECLINED, None),
    (OPEN, None, None, "network", TaskAction.ACCEPTED, ACCEPTED, "network"),
    (OPEN, None, None, "youth", TaskAction.ACCEPTED, ACCEPTED, "youth"),
    (ACCEPTED, "network", "network", "network", TaskAction.DONE, DONE, "network"),
    (ACCEPTED, "network", "network", "network", TaskAction.RELEASED, OPEN, None),
])
def test_legal_transitions(world, start, offered_to, assignee, actor, action, status_after, assignee_after):
    task = a_task(world, start, offered_to, assignee)

    note = "  Lukt me deze week niet.  " if action == TaskAction.DECLINED else ""
    act(task, action, world.people[actor], world.accounts[actor], note=note)
    db.session.commit()

    assert task.status == status_after
    assert task.assignee_id == (world.people[assignee_after].id if assignee_after else None)
    assert task.version == 2
    [event] = events_of(task)
    assert (event.action, event.person_id, event.recorded_by_id) == (
        action, world.people[actor].id, world.accounts[actor].id)
    assert event.note == note.strip()
    if action == TaskAction.DECLINED:
        assert task.decline_reason == "Lukt me deze week niet.", "the reason is kept, without stray spaces"
    if action == TaskAction.RELEASED:
        assert task.offered_to_id is None, "a task given back is open for anyone again"


@pytest.mark.parametrize("start, offered_to, assignee, actor, action, message", [
    (OPEN, None, None, "network", TaskAction.DECLINED, "That is not possible for this task right now."),
    (OPEN, None, None, "network", TaskAction.DONE, "That is not possible for this task right now."),
    (OPEN, None, None, "network", TaskAction.RELEASED, "That is not possible for this task right now."),
    (OFFERED, "network", None, "mentor", TaskAction.ACCEPTED, "That is not possible for this task right now."),
    (OFFERED, "network", None, "mentor", TaskAction.DECLINED, "That is not possible for this task right now."),
    (OFFERED, "network", None, "network", TaskAction.DONE, "That is not possible for this task right now."),
    (ACCEPTED, None, "network", "mentor", TaskAction.ACCEPTED,
     "Someone else has just taken this task on. Thank you for wanting to help!"),
    (ACCEPTED, None, "network", "mentor", TaskAction.DONE, "That is not possible for this task right now."),
    (ACCEPTED, None, "network", "mentor", TaskAction.RELEASED, "That is not possible for this task right now."),
    (DECLINED, "network", None, "network", TaskAction.ACCEPTED, "That is not possible for this task right now."),
    (DONE, None, "network", "network", TaskAction.ACCEPTED, "This task is already done."),
    (DONE, None, "network", "network", TaskAction.DONE, "This task is already done."),
])
def test_illegal_transitions_are_refused_and_change_nothing(app, world, start, offered_to, assignee, actor,
                                                            action, message):
    task = a_task(world, start, offered_to, assignee)

    with pytest.raises(TaskRefused) as refused:
        act(task, action, world.people[actor], world.accounts[actor])
    db.session.rollback()

    assert str(refused.value.message) == translated(message)
    db.session.refresh(task)
    assert (task.status, task.version) == (start, 1)
    assert task.assignee_id == (world.people[assignee].id if assignee else None)
    assert events_of(task) == []


@pytest.mark.parametrize("rhythm, due, next_time", [
    (Rhythm.WEEKLY, date(2026, 3, 2), date(2026, 3, 9)),
    (Rhythm.BIWEEKLY, date(2026, 3, 2), date(2026, 3, 16)),
    (Rhythm.MONTHLY, date(2026, 3, 15), date(2026, 4, 15)),
    (Rhythm.MONTHLY, date(2025, 1, 31), date(2025, 2, 28)),
    (Rhythm.MONTHLY, date(2024, 1, 31), date(2024, 2, 29)),
    (Rhythm.MONTHLY, date(2026, 3, 31), date(2026, 4, 30)),
    (Rhythm.MONTHLY, date(2026, 12, 20), date(2027, 1, 20)),
])
def test_next_due_date_follows_the_rhythm(rhythm, due, next_time):
    assert next_due(due, rhythm) == next_time


@pytest.mark.parametrize("rhythm, due, next_time", [
    (Rhythm.WEEKLY, date(2026, 3, 2), date(2026, 3, 9)),
    (Rhythm.MONTHLY, date(2026, 1, 31), date(2026, 2, 28)),
])
def test_done_on_a_recurring_task_keeps_it_and_moves_the_date(world, monkeypatch, rhythm, due, next_time):
    monkeypatch.setattr("portal.tasks.services.dutch_today", lambda now=None: due)   # done on the day it was due
    task = a_task(world, ACCEPTED, None, "network", rhythm=rhythm, due_date=due)

    act(task, TaskAction.DONE, world.people["network"], world.accounts["network"])
    db.session.commit()

    assert task.status == ACCEPTED
    assert task.assignee_id == world.people["network"].id
    assert task.due_date == next_time
    assert [e.action for e in events_of(task)] == [TaskAction.DONE]


# ---- the task buttons: POST /tasks/<id>/<action> --------------------------------------------

def test_a_network_member_accepts_marks_done_through_the_buttons(app, auth, world):
    task = a_task(world)
    client = auth.login("network")

    response = client.post(f"/tasks/{task.id}/accept", follow_redirects=True)
    assert response.status_code == 200
    assert translated("Thank you! The task is yours now.") in page_text(response)
    db.session.refresh(task)
    assert (task.status, task.assignee_id) == (ACCEPTED, world.people["network"].id)

    client.post(f"/tasks/{task.id}/done")
    db.session.refresh(task)
    assert task.status == DONE


def test_decline_keeps_the_reason_and_shows_it(app, auth, world):
    task = a_task(world, OFFERED, "network")
    client = auth.login("network")

    client.post(f"/tasks/{task.id}/decline", data={"reason": "Ik ben die week op vakantie."})

    db.session.refresh(task)
    assert (task.status, task.decline_reason) == (DECLINED, "Ik ben die week op vakantie.")
    assert "Ik ben die week op vakantie." in page_text(auth.login("family").get(f"/tasks/{task.id}"))


def test_give_back_opens_the_task_for_anyone(app, auth, world):
    task = a_task(world, ACCEPTED, "network", "network")
    auth.login("network").post(f"/tasks/{task.id}/release")
    db.session.refresh(task)
    assert (task.status, task.assignee_id, task.offered_to_id) == (OPEN, None, None)


@pytest.mark.parametrize("button, start, message", [
    ("done", OPEN, "That is not possible for this task right now."),
    ("decline", OPEN, "That is not possible for this task right now."),
    ("accept", DONE, "This task is already done."),
    ("release", DONE, "This task is already done."),
])
def test_an_illegal_button_answers_with_a_message_not_an_error(app, auth, world, button, start, message):
    task = a_task(world, start, assignee="network" if start == DONE else None)

    response = auth.login("network").post(f"/tasks/{task.id}/{button}", follow_redirects=True)

    assert response.status_code == 200
    assert translated(message) in page_text(response)
    db.session.refresh(task)
    assert (task.status, task.version) == (start, 1)


@pytest.mark.parametrize("button", ["accept", "decline", "done", "release"])
def test_task_buttons_need_the_csrf_token(app, auth, world, button):
    task = a_task(world, OFFERED, "network")
    client = auth.login("network")

    assert client.post(f"/tasks/{task.id}/{button}", csrf=False).status_code == 400
    assert client.get(f"/tasks/{task.id}/{button}").status_code == 405
    db.session.refresh(task)
    assert (task.status, task.version) == (OFFERED, 1)


# ---- recording for someone without an account -----------------------------------------------

@pytest.mark.parametrize("recorder", ["family", "mentor"])
def test_family_and_mentor_record_progress_for_someone_without_an_account(app, auth, world, recorder):
    task = a_task(world)
    aunt = world.people["no_account"]
    client = auth.login(recorder)

    client.post(f"/tasks/{task.id}/accept", data={"person_id": str(aunt.id)})
    client.post(f"/tasks/{task.id}/done", data={"person_id": str(aunt.id)})

    db.session.refresh(task)
    assert (task.status, task.assignee_id) == (DONE, aunt.id)
    events = events_of(task)
    assert [(e.action, e.person_id, e.recorded_by_id) for e in events] == [
        (TaskAction.ACCEPTED, aunt.id, world.accounts[recorder].id),
        (TaskAction.DONE, aunt.id, world.accounts[recorder].id),
    ]
    history = page_text(client.get(f"/tasks/{task.id}"))
    noted = translated("(Noted by %(actor)s.)", actor=world.accounts[recorder].name)
    assert translated("%(person)s took this on.", person=aunt.name) + " " + noted in history
    assert translated("%(person)s did it.", person=aunt.name) + " " + noted in history


@pytest.mark.parametrize("recorder, for_whom", [
    ("family", "network"),      # has an account: they answer for themselves
    ("mentor", "youth"),
    ("network", "no_account"),  # only the family and the mentor keep records for others
])
def test_nobody_records_for_someone_who_has_an_account_or_without_the_right(app, auth, world, recorder, for_whom):
    """Acting for someone is decided by the access policy (`may_act_for`): a forged button is a 403,
    like any other refusal of the policy, and the page never offered it."""
    task = a_task(world)
    person = world.people[for_whom]

    response = auth.login(recorder).post(f"/tasks/{task.id}/accept", data={"person_id": str(person.id)})

    assert response.status_code == 403
    db.session.refresh(task)
    assert (task.status, task.assignee_id) == (OPEN, None)
    assert events_of(task) == []


@pytest.mark.parametrize("person_id", ["outsider", "999999", "iemand"])
def test_a_person_outside_the_family_is_never_acted_for_nor_named(app, auth, world, person_id):
    task = a_task(world)
    raw_id = str(world.people[person_id].id) if person_id == "outsider" else person_id

    response = auth.login("family").post(f"/tasks/{task.id}/accept", data={"person_id": raw_id})

    assert response.status_code == 404  # nobody this family knows: it does not exist for them
    assert world.people["outsider"].name not in page_text(response)
    db.session.refresh(task)
    assert (task.status, task.assignee_id) == (OPEN, None), "an unknown person must not become 'myself'"


def test_a_youth_sees_and_takes_their_own_task_only(app, auth, world):
    own = a_task(world, OFFERED, "youth", title="Kamer opruimen")
    other = a_task(world, OFFERED, "network", title="Gras maaien")
    client = auth.login("youth")

    home = page_text(client.get(f"/families/{world.family.id}/"))
    assert "Kamer opruimen" in home and "Gras maaien" not in home
    assert client.get(f"/tasks/{other.id}").status_code == 404
    client.post(f"/tasks/{own.id}/accept")
    db.session.refresh(own)
    assert (own.status, own.assignee_id) == (ACCEPTED, world.people["youth"].id)


# ---- the task form ----------------------------------------------------------------------------

def test_a_new_task_is_offered_or_open(app, auth, world):
    client = auth.login("family")
    blank = form_fields(client.get(f"/families/{world.family.id}/tasks/new"), containing="title")
    del blank["form_token"]  # two tasks: each post is a freshly loaded form with its own token
    form = {**blank, "title": "Boodschappen doen", "description": "Op zaterdag", "category": "practical",
            "rhythm": "once", "due_date": "2026-06-01"}

    client.post(f"/families/{world.family.id}/tasks/new", data={**form, "offered_to": "0"})
    client.post(f"/families/{world.family.id}/tasks/new",
                data={**form, "title": "Oppassen", "offered_to": str(world.people["network"].id)})

    tasks = {t.title: t for t in db.session.scalars(sa.select(Task))}
    assert tasks["Boodschappen doen"].status == OPEN
    assert (tasks["Oppassen"].status, tasks["Oppassen"].offered_to_id) == (OFFERED, world.people["network"].id)
    assert [e.action for e in events_of(tasks["Oppassen"])] == [TaskAction.CREATED]
    mine = page_text(auth.login("network").get(f"/families/{world.family.id}/my-tasks"))
    assert "Oppassen" in mine and "Boodschappen doen" in mine


@pytest.mark.parametrize("typed, message, variables", [
    ({"title": "", "description": "Mijn uitleg blijft staan"}, "Please fill this in.", {}),
    ({"title": "Wekelijks koken", "rhythm": "weekly", "due_date": ""}, "A task that repeats needs a first date.", {}),
    ({"title": "Wekelijks koken", "description": "x" * 4001}, "Please keep this under %(max)d characters.",
     {"max": 4000}),
])
def test_task_form_with_bad_input_keeps_what_was_typed(app, auth, world, typed, message, variables):
    client = auth.login("mentor")
    blank = form_fields(client.get(f"/families/{world.family.id}/tasks/new"), containing="title")

    response = client.post(f"/families/{world.family.id}/tasks/new", data={**blank, **typed})

    assert response.status_code == 200
    assert translated(message, **variables) in page_text(response)
    kept = form_fields(response, containing="title")
    for field, value in typed.items():
        assert kept[field] == value, f"the typed {field} is kept"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Task)) == 0


def test_a_stale_edit_is_refused_and_shows_the_task_as_it_is_now(app, auth, world):
    task = a_task(world, OFFERED, "network", title="Gras maaien", description="Voor en achter")
    family = auth.login("family")
    as_seen = form_fields(family.get(f"/tasks/{task.id}/edit"), containing="title")
    assert as_seen["version"] == "1"
    # Meanwhile opa accepts the task.
    auth.login("network").post(f"/tasks/{task.id}/accept")

    typed = {**as_seen, "title": "Gras maaien en heg knippen", "description": "Mijn nieuwe uitleg"}
    response = family.post(f"/tasks/{task.id}/edit", data=typed)

    assert response.status_code == 409
    html, text = response.get_data(as_text=True), page_text(response)
    assert translated("The task as it is now") in text
    assert translated("Taken on") in text, "the current state (accepted by opa) is shown"
    assert 'value="Gras maaien en heg knippen"' in html and "Mijn nieuwe uitleg" in html
    db.session.refresh(task)
    assert (task.title, task.status, task.version) == ("Gras maaien", ACCEPTED, 2)

    # Saving again from the conflict page, which carries the current version and the typed text, works.
    again = form_fields(response, containing="title")
    assert (again["version"], again["title"], again["description"]) == (
        "2", "Gras maaien en heg knippen", "Mijn nieuwe uitleg")
    response = family.post(f"/tasks/{task.id}/edit", data=again)
    assert response.status_code == 302
    db.session.refresh(task)
    assert (task.title, task.status, task.assignee_id) == (
        "Gras maaien en heg knippen", ACCEPTED, world.people["network"].id)


def test_editing_whom_a_task_is_offered_to_starts_its_answer_afresh(app, auth, world):
    task = a_task(world, DECLINED, "network", decline_reason="Geen tijd")
    family = auth.login("family")
    as_seen = form_fields(family.get(f"/tasks/{task.id}/edit"), containing="title")
    family.post(f"/tasks/{task.id}/edit", data={**as_seen, "offered_to": str(world.people["no_account"].id)})
    db.session.refresh(task)
    assert (task.status, task.offered_to_id, task.decline_reason) == (OFFERED, world.people["no_account"].id, "")
