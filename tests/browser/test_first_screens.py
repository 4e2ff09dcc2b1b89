"""Each role's first screen, on a 360 x 800 phone, shows that role's most important thing above the
fold (and above the bottom menu bar); the home of every role is photographed at 360 and 1280 px
(test-artifacts/screenshots/home-<role>-<width>.png) and passes the page audit.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.audit import LAPTOP
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

PHONE_SCREEN = {"width": 360, "height": 800}

# What each role must see first, as a CSS selector and the words it must hold (msgids: the demo
# people read Dutch, so the words are looked up in the Dutch catalog).
FIRST_THING = {
    "youth": ("section.safety-first a.call-button[href^='tel:']", None),
    "grandpa": ("#offered", "Asked of you"),
    "parent": ("#now-title", "What needs you now"),
    "mentor": ("#youth-title", None),
    "professional": ("#shared-parts", "What the family shares with you"),
}


def bottom_bar_top(page: Page) -> float:
    """Where the phone's menu bar begins (the fold, for what it covers); the window's bottom without one."""
    return page.evaluate("""() => {
        const bar = document.querySelector('.nav-places');
        const fixed = bar && getComputedStyle(bar).position === 'fixed';
        return fixed ? bar.getBoundingClientRect().top : window.innerHeight;
    }""")


@pytest.mark.parametrize("role", list(FIRST_THING))
def test_the_first_screen_on_a_phone_shows_the_most_important_thing(new_page, live_server, audit, demo, role):
    page = new_page()
    page.set_viewport_size(PHONE_SCREEN)
    page.goto("/login")
    log_in(page, live_server, getattr(demo, role))
    page.goto(f"/families/{demo.family_id}/")
    selector, words = FIRST_THING[role]
    first = page.locator(selector).first
    expect(first).to_be_visible()
    if words:
        expect(first).to_contain_text(live_server.words("nl")(words))
    box = first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= bottom_bar_top(page), (
        f"{role}: {selector} ends at {box['y'] + box['height']:.0f} px, below the fold at {bottom_bar_top(page):.0f} px")
    audit.check(page, f"home of the {role}", screenshot=f"home-{role}")


def test_the_phone_menu_fits_one_row_and_opens_more(new_page, live_server, demo):
    page = new_page()
    page.set_viewport_size(PHONE_SCREEN)
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    page.goto(f"/families/{demo.family_id}/plan")
    words = live_server.words("nl")
    bar = page.locator(".nav-places")
    heights = {round(box["y"]) for box in (item.bounding_box() for item in bar.locator(":scope > li:visible").all())}
    assert len(heights) == 1, f"the menu bar wraps to {len(heights)} rows"
    assert bar.bounding_box()["height"] <= 72
    more = page.locator(".nav-more summary")
    more.click()
    page.locator(".nav-more").get_by_role("link", name=words("Who may see what")).click()
    expect(page).to_have_url(f"{live_server.url}/families/{demo.family_id}/consent")
    # Wider, the same places stand in one menu, with no "More".
    page.set_viewport_size(LAPTOP)
    expect(page.locator(".nav-more")).to_be_hidden()
    expect(page.locator(".nav-places").get_by_role("link", name=words("Who may see what"))).to_be_visible()
