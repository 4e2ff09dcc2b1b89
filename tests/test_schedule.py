"""The scheduler: reminders the day before, overdue once, open tasks nobody took, permissions
about to end, one weekly digest per person per week; running twice or after a crash halfway tells
nobody twice. Read from a real SMTP server on loopback."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa

from portal.consent.models import ConsentStatus
from portal.extensions import db, dutch_today
from portal.meetings.models import Meeting, MeetingInvitation, Reply
from portal.notifications import schedule
from portal.notifications.models import Notification, Outcome
from portal.notifications.rules import Kind
from portal.notifications.schedule import run_schedule
from portal.parts.models import PlanPart, Visibility
from portal.tasks.models import Rhythm, TaskAction, TaskStatus
from portal.tasks.services import act
from tests.conftest import translated
from tests.consents import consent_in_force
from tests.factories import TaskFactory


MONDAY = date(2026, 12, 7)


@pytest.fixture()
def app_config(smtp_server) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port}


def subjects_to(inbox, address) -> list[str]:
    return [m["Subject"] for m in inbox.messages if m["To"] == address]


def reminders(inbox, address) -> list[str]:
    """What `address` got, leaving the weekly digest aside."""
    digests = {translated("Your week in the plan of %(family)s", family=name)
               for name in ("Familie Test", "Familie Anders")}
    return [s for s in subjects_to(inbox, address) if s not in digests]


def kinds_told() -> Counter:
    return Counter((n.kind, n.person_id) for n in db.session.scalars(sa.select(Notification)))


def test_today_is_the_dutch_day():
    late_evening_utc = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)
    assert dutch_today(late_evening_utc) == date(2027, 1, 1)
    summer_night_utc = datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc)
    assert dutch_today(summer_night_utc) == date(2026, 7, 2)


def test_due_tomorrow_reminds_the_one_who_carries_it_once(app, world, smtp_server):
    opa = world.people["network"]
    TaskFactory(family=world.family, title="Boodschappen", status=TaskStatus.ACCEPTED, assignee=opa,
                due_date=MONDAY + timedelta(days=1))
    db.session.commit()

    run_schedule(MONDAY)
    run_schedule(MONDAY)

    assert reminders(smtp_server, opa.email) == [translated("Tomorrow: %(task)s", task="Boodschappen")]


def test_a_rhythm_is_reminded_the_day_before_each_time(app, world, smtp_server):
    opa = world.people["network"]
    task = TaskFactory(family=world.family, title="Hond uitlaten", status=TaskStatus.ACCEPTED, assignee=opa,
                       rhythm=Rhythm.WEEKLY, due_date=MONDAY + timedelta(days=1))
    db.session.commit()
    run_schedule(MONDAY)
    with app.test_request_context():
        act(task, TaskAction.DONE, opa, world.accounts["network"])
    db.session.commit()
    assert task.due_date == MONDAY + timedelta(days=8)

    run_schedule(MONDAY + timedelta(days=6))
    run_schedule(MONDAY + timedelta(days=7))
    run_schedule(MONDAY + timedelta(days=7))

    assert reminders(smtp_server, opa.email) == [translated("Tomorrow: %(task)s", task="Hond uitlaten")] * 2


def test_overdue_is_told_once_not_every_day(app, world, smtp_server):
    opa = world.people["network"]
    TaskFactory(family=world.family, title="Formulier", status=TaskStatus.ACCEPTED, assignee=opa,
                due_date=MONDAY - timedelta(days=1))
    db.session.commit()

    for day in range(4):
        run_schedule(MONDAY + timedelta(days=day))

    assert reminders(smtp_server, opa.email) == [translated("Not done yet: %(task)s", task="Formulier")]


def test_the_meeting_reminder_goes_to_who_may_come(app, world, smtp_server):
    meeting = Meeting(family_id=world.family.id, title="Netwerkberaad", meeting_date=MONDAY + timedelta(days=1),
                      start_time=time(19, 30))
    db.session.add(meeting)
    db.session.flush()
    db.session.add_all([MeetingInvitation(meeting_id=meeting.id, person_id=world.people["network"].id),
                        MeetingInvitation(meeting_id=meeting.id, person_id=world.people["mentor"].id,
                                          reply=Reply.NOT_COMING)])
    db.session.commit()
    smtp_server.messages.clear()

    run_schedule(MONDAY)

    expected = translated("Tomorrow: %(meeting)s", meeting="Netwerkberaad")
    assert reminders(smtp_server, world.people["network"].email) == [expected]
    assert expected not in subjects_to(smtp_server, world.people["mentor"].email)


def test_an_open_task_nobody_took_for_a_week_goes_to_the_keepers_once(app, world, smtp_server):
    TaskFactory(family=world.family, title="Vervoer", status=TaskStatus.OPEN,
                created_at=datetime.combine(MONDAY - timedelta(days=8), time(12), tzinfo=timezone.utc))
    TaskFactory(family=world.family, title="Nieuw", status=TaskStatus.OPEN,
                created_at=datetime.combine(MONDAY - timedelta(days=2), time(12), tzinfo=timezone.utc))
    db.session.commit()

    run_schedule(MONDAY)
    run_schedule(MONDAY + timedelta(days=1))

    told = kinds_told()
    assert told[(Kind.TASK_UNCLAIMED.value, world.people["family"].id)] == 1
    assert told[(Kind.TASK_UNCLAIMED.value, world.people["mentor"].id)] == 1
    assert sum(n for (kind, _), n in told.items() if kind == Kind.TASK_UNCLAIMED.value) == 2
    expected = translated("Nobody has taken on this task for a week: %(task)s", task="Vervoer")
    assert reminders(smtp_server, world.people["family"].email) == [expected]


def test_a_permission_about_to_end_is_told_to_the_family(app, world, smtp_server):
    consent = consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"],
                               today=MONDAY, days=10)
    assert consent.status == ConsentStatus.ACTIVE
    smtp_server.messages.clear()

    run_schedule(MONDAY)
    run_schedule(MONDAY)

    assert kinds_told()[(Kind.CONSENT_ENDING.value, world.people["family"].id)] == 1
    assert (Kind.CONSENT_ENDING.value, world.people["network"].id) not in kinds_told()


def test_one_digest_per_person_per_week(app, world, smtp_server):
    opa = world.people["network"]
    TaskFactory(family=world.family, title="Nog niemand", status=TaskStatus.OPEN)
    TaskFactory(family=world.family, title="Oppassen woensdag", status=TaskStatus.ACCEPTED, assignee=opa,
                due_date=MONDAY + timedelta(days=2))
    for title, visibility in (("Beraad vrijdag", Visibility.NETWORK), ("Alleen het gezin", Visibility.FAMILY_AND_MENTOR)):
        meeting = Meeting(family_id=world.family.id, title=title, meeting_date=MONDAY + timedelta(days=4),
                          visibility=visibility)
        meeting.invitations.append(MeetingInvitation(person_id=opa.id))
        db.session.add(meeting)
    db.session.commit()
    smtp_server.messages.clear()

    for day in range(7):
        run_schedule(MONDAY + timedelta(days=day))
    run_schedule(MONDAY + timedelta(days=7))

    digest = translated("Your week in the plan of %(family)s", family=world.family.name)
    assert subjects_to(smtp_server, opa.email).count(digest) == 2
    family_mails = [m for m in smtp_server.messages if m["To"] == world.people["family"].email
                    and m["Subject"] == digest]
    assert len(family_mails) == 2
    family_text = family_mails[0].get_body(("plain",)).get_content()
    assert translated("Nobody yet for: %(tasks)s", tasks="Nog niemand") in family_text
    opa_text = next(m for m in smtp_server.messages if m["To"] == opa.email and m["Subject"] == digest
                    ).get_body(("plain",)).get_content()
    assert "Oppassen woensdag" in opa_text and "Beraad vrijdag" in opa_text
    assert "Alleen het gezin" not in opa_text, "only what opa may see"
    assert translated("How the plan is doing:") not in opa_text, "the review is for the family and the mentor"


def test_news_chosen_for_the_digest_is_in_it_once(app, world, smtp_server):
    opa = world.people["network"]
    task = TaskFactory(family=world.family, title="Oppassen", status=TaskStatus.OFFERED, offered_to=opa)
    db.session.commit()
    with app.test_request_context():
        act(task, TaskAction.ACCEPTED, opa, world.accounts["network"])
    db.session.commit()
    assert smtp_server.messages == [], "a yes waits for the digest"

    run_schedule(MONDAY)
    run_schedule(MONDAY + timedelta(days=7))

    mails = [m.get_body(("plain",)).get_content() for m in smtp_server.messages
             if m["To"] == world.people["family"].email]
    news = translated("%(who)s said yes to: %(task)s", who=opa.name, task="Oppassen")
    assert [news in text for text in mails] == [True, False]
    outcomes = {n.outcome for n in db.session.scalars(sa.select(Notification).where(
        Notification.kind == Kind.TASK_ACCEPTED.value))}
    assert outcomes == {Outcome.DIGESTED}


def test_a_run_that_stops_halfway_then_runs_again_tells_nobody_twice(app, world, smtp_server, monkeypatch):
    for family, person in ((world.family, world.people["network"]), (world.other_family, world.people["outsider"])):
        TaskFactory(family=family, title="Morgen", status=TaskStatus.ACCEPTED, assignee=person,
                    due_date=MONDAY + timedelta(days=1))
    db.session.commit()
    real = schedule.schedule_family

    def crash_on_the_second(family_id, today):
        real(family_id, today)
        if family_id == world.other_family.id:
            raise RuntimeError("the machine went down")

    monkeypatch.setattr(schedule, "schedule_family", crash_on_the_second)
    with pytest.raises(RuntimeError):
        run_schedule(MONDAY)
    db.session.rollback()
    monkeypatch.setattr(schedule, "schedule_family", real)
    run_schedule(MONDAY)
    run_schedule(MONDAY)

    every = Counter((m["To"], m["Subject"]) for m in smtp_server.messages)
    assert every and max(every.values()) == 1
    tomorrow = translated("Tomorrow: %(task)s", task="Morgen")
    assert every[(world.people["network"].email, tomorrow)] == 1
    assert every[(world.people["outsider"].email, tomorrow)] == 1


def test_the_key_is_unique_in_the_database(app, world):
    row = dict(family_id=world.family.id, person_id=world.people["network"].id, kind="task_due",
               subject="task:1", occurrence="2026-12-08", outcome=Outcome.MAILED, headline="x")
    db.session.add(Notification(**row))
    db.session.commit()
    db.session.add(Notification(**row))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_schedule_command_runs_for_a_day(app, world, runner, smtp_server):
    result = runner.invoke(args=["schedule", "--day", MONDAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Scheduled for 2 families" in result.output


def test_the_demo_leaves_opa_a_week_of_mail_in_the_outbox(app, runner, smtp_server):
    from tests.accounts import outbox

    app.config["MAIL_SERVER"] = ""   # as `make run` has it
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output

    opa = [m["Subject"] for m in outbox(app) if m["To"] == "opa@example.org"]
    assert len(opa) >= 5
    assert translated("Your week in the plan of %(family)s", family="Familie De Vries") in opa
    assert any(s.startswith(translated("Tomorrow: %(task)s", task="")) for s in opa), "a reminder the day before"
    assert any(s.startswith(translated("A task for you: %(task)s", task="")) for s in opa)
    assert smtp_server.messages == []


def test_a_permission_on_hold_after_a_birthday_asks_whoever_must_agree_now(app, world, smtp_server):
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"], today=MONDAY)
    child = world.people["youth_under_12"]
    child.date_of_birth = date(MONDAY.year - 12, MONDAY.month, MONDAY.day) - timedelta(days=1)  # 12 now
    db.session.commit()
    smtp_server.messages.clear()

    run_schedule(MONDAY)
    run_schedule(MONDAY + timedelta(days=1))

    told = kinds_told()
    assert told[(Kind.CONSENT_TO_AGREE.value, child.id)] == 1
    assert (Kind.CONSENT_TO_AGREE.value, world.people["network"].id) not in told
