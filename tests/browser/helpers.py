"""What journeys do again and again: find words in the page's language, switch language, log in,
and put data in the database of the live server.

Journeys find buttons and fields by their role and their visible name in the active language,
looked up in the same compiled catalog the server uses (`Words`). A string that is not yet
translated comes back as its English msgid, just as the server shows it.
"""
from __future__ import annotations

import email
import email.policy
import functools
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyotp
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect

from portal.auth import services as auth_services
from portal.auth.services import user_by_email
from portal.demo import DEMO_PASSWORD, build_demo_family
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.invitations.services import invite, join_url
from portal.tasks.models import Task, TaskAction
from portal.tasks.services import act

LANGUAGES = ("nl", "en")


class Words:
    """`words("I'll do it")`: a msgid in this language, as the live server renders it."""

    def __init__(self, app: Flask, lang: str):
        self.app, self.lang = app, lang

    def __call__(self, msgid: str, **params) -> str:
        with self.app.test_request_context(), force_locale(self.lang):
            return gettext(msgid, **params)


@dataclass(frozen=True)
class LiveServer:
    """Kring on loopback: its address and the app instance it serves (for seeding and `Words`)."""

    url: str
    app: Flask

    def words(self, lang: str) -> Words:
        return Words(self.app, lang)


def page_language(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def choose_language(page: Page, server: LiveServer, lang: str) -> None:
    """Pick `lang` in the footer's language form and send it, as a visitor would."""
    current = server.words(page_language(page))
    form = page.locator("form.language-form")
    form.get_by_label(current("Language"), exact=True).select_option(lang)
    with page.expect_navigation():  # back to the same page, now in `lang`
        form.get_by_role("button", name=current("Change language")).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


LOGGED_IN = "form[action$='/logout']"
ASKS_FOR_CODE = "form:has(input[autocomplete='one-time-code'])"


def log_in(page: Page, server: LiveServer, email: str, password: str = DEMO_PASSWORD, audit=None) -> None:
    """Fill in and send the login form on the current page (the login page).

    An account with two-factor login then gets the code its authenticator app would show; with
    `audit`, that page is checked too.
    """
    words = server.words(page_language(page))
    form = page.locator("main form")
    form.get_by_label(words("E-mail address"), exact=True).fill(email)
    form.get_by_label(words("Password"), exact=True).fill(password)
    form.get_by_role("button", name=words("Log in")).click()
    expect(page.locator(f"{LOGGED_IN}, {ASKS_FOR_CODE}").first).to_be_visible()
    if page.locator(ASKS_FOR_CODE).count():
        if audit is not None:
            audit.check(page, "login code")
        form = page.locator(ASKS_FOR_CODE)
        form.locator("input[autocomplete='one-time-code']").fill(current_login_code(server, email))
        form.get_by_role("button").click()
    expect(page.locator(LOGGED_IN)).to_be_visible()


def current_login_code(server: LiveServer, email: str) -> str:
    """The code an authenticator app set up for this account shows right now."""
    with in_app(server):
        secret = user_by_email(email).totp_secret
    return pyotp.TOTP(secret).now()


@contextmanager
def in_app(server: LiveServer) -> Iterator[None]:
    """Work on the live server's database from the test (as if in a request to it); commits at the end."""
    with server.app.test_request_context(base_url=server.url):
        yield
        db.session.commit()


@dataclass(frozen=True)
class DemoFamily:
    """The demo family (see portal/demo.py): its id, name and who logs in with which address."""

    family_id: int
    name: str
    password: str = DEMO_PASSWORD
    parent: str = "ouder@example.org"
    youth: str = "jongere@example.org"
    mentor: str = "mentor@example.org"
    grandpa: str = "opa@example.org"
    neighbour: str = "buurvrouw@example.org"
    professional: str = "wijkteam@example.org"


# Hashing with argon2id is slow on purpose; while seeding, each password is hashed once per run.
_hash_once = functools.lru_cache(maxsize=None)(auth_services.hash_password)


@contextmanager
def one_hash_per_password() -> Iterator[None]:
    """While seeding, give every account with the same password the same (real argon2id) hash:
    a demo family has many accounts, and the login form still checks the password for real."""
    original = auth_services.hash_password
    auth_services.hash_password = _hash_once
    try:
        yield
    finally:
        auth_services.hash_password = original


def seed_demo_family(server: LiveServer) -> DemoFamily:
    with in_app(server), one_hash_per_password():
        family = build_demo_family(utcnow().date())
        db.session.flush()
        seeded = DemoFamily(family_id=family.id, name=family.name)
    return seeded


def _person(family_id: int, name: str) -> Person:
    return db.session.scalars(sa.select(Person).where(Person.family_id == family_id, Person.name == name)).one()


def invitation_link(server: LiveServer, family: DemoFamily, person_name: str) -> str:
    """A fresh single-use link for someone in the family without an account, made by the parent."""
    with in_app(server):
        outcome = invite(_person(family.family_id, person_name), user_by_email(family.parent),
                         email=None, send_mail=False)
        link = join_url(outcome.token)
    return link


def confirmation_link(server: LiveServer, address: str) -> str:
    """The address-confirmation link in the newest mail to `address` (mail goes to the outbox folder)."""
    for path in sorted((Path(server.app.instance_path) / "outbox").glob("*.eml"), reverse=True):
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        found = re.search(r"https?://\S+/email/confirm/\S+", mail.get_content())
        if mail["To"] == address and found:
            return found.group(0)
    raise AssertionError(f"no confirmation link was mailed to {address}")


def confirm_address(page: Page, server: LiveServer, address: str) -> None:
    """Open the confirmation link mailed to `address` and press its button, as its owner would."""
    words = server.words(page_language(page))
    page.goto(confirmation_link(server, address))
    page.locator("main form").get_by_role("button", name=words("Confirm my address")).click()


def take_on(server: LiveServer, family: DemoFamily, task_title: str, person_name: str, email: str) -> None:
    """Record, through the task service, that `person_name` (logged in as `email`) accepts a task."""
    with in_app(server):
        task = db.session.scalars(sa.select(Task).where(
            Task.family_id == family.family_id, Task.title == task_title)).one()
        act(task, TaskAction.ACCEPTED, _person(family.family_id, person_name), user_by_email(email))


# What a keyboard user sees of the focused element: it must carry a clear outline.
_FOCUS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {tag: el.tagName.toLowerCase(), html: el.outerHTML.slice(0, 160),
            outline: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0};
}"""


def assert_focus_visible(page: Page) -> dict:
    focus = page.evaluate(_FOCUS)
    assert focus["tag"] != "body", "Nothing has the focus"
    assert focus["outline"] != "none" and focus["width"] >= 2, f"The focus is not visible on {focus['html']}"
    return focus


def tab_to(page: Page, target, limit: int = 80) -> None:
    """Press Tab until `target` (a locator) has the focus, checking the focus is visible at each stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {target}")


# Forms: every problem is announced and linked to its field, and each field points back at it.

def assert_errors_linked_to_fields(page: Page, words) -> int:
    """The error summary is an alert whose links lead to the fields; each field points back at its error.

    Returns how many problems the summary lists.
    """
    summary = page.locator(".error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(words("Please check the following:"))
    links = summary.locator("a")
    assert links.count() > 0
    for link in links.all():
        field_id = link.get_attribute("href").removeprefix("#")
        field = page.locator(f"[id='{field_id}']")
        expect(field).to_have_count(1)
        described_by = (field.get_attribute("aria-describedby") or "").split()
        assert f"{field_id}-error" in described_by, f"#{field_id} does not point at its error"
        error_text = page.locator(f"[id='{field_id}-error']").inner_text().lstrip("⚠ ").strip()
        assert error_text and error_text in link.inner_text(), (error_text, link.inner_text())
        if field.evaluate("el => el.tagName") != "FIELDSET":  # a group of radio buttons has no value to mark
            expect(field).to_have_attribute("aria-invalid", "true")
    return links.count()


def send_form(page: Page, button_name: str) -> None:
    """Send the page's main form with the button named `button_name`, and wait for the answer."""
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=button_name, exact=True).click()
