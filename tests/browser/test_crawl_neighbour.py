"""Every page the neighbour, in the network can reach opens and passes the page audit (see crawl.py; one file per role, so
that the roles' crawls are spread over the workers)."""
from tests.browser.crawl import crawl


def test_every_page_the_neighbour_can_reach_opens_and_passes_the_audit(page, live_server, audit, demo):
    crawl(page, live_server, audit, demo, "neighbour")
