"""Pictures and task times in a real browser: the task page with its one main button and the
folded "note it for someone else", the photo page, and the people list with initials and a photo
that was put up, each passing the page audit (axe at 360 and 1280 px, reflow, valid HTML)."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.tasks.models import Task
from tests.browser.helpers import in_app, log_in, page_language
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.browser


def task_id(live_server, title: str) -> int:
    with in_app(live_server):
        return db.session.scalar(sa.select(Task.id).where(Task.title == title))


def test_a_task_page_folds_noting_for_someone_else_away(page, live_server, audit, demo):
    page.goto("/login")
    log_in(page, live_server, demo.parent)
    words = live_server.words(page_language(page))
    page.goto(f"/tasks/{task_id(live_server, 'Sam naar de tandarts brengen')}")

    main_buttons = page.get_by_role("button", name=words("I'll do it"))
    expect(main_buttons).to_have_count(1)
    select = page.get_by_label(words("Who takes this on?"))
    expect(select).to_be_hidden()
    audit.check(page, "task, folded")
    page.get_by_text(words("Note it for someone else")).click()
    expect(select).to_be_visible()
    audit.check(page, "task, unfolded", screenshot="pictures-task-unfolded")


def test_an_on_call_task_and_a_time_read_well(page, live_server, audit, demo):
    page.goto("/login")
    log_in(page, live_server, demo.neighbour)
    words = live_server.words(page_language(page))
    page.goto(f"/families/{demo.family_id}/my-tasks")
    door = page.get_by_role("article", name="Bij nood de deur opendoen voor de kinderen")
    expect(door).to_contain_text(words("When it is needed"))
    expect(door.get_by_role("button", name=words("Done"))).to_have_count(0)
    audit.check(page, "my tasks with an on-call task")


def test_putting_up_a_photo_and_the_people_list(page, live_server, audit, demo, tmp_path: Path):
    page.goto("/login")
    log_in(page, live_server, demo.grandpa)
    words = live_server.words(page_language(page))
    page.goto(f"/families/{demo.family_id}/people")
    audit.check(page, "people with initials")
    page.get_by_role("link", name=words("Put up a photo of yourself")).click()
    audit.check(page, "my photo, empty")

    photo = tmp_path / "opa.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.get_by_label(words("Your photo"), exact=True).set_input_files(str(photo))
    page.get_by_role("button", name=words("Put up this photo")).click()
    expect(page.get_by_role("button", name=words("Remove my photo"))).to_be_visible()
    audit.check(page, "my photo, put up")

    page.goto(f"/families/{demo.family_id}/people")
    image = page.locator("img.avatar").first
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) > 0, "the photo loads"
    audit.check(page, "people with a photo", screenshot="pictures-people")
