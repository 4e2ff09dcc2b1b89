"""The network map in a browser: the family places someone in a circle of the sociogram with the plain
form (no JavaScript at all) and by dragging (with it); the map's pages pass axe at 360 and 1280 px,
reflow at 320 px, are valid HTML, and the family tree fits A4 (sideways) when printed."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.families.models import Person
from portal.network.models import CircleQuestion, Placement, Sociogram
from tests.browser.audit import LAPTOP
from tests.browser.helpers import in_app, log_in, send_form

pytestmark = pytest.mark.browser

# A4 sideways, less 10 mm margins on each side, in CSS pixels (96 per inch).
PRINTABLE_WIDTH_PX = 277 / 25.4 * 96


def circle_of(live_server, family_id: int, question: CircleQuestion, name: str) -> int | None:
    with in_app(live_server):
        return db.session.scalar(
            sa.select(Placement.circle).join(Sociogram, Sociogram.id == Placement.sociogram_id)
            .join(Person, Person.id == Placement.person_id)
            .where(Sociogram.family_id == family_id, Sociogram.question == question, Person.name == name))


def sociogram_id(live_server, family_id: int, question: CircleQuestion) -> int:
    with in_app(live_server):
        return db.session.scalar(sa.select(Sociogram.id).where(Sociogram.family_id == family_id,
                                                               Sociogram.question == question))


def test_placing_someone_in_a_circle_without_javascript(browser, live_server, audit, demo):
    context = browser.new_context(base_url=live_server.url, viewport=LAPTOP, java_script_enabled=False)
    try:
        page = audit.watch(context.new_page())
        words = live_server.words("nl")
        page.goto("/login")
        log_in(page, live_server, demo.parent)
        assert circle_of(live_server, demo.family_id, CircleQuestion.IMPORTANT, "Mark Bos") == 3

        page.goto(f"/families/{demo.family_id}/map/circles")
        section = page.locator("section", has=page.get_by_role("heading", name=words("Who is important to us?")))
        section.get_by_role("link", name=words("Place people")).click()
        expect(page.locator(".drop-zones")).to_be_hidden()  # dragging is only there with JavaScript
        mark = page.locator("fieldset", has=page.locator("legend", has_text="Mark Bos"))
        mark.get_by_label(words("Less important"), exact=True).check()
        send_form(page, words("Save the circles"))

        expect(page.locator(".flash-success")).to_have_text(words("The circles are saved."))
        assert circle_of(live_server, demo.family_id, CircleQuestion.IMPORTANT, "Mark Bos") == 2
        # The table beside the picture says it too.
        row = page.locator("table", has_text=words("Who is important to us?")).locator(
            "tr", has=page.locator("th", has_text=words("Less important")))
        expect(row).to_contain_text("Mark Bos")
    finally:
        context.close()


def test_dragging_someone_to_another_circle(page, live_server, audit, demo):
    words = live_server.words("nl")
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    place = f"/families/{demo.family_id}/map/circles/{sociogram_id(live_server, demo.family_id, CircleQuestion.MAY_HELP)}/place"
    page.goto(place)
    zones = page.locator(".drop-zones")
    expect(zones).to_be_visible()
    audit.check(page, "placing people in circles, with dragging")

    chip = zones.locator(".chip", has_text="Miriam Kaya")
    expect(page.locator('.drop-zone[data-circle="2"]').locator(".chip", has_text="Miriam Kaya")).to_be_visible()
    with page.expect_navigation():
        chip.drag_to(page.locator('.drop-zone[data-circle="1"]'))

    expect(page.locator(".flash-success")).to_have_text(words("The circles are saved."))
    assert circle_of(live_server, demo.family_id, CircleQuestion.MAY_HELP, "Miriam Kaya") == 1
    # The other question keeps its own circles.
    assert circle_of(live_server, demo.family_id, CircleQuestion.IMPORTANT, "Miriam Kaya") == 2


def test_the_map_pages_are_accessible_and_the_family_tree_prints_on_a4(page, live_server, audit, demo):
    words = live_server.words("nl")
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    family = f"/families/{demo.family_id}"

    page.goto(f"{family}/map")
    audit.check(page, "the network map")
    page.goto(f"{family}/map/family-tree")
    expect(page.locator("svg.genogram-drawing title")).to_have_text(
        words("Family tree of %(family)s", family=demo.name))
    audit.check(page, "the family tree")
    page.emulate_media(media="print")
    width = page.locator("svg.genogram-drawing").bounding_box()["width"]
    assert 0 < width <= PRINTABLE_WIDTH_PX
    page.emulate_media(media="screen")

    page.goto(f"{family}/map/circles")
    expect(page.locator("svg.sociogram-drawing")).to_have_count(2)
    audit.check(page, "two questions side by side")

    page.goto(f"{family}/map")
    page.get_by_role("link", name="Mark Bos").first.click()
    audit.check(page, "a person's page")
    page.get_by_role("link", name=words("Change")).click()
    audit.check(page, "a person's form")
    page.goto(f"{family}/map/ties/new")
    audit.check(page, "a new family tie")
