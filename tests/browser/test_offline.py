"""The "what do I do now?" page without a connection: once opened, it still shows its call buttons
with the phone offline; after logging out, the copy on the device is gone.

The live server is on http://127.0.0.1, which browsers treat as secure, so the service worker runs
as it would on https.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Error, expect

from tests.browser.helpers import LOGGED_IN, log_in

pytestmark = pytest.mark.browser

# What the device keeps for this site: the cache names and the service workers registered.
KEPT = """async () => ({
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).map(r => r.scope),
})"""
PAGE_IS_KEPT = """async () => {
    const registration = await navigator.serviceWorker.ready;
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        if (await cache.match(new URL(registration.scope).pathname)) { return true; }
    }
    return false;
}"""


def test_the_safety_page_works_offline_and_is_gone_after_logging_out(page, live_server, audit, demo):
    words = live_server.words("nl")
    page.goto("/login")
    log_in(page, live_server, demo.youth)
    safety_page = f"/families/{demo.family_id}/safety/now"
    page.goto(safety_page)
    expect(page.get_by_role("heading", level=1)).to_have_text(words("What do I do now?"))
    call_buttons = page.locator("main a.call-button")
    online_buttons = call_buttons.all_inner_texts()
    assert len(online_buttons) >= 4  # 112 at the top, and Sam's chain
    expect(page.locator("#offline-ready")).to_be_visible()
    page.wait_for_function(PAGE_IS_KEPT, polling=200)
    audit.check(page, "safety page, kept for offline use")

    kept = page.evaluate(KEPT)
    assert kept["workers"] == [live_server.url + safety_page]
    assert len(kept["caches"]) == 1

    page.context.set_offline(True)
    response = page.reload()
    assert response is not None and response.from_service_worker  # the copy, not Kring
    expect(page.get_by_role("heading", level=1)).to_have_text(words("What do I do now?"))
    assert call_buttons.all_inner_texts() == online_buttons
    expect(page.get_by_text(words("This page was last updated on %(moment)s.", moment="")[:20])).to_be_visible()
    # The stylesheet came from the copy too: the page looks as it does online.
    assert page.evaluate("getComputedStyle(document.querySelector('.call-button')).display") != "inline"

    page.context.set_offline(False)
    page.locator(LOGGED_IN).get_by_role("button").click()
    expect(page.locator(LOGGED_IN)).to_have_count(0)
    assert page.evaluate(KEPT) == {"caches": [], "workers": []}

    page.context.set_offline(True)
    with pytest.raises(Error):
        page.goto(safety_page)


def test_without_javascript_it_is_the_normal_page_and_nothing_is_kept(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        words = live_server.words("nl")
        page.goto("/login")
        log_in(page, live_server, demo.youth)
        page.goto(f"/families/{demo.family_id}/safety/now")
        expect(page.get_by_role("heading", level=1)).to_have_text(words("What do I do now?"))
        assert page.locator("main a.call-button").count() >= 4
        expect(page.locator("#offline-ready")).to_be_hidden()

        context.set_offline(True)
        with pytest.raises(Error):
            page.reload()
    finally:
        context.close()
