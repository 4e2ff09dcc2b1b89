"""Any page of the plan prints cleanly from the browser: the content, without the menus, the
footer, forms or buttons."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

PAGES = ("plan/agreements", "safety", "safety/now", "scores", "relapse")


def test_plan_pages_print_without_menus_forms_or_buttons(page, live_server, demo):
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    for path in PAGES:
        page.goto(f"/families/{demo.family_id}/{path}")
        page.emulate_media(media="print")
        for hidden in (".site-header", ".site-footer", "main form", "main .button"):
            for element in page.locator(hidden).all():
                expect(element).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)", path
        page.emulate_media(media="screen")
        expect(page.locator(".site-header")).to_be_visible()
