"""Notifications from what the services already record, read from a real SMTP server on loopback:
the right people, in their language, with links on the public address, one-click unsubscribe."""
from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from portal.extensions import db, dutch_today
from portal.meetings.models import Meeting
from portal.notifications.links import unsubscribe_token
from portal.notifications.models import Delivery, Notification, NotificationPreference, Outcome
from portal.notifications.rules import RULES, Audience, Kind
from portal.tasks.models import TaskAction, TaskStatus
from portal.tasks.services import act
from tests.conftest import form_fields, page_text, translated
from tests.factories import TaskFactory
from tests.mailserver import free_port

PUBLIC = "https://kring.example.org"


@pytest.fixture()
def app_config(smtp_server) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port, "SERVER_NAME_FOR_MAIL": PUBLIC}


def mails_to(inbox, address):
    return [m for m in inbox.messages if m["To"] == address]


def text_of(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def notifications() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).order_by(Notification.id)))


# Who is told of what, and how by default: the table as the field asked for it.
EXPECTED_RULES = [
    (Kind.TASK_OFFERED, Audience.ASKED, Delivery.NOW),
    (Kind.TASK_DUE, Audience.ASKED, Delivery.NOW),
    (Kind.TASK_OVERDUE, Audience.ASKED, Delivery.NOW),
    (Kind.MEETING_INVITATION, Audience.ASKED, Delivery.NOW),
    (Kind.MEETING_REMINDER, Audience.ASKED, Delivery.NOW),
    (Kind.TASK_ACCEPTED, Audience.KEEPERS, Delivery.DIGEST),
    (Kind.TASK_DECLINED, Audience.KEEPERS, Delivery.NOW),
    (Kind.TASK_RELEASED, Audience.KEEPERS, Delivery.NOW),
    (Kind.TASK_UNCLAIMED, Audience.KEEPERS, Delivery.NOW),
    (Kind.NEW_CONDITION, Audience.KEEPERS, Delivery.NOW),
    (Kind.CONSENT_TO_AGREE, Audience.GRANTORS, Delivery.NOW),
    (Kind.CONSENT_ENDING, Audience.FAMILY, Delivery.NOW),
    (Kind.WEEKLY_DIGEST, Audience.NETWORK, Delivery.NOW),
]


def test_the_rules_table_is_the_one_agreed():
    assert [(kind, rule.audience, rule.default) for kind, rule in RULES.items()] == EXPECTED_RULES


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_label_in_both_languages(app, kind):
    label = RULES[kind].label._args[0]
    assert translated(label, "nl") != label
    assert translated(label, "en") == label


def offer_form(client, world, person_id: int) -> dict:
    blank = form_fields(client.get(f"/families/{world.family.id}/tasks/new"), containing="title")
    return {**blank, "title": "Boodschappen doen", "description": "Op zaterdag", "category": "practical",
            "rhythm": "once", "due_date": "2026-06-06", "offered_to": str(person_id)}


def test_the_person_asked_gets_a_mail_in_their_language_with_a_public_link(app, auth, world, smtp_server):
    network = world.people["network"]
    world.accounts["network"].locale = "en"
    db.session.commit()
    client = auth.login("family")

    response = client.post(f"/families/{world.family.id}/tasks/new", data=offer_form(client, world, network.id))

    assert response.status_code == 302
    [mail] = mails_to(smtp_server, network.email)
    assert len(smtp_server.messages) == 1, "only the person asked hears of it"
    assert mail["Subject"] == translated("A task for you: %(task)s", "en", task="Boodschappen doen")
    assert mail["Content-Language"] == "en"
    text = text_of(mail)
    [link] = re.findall(rf"{PUBLIC}/tasks/\d+", text)
    assert "localhost" not in text and "127.0.0.1" not in text
    html = mail.get_body(("html",)).get_content()
    assert f'href="{link}"' in html and translated("Open the task", "en") in html
    unsubscribe = mail["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{PUBLIC}/unsubscribe/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_no_with_its_reason_goes_to_the_family_and_the_mentor(app, auth, world, smtp_server):
    network = world.people["network"]
    task = TaskFactory(family=world.family, title="Oppassen", status=TaskStatus.OFFERED, offered_to=network)
    db.session.commit()

    response = auth.login("network").post(f"/tasks/{task.id}/decline",
                                          data={"person_id": str(network.id), "reason": "Ik werk die dag"})

    assert response.status_code == 303
    told = sorted(r[0] for r in smtp_server.recipients)
    assert told == sorted([world.people["family"].email, world.people["mentor"].email])
    [mail] = mails_to(smtp_server, world.people["family"].email)
    assert "Ik werk die dag" in text_of(mail)
    assert translated("%(who)s said no to: %(task)s", who=network.name, task="Oppassen") in text_of(mail)


def test_a_yes_waits_for_the_weekly_digest_by_default(app, auth, world, smtp_server):
    network = world.people["network"]
    task = TaskFactory(family=world.family, title="Oppassen", status=TaskStatus.OFFERED, offered_to=network)
    db.session.commit()

    auth.login("network").post(f"/tasks/{task.id}/accept", data={"person_id": str(network.id)})

    assert smtp_server.messages == []
    assert sorted((n.person_id, n.outcome) for n in notifications()) == sorted(
        [(world.people["family"].id, Outcome.IN_DIGEST), (world.people["mentor"].id, Outcome.IN_DIGEST)])


def test_a_rolled_back_change_tells_nobody(app, world, smtp_server):
    network = world.people["network"]
    task = TaskFactory(family=world.family, title="Oppassen", status=TaskStatus.OFFERED, offered_to=network)
    db.session.commit()
    with app.test_request_context():
        act(task, TaskAction.DECLINED, network, world.accounts["network"], note="Nee")
        db.session.flush()
    db.session.rollback()
    world.family.name = "Familie Anders"
    db.session.commit()

    assert notifications() == []
    assert smtp_server.messages == []


def test_someone_without_an_address_is_listed_to_be_called(app, auth, world, smtp_server):
    aunt = world.people["no_account"]
    aunt.email = None
    db.session.commit()
    client = auth.login("family")

    client.post(f"/families/{world.family.id}/tasks/new", data=offer_form(client, world, aunt.id))

    assert smtp_server.messages == []
    [told] = notifications()
    assert (told.person_id, told.outcome) == (aunt.id, Outcome.NO_ADDRESS)
    page = page_text(auth.login("mentor").get(f"/families/{world.family.id}/not-reached"))
    assert aunt.name in page and "Boodschappen doen" in page
    people = page_text(auth.login("family").get(f"/families/{world.family.id}/people"))
    assert people.count(translated("Not reached by mail")) == 1


def test_a_mail_the_server_refused_shows_as_not_delivered(app, auth, world, smtp_server):
    from portal.outbox.models import MailStatus, OutboxMessage

    network = world.people["network"]
    client = auth.login("family")
    app.config.update(MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=1)   # the server is gone, and we give up at once
    client.post(f"/families/{world.family.id}/tasks/new", data=offer_form(client, world, network.id))

    [row] = db.session.scalars(sa.select(OutboxMessage))
    assert row.status == MailStatus.FAILED
    page = page_text(auth.login("family").get(f"/families/{world.family.id}/not-reached"))
    assert translated("Not delivered:") in page and network.name in page and "Boodschappen doen" in page


def test_the_meeting_invitation_carries_an_ics_file(app, auth, world, smtp_server):
    meeting = Meeting(family_id=world.family.id, title="Netwerkberaad", meeting_date=date(2026, 11, 3),
                      start_time=time(19, 30), place="Buurthuis")
    db.session.add(meeting)
    db.session.commit()

    auth.login("family").post(f"/families/{world.family.id}/meetings/{meeting.id}/invite",
                              data={"people": [str(world.people["network"].id)]})

    [mail] = mails_to(smtp_server, world.people["network"].email)
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.date(), start.time(), str(start.tzinfo)) == (date(2026, 11, 3), time(19, 30), "Europe/Amsterdam")
    assert calendar.walk("VTIMEZONE"), "the time zone travels with the file"
    assert f"{PUBLIC}/families/{world.family.id}/meetings/{meeting.id}" in str(event["url"])


def test_one_click_unsubscribe_turns_the_kind_off(app, client, world, smtp_server):
    network = world.people["network"]
    url = f"/unsubscribe/{unsubscribe_token(network.id, Kind.TASK_OFFERED.value)}"

    shown = client.get(url)
    assert shown.status_code == 200 and db.session.scalar(sa.select(NotificationPreference)) is None

    # As a mail program does it (RFC 8058): a POST without a form token.
    response = client.post(url, data={"List-Unsubscribe": "One-Click"}, csrf=False)

    assert response.status_code == 200
    [choice] = db.session.scalars(sa.select(NotificationPreference))
    assert (choice.person_id, choice.kind, choice.delivery) == (network.id, "task_offered", Delivery.OFF)
    assert client.get("/unsubscribe/not-a-token").status_code == 404


def test_a_kind_turned_off_is_not_mailed(app, auth, world, smtp_server):
    network = world.people["network"]
    client = auth.login("network")
    form = form_fields(client.get(f"/families/{world.family.id}/notifications"), containing="task_offered")
    client.post(f"/families/{world.family.id}/notifications", data={**form, "task_offered": "off"})
    family = auth.login("family")

    family.post(f"/families/{world.family.id}/tasks/new", data=offer_form(family, world, network.id))

    assert smtp_server.messages == []
    assert [n.outcome for n in notifications()] == [Outcome.NOT_WANTED]


def test_nobody_is_told_of_what_they_did_themselves(app, auth, world, smtp_server):
    """The family records a yes for someone without an account: the mentor hears of it, the
    family member who pressed the button does not."""
    aunt = world.people["no_account"]
    task = TaskFactory(family=world.family, title="Oppassen", status=TaskStatus.OPEN)
    db.session.commit()

    auth.login("family").post(f"/tasks/{task.id}/release", data={"person_id": str(aunt.id)})
    with app.test_request_context():
        act(task, TaskAction.ACCEPTED, aunt, world.accounts["family"])
        db.session.flush()
        act(task, TaskAction.RELEASED, aunt, world.accounts["family"])
    db.session.commit()

    assert [r[0] for r in smtp_server.recipients] == [world.people["mentor"].email]


def test_offering_a_declined_task_to_someone_else_asks_them_once(app, auth, world, smtp_server):
    aunt, opa = world.people["no_account"], world.people["network"]
    aunt.email = "els@example.org"
    task = TaskFactory(family=world.family, title="Oppassen", status=TaskStatus.DECLINED, offered_to=aunt,
                       rhythm="once", category="practical")
    db.session.commit()
    client = auth.login("family")
    form = form_fields(client.get(f"/tasks/{task.id}/edit"), containing="title")

    client.post(f"/tasks/{task.id}/edit", data={**form, "offered_to": str(opa.id)})
    form = form_fields(client.get(f"/tasks/{task.id}/edit"), containing="title")
    client.post(f"/tasks/{task.id}/edit", data={**form, "title": "Oppassen op woensdag"})

    assert [m["Subject"] for m in mails_to(smtp_server, opa.email)] == [
        translated("A task for you: %(task)s", task="Oppassen")]
    assert mails_to(smtp_server, "els@example.org") == []
