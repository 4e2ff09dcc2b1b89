"""The crawl: a demo role logs in and follows every link it is shown, and each kind of page it
finds must open (a link a role is shown must lead somewhere it may go) and pass the page audit:
axe at 360 px (the phone, with its menu bar), no sideways scrolling at 320 px, valid HTML (see
audit.py; the homes and the journeys' pages are also checked at 1280 px).

Pages are told apart by their address with the numbers taken out: "/tasks/12" and "/tasks/13" are
one kind of page, checked once per role. Each role has a test file of its own
(test_crawl_<role>.py): the workers of the suite take whole files, so the crawls spread over them.
"""
from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

from tests.browser.audit import PHONE
from tests.browser.helpers import log_in

# Links that are not pages to read: downloads, leaving, and one-time or outside addresses.
NOT_A_PAGE = re.compile(r"/logout|/language|/join/|/email/confirm/|/reset/|/static/"
                        r"|\.(ics|pdf|json|csv|png|svg|webmanifest)$|/export|/download|/feed")
# A safety net against a page that links to endless new addresses (a calendar, say).
MOST_PAGES = 200


def page_kind(path: str) -> str:
    return re.sub(r"\d+", "#", path)


def links_on(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url = urldefrag(href)[0]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin or NOT_A_PAGE.search(parts.path):
            continue
        found.append(parts.path)
    return found


def crawl(page, live_server, audit, demo, role: str) -> None:
    """Every kind of page `role` can reach opens, and passes the audit."""
    page.set_viewport_size(PHONE)  # the crawl reads as a phone does: the audit then resizes only for 320 px
    page.goto("/login")
    log_in(page, live_server, getattr(demo, role))
    waiting, seen_kinds, checked = ["/", f"/families/{demo.family_id}/"], set(), []
    while waiting:
        path = waiting.pop(0)
        kind = page_kind(path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = page.goto(path)
        assert response is not None and response.status == 200, (
            f"{role} is shown a link to {path}, which answers {response.status if response else 'nothing'}")
        landed_on = page_kind(urlsplit(page.url).path)  # a link that redirects ("/families/1/" to today)
        if landed_on != kind:
            if landed_on in seen_kinds:
                continue
            seen_kinds.add(landed_on)
        audit.check(page, f"{role}: {kind}", widths=(PHONE,))
        checked.append(kind)
        assert len(checked) <= MOST_PAGES, f"{role} reaches more than {MOST_PAGES} kinds of page"
        waiting.extend(link for link in links_on(page, live_server.url) if page_kind(link) not in seen_kinds)
    # The crawl really went somewhere: every role reaches their home, their tasks and their account.
    assert len(checked) >= 5, checked
