"""A network member opens the link in the mail Kring sent, logs in, lands on the task and says yes."""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.auth.services import user_by_email
from portal.extensions import db
from portal.families.models import Person
from portal.tasks.models import Task, TaskStatus
from tests.browser.helpers import in_app, invitation_link, log_in

pytestmark = [pytest.mark.browser]


def mails_to(server, address: str) -> list[email.message.EmailMessage]:
    folder = Path(server.app.instance_path) / "outbox"
    found = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
             for path in sorted(folder.glob("*.eml"))]
    return [mail for mail in found if mail["To"] == address]


def test_opa_opens_the_mailed_link_and_takes_the_task_on(page, live_server, audit, demo):
    words = live_server.words("nl")   # opa's account speaks Dutch, and so does his mail
    with in_app(live_server):
        opa = db.session.scalars(sa.select(Person).where(
            Person.family_id == demo.family_id, Person.user_id == user_by_email(demo.grandpa).id)).one()
        waiting = db.session.scalars(sa.select(Task).where(
            Task.offered_to_id == opa.id, Task.status == TaskStatus.OFFERED).order_by(Task.id)).first()
        title, task_id, opa_id = waiting.title, waiting.id, opa.id
    # The newest such mail: the outbox folder is the live server's for the whole run, and earlier
    # tests seeded the demo family too (SQLite may give the emptied tables' ids out again).
    task_link = re.compile(rf"{re.escape(live_server.url)}/tasks/{task_id}\b")
    links = [found for m in mails_to(live_server, demo.grandpa)
             if m["Subject"] == words("A task for you: %(task)s", task=title)
             and (found := task_link.search(m.get_body(("plain",)).get_content()))]
    assert links, "the mail links to the task on the configured public address"
    link = links[-1]

    page.goto(link.group(0))
    log_in(page, live_server, demo.grandpa)   # the link logs nobody in by itself
    expect(page).to_have_url(re.compile(rf"/tasks/{task_id}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    audit.check(page, "the task from the mail")

    page.locator("main").get_by_role("button", name=words("I'll do it")).first.click()

    expect(page.get_by_role("status")).to_contain_text(words("Thank you! The task is yours now."))
    with in_app(live_server):
        task = db.session.get(Task, task_id)
        assert (task.status, task.assignee_id) == (TaskStatus.ACCEPTED, opa_id)


def test_the_parent_finds_a_ready_message_to_share_on_the_card(page, new_page, live_server, audit, demo):
    """A link shared by hand stays on the person's card, with the message for a chat app."""
    words = live_server.words("nl")
    link = invitation_link(live_server, demo, "Ellen de Vries")
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    page.goto(f"/families/{demo.family_id}/people")

    card = page.locator("li.person", has_text="Ellen de Vries")
    message = card.locator("textarea.share-text")
    expect(message).to_have_value(re.compile(re.escape(link)))
    expect(card.get_by_role("link", name=words("Send with WhatsApp"))).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/\?text="))
    expect(card.get_by_role("button", name=words("Copy"))).to_be_visible()   # JavaScript adds it
    audit.check(page, "people with a link to share")

    page.get_by_role("link", name=words("Who could not be reached by mail")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Who could not be reached by mail"))
    audit.check(page, "who could not be reached")

    # Ellen opens the link: the page says who invited her and what waits for her.
    ellen = new_page()
    ellen.goto(link)
    expect(ellen.locator("main")).to_contain_text(words(
        "%(inviter)s invites you to the plan of %(family)s, as %(name)s.", inviter="Sandra de Vries",
        family=demo.name, name="Ellen de Vries"))
    audit.check(ellen, "join page with what waits")


def test_opa_chooses_his_mail_and_makes_a_calendar_address(page, live_server, audit, demo):
    words = live_server.words("nl")
    page.goto("/login")
    log_in(page, live_server, demo.grandpa)
    page.goto(f"/families/{demo.family_id}/")
    page.locator("nav.family-nav").get_by_role("link", name=words("Mail")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Which mail you get"))
    audit.check(page, "which mail you get")
    group = page.get_by_role("group", name=words("A task is offered to you"))
    group.get_by_label(words("Not at all")).check()
    page.get_by_role("button", name=words("Save my choices")).click()
    expect(page.get_by_role("status")).to_contain_text(words("Your choices are saved."))
    expect(page.get_by_role("group", name=words("A task is offered to you")).get_by_label(
        words("Not at all"))).to_be_checked()

    page.goto("/account")
    page.get_by_role("button", name=words("Make an address")).first.click()
    address = page.locator("input.share-text")
    expect(address).to_have_value(re.compile(r"/calendar/[A-Za-z0-9_\-]+\.ics$"))
    audit.check(page, "account with a calendar address")
    calendar = page.request.get(address.input_value())
    assert calendar.ok and calendar.text().startswith("BEGIN:VCALENDAR")
