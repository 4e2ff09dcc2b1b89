"""Every page each role can reach opens and passes the page audit: the family's own and their guest (see crawl.py)."""
from __future__ import annotations

import pytest

from tests.browser.crawl import crawl

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["parent", "youth", "professional"])
def test_every_page_a_role_can_reach_opens_and_passes_the_audit(page, live_server, audit, demo, role):
    crawl(page, live_server, audit, demo, role)
