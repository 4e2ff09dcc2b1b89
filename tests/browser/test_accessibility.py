"""Accessibility beyond the journeys: every form's errors, zoom, tap targets, and the checkers themselves.

The journeys already run axe, the HTML checker and the 320 px reflow check on every page they visit
(see audit.py). Here: each form sent empty, in both languages, must announce its problems and link
each one to its field; the main pages must reflow at 200% zoom and have large tap targets.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.audit import java_available, sideways_overflow
from tests.browser.helpers import (LANGUAGES, assert_errors_linked_to_fields, choose_language, invitation_link,
                                   log_in, send_form)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGUAGES)
def test_forms_for_visitors_announce_their_errors(page, live_server, audit, demo, lang):
    words = live_server.words(lang)
    page.goto("/login")
    choose_language(page, live_server, lang)
    send_form(page, words("Log in"))
    assert assert_errors_linked_to_fields(page, words) == 2
    audit.check(page, "login, sent empty")

    page.locator("main form").get_by_label(words("E-mail address"), exact=True).fill("opa@example.org")
    page.locator("main form").get_by_label(words("Password"), exact=True).fill("not his password")
    send_form(page, words("Log in"))
    assert assert_errors_linked_to_fields(page, words) == 1
    expect(page.locator("#email")).to_have_value("opa@example.org")  # what was typed stays

    page.goto("/register")
    send_form(page, words("Create my account"))
    assert assert_errors_linked_to_fields(page, words) == 4
    audit.check(page, "register, sent empty")

    page.goto(invitation_link(live_server, demo, "Miriam Kaya"))
    page.locator("main form").get_by_label(words("Password"), exact=True).fill("kort")
    send_form(page, words("Join"))
    assert assert_errors_linked_to_fields(page, words) >= 2
    expect(page.locator("#name")).to_have_value("Miriam Kaya")
    audit.check(page, "join, with a short password")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_forms_of_the_family_announce_their_errors(page, live_server, audit, demo, lang):
    words = live_server.words(lang)
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    choose_language(page, live_server, lang)
    family = f"/families/{demo.family_id}"

    page.goto("/families/new")
    page.locator("#children-0-name").fill("Mees")
    send_form(page, words("Make our family space"))
    assert assert_errors_linked_to_fields(page, words) == 3  # family name, own relation, Mees's birthday
    expect(page.locator("#children-0-name")).to_have_value("Mees")
    audit.check(page, "new family, with errors")

    page.goto(f"{family}/people/new")
    page.locator("main form").get_by_label(words("Send an invitation by e-mail")).check()
    send_form(page, words("Add"))
    assert assert_errors_linked_to_fields(page, words) == 3  # name, relation, e-mail for the invitation
    audit.check(page, "add someone, with errors")

    page.goto(f"{family}/tasks/new")
    send_form(page, words("Save"))
    assert assert_errors_linked_to_fields(page, words) >= 1
    audit.check(page, "new task, with errors")


ROLES = {"family": "parent", "mentor": "mentor", "network": "grandpa", "youth": "youth",
         "professional": "professional"}


@pytest.mark.parametrize("role", ROLES)
def test_main_page_reflows_when_zoomed_and_has_large_tap_targets(browser, live_server, demo, role):
    """At 200% browser zoom (a 1280 px screen shows 640 CSS px) and with text alone at 200%,
    nothing scrolls sideways; on a phone every control is at least 44 px high."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 640, "height": 400},
                                  device_scale_factor=2, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/login")
        log_in(page, live_server, getattr(demo, ROLES[role]))
        assert sideways_overflow(page) == 0, f"{page.url} scrolls sideways at 200% zoom"

        page.set_viewport_size({"width": 1280, "height": 800})
        page.add_style_tag(content="html { font-size: 200% !important; }")  # text-only zoom
        assert sideways_overflow(page) == 0, f"{page.url} scrolls sideways with text at 200%"

        page.reload()
        page.set_viewport_size({"width": 360, "height": 740})
        small = page.evaluate("""() => [...document.querySelectorAll(
                'button, select, textarea, summary, .button, .family-nav a, '
                + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
            .filter(el => el.getClientRects().length)
            .map(el => [el.outerHTML.slice(0, 100), Math.round(el.getBoundingClientRect().height)])
            .filter(([, height]) => height < 44)""")
        assert not small, f"Tap targets under 44 px high on {page.url}: {small}"
    finally:
        context.close()


@pytest.mark.skipif(not java_available(), reason="java is missing: the Nu HTML Checker (vnu.jar) needs it")
def test_the_html_checker_reports_errors(html_checker):
    """Guards the audit itself: a page with a broken structure must come back with errors."""
    errors = html_checker.errors('<!doctype html><html lang="nl"><head><title>x</title></head>'
                                 "<body><p>open<div></p><img></body></html>")
    assert len(errors) >= 2, errors
    assert any("alt" in error["message"] for error in errors), errors
