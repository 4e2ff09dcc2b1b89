"""TEMPORARY audit of the needs, scores and log pages (deleted after the run)."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser]


def test_pages(page, live_server, audit, demo):
    fid = demo.family_id
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    for path, name in [(f"/families/{fid}/needs", "needs"), (f"/families/{fid}/needs/1", "need"),
                       (f"/families/{fid}/needs/new", "need form"), (f"/families/{fid}/needs/1/edit", "need edit"),
                       (f"/families/{fid}/offers/2/accept", "accept"), (f"/families/{fid}/needs/4/ask", "ask"),
                       (f"/families/{fid}/scores", "scores"), (f"/families/{fid}/scores/new", "question form"),
                       (f"/families/{fid}/scores/1/answer", "answer"), (f"/families/{fid}/log", "log")]:
        page.goto(path)
        audit.check(page, name)
    page.goto(f"/families/{fid}/scores/1/answer")
    page.locator("input[name=score]").fill("11")
    page.locator("main form button[type=submit]").click()
    audit.check(page, "answer error")
    page.goto(f"/families/{fid}/log")
    page.locator("main form.log-form button[type=submit]").click()
    audit.check(page, "log error")
    page.goto(f"/families/{fid}/log/8/remove")
    audit.check(page, "remove")  # 403 page for the parent (Kees wrote it)


def test_pages_grandpa(page, live_server, audit, demo):
    fid = demo.family_id
    page.goto("/login")
    log_in(page, live_server, demo.grandpa)
    for path, name in [(f"/families/{fid}/needs", "needs opa"), (f"/families/{fid}/needs/2", "need opa"),
                       (f"/families/{fid}/needs/4", "need 4 opa"),
                       (f"/families/{fid}/needs/taking-part", "taking part"), (f"/families/{fid}/scores", "scores opa"),
                       (f"/families/{fid}/log", "log opa"), (f"/families/{fid}/log/8/remove", "remove opa")]:
        page.goto(path)
        audit.check(page, name)
