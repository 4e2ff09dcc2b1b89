"""Kring without a mouse: Tab, Enter and Space only (typing text is keyboard too).

A network member logs in, makes a mistake that the form announces and links to its field,
fixes it, says yes to one task and no to another. The focus is visible at every stop.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_focus_visible, tab_to

pytestmark = pytest.mark.browser


def test_keyboard_only_log_in_and_answer_tasks(page, live_server, audit, demo):
    words = live_server.words("nl")
    page.goto("/login")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=words("Skip to the content"))
    expect(skip_link).to_be_focused()
    assert_focus_visible(page)

    # Send the form without a password: the error is announced and leads to the field.
    tab_to(page, page.locator("#email"))
    page.keyboard.type(demo.grandpa)
    tab_to(page, page.locator("#password"))
    page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()  # read out first, without any script
    audit.check(page, "login with an error")
    password = page.locator("#password")
    expect(password).to_have_attribute("aria-invalid", "true")
    error = page.locator("#password-error")
    expect(error).to_have_text(words("Please fill this in."))
    assert "password-error" in (password.get_attribute("aria-describedby") or "").split()
    to_the_field = summary.locator("a[href='#password']")
    expect(to_the_field).to_contain_text(words("Please fill this in."))

    tab_to(page, to_the_field)
    page.keyboard.press("Enter")
    expect(password).to_be_focused()
    page.keyboard.type(demo.password)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(words("My tasks for %(family)s", family=demo.name))
    audit.check(page, "my tasks, by keyboard")

    # Say yes to an open task with Enter.
    dentist = page.locator("section[aria-labelledby='open']").get_by_role("article", name="Sam naar de tandarts brengen")
    tab_to(page, dentist.get_by_role("button", name=words("I'll do it")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(words("Thank you! The task is yours now."))
    expect(page.locator("section[aria-labelledby='accepted']")
           .get_by_role("article", name="Sam naar de tandarts brengen")).to_be_visible()

    # Say no to a task asked of him, with a reason: Space opens the choice and presses the button.
    swimming = page.locator("section[aria-labelledby='offered']").get_by_role("article", name="Noor ophalen van zwemles")
    tab_to(page, swimming.locator("summary"))
    page.keyboard.press("Space")
    reason = swimming.get_by_label(words("Do you want to say why? (optional)"))
    tab_to(page, reason)
    page.keyboard.type("Dan ben ik bij de fysio.")
    tab_to(page, swimming.get_by_role("button", name=words("Say no to this task")))
    page.keyboard.press("Space")

    expect(page.get_by_role("status")).to_contain_text(
        words("Thank you for letting us know. The family will find someone else."))
    expect(page.locator("section[aria-labelledby='offered']")
           .get_by_role("article", name="Noor ophalen van zwemles")).to_have_count(0)
    audit.check(page, "my tasks after answering, by keyboard")
