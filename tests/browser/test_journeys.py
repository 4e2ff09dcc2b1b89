"""One journey per role, in Dutch and in English, through the real pages in a real browser.

Every page a journey reaches goes through `audit.check` (axe at 360 and 1280 px, no sideways
scrolling at 320 px, valid HTML); each role's main page is also photographed to
test-artifacts/screenshots/<role>-<language>-<width>.png.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LANGUAGES, choose_language, confirm_address, invitation_link, log_in, take_on

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("lang", LANGUAGES)]


def test_parent_registers_builds_the_family_and_invites(page, new_page, live_server, audit, lang):
    words = live_server.words(lang)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")  # Dutch first, whatever the browser prefers
    choose_language(page, live_server, lang)
    audit.check(page, "welcome")

    page.get_by_role("link", name=words("Start a plan for your family")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Create an account"))
    audit.check(page, "register")
    form = page.locator("main form")
    form.get_by_label(words("Your name"), exact=True).fill("Mirjam Visser")
    form.get_by_label(words("E-mail address"), exact=True).fill(f"mirjam-{lang}@example.org")
    form.get_by_label(words("Password"), exact=True).fill("een lange zin als wachtwoord")
    form.get_by_label(words("Password again"), exact=True).fill("een lange zin als wachtwoord")
    form.get_by_role("button", name=words("Create my account")).click()

    # The address is confirmed by the link mailed to it; then Mirjam logs in.
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Check your mail"))
    audit.check(page, "check your mail")
    confirm_address(page, live_server, f"mirjam-{lang}@example.org")
    log_in(page, live_server, f"mirjam-{lang}@example.org", "een lange zin als wachtwoord")

    expect(page.get_by_role("heading", level=1)).to_have_text(words("Start a plan for your family"))
    audit.check(page, "new family")
    form = page.locator("main form")
    form.get_by_label(words("Name of the family"), exact=True).fill("Familie Visser")
    form.get_by_label(words("Who are you in the family?"), exact=True).fill("moeder")
    for row, (child, born) in enumerate([("Lotte", "2011-03-14"), ("Daan", "2016-09-02")]):
        form.locator(f"#children-{row}-name").fill(child)
        form.locator(f"#children-{row}-date_of_birth").fill(born)
    form.get_by_role("button", name=words("Make our family space")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words("People around %(family)s", family="Familie Visser"))
    for child in ("Lotte", "Daan"):
        expect(page.locator("main .person-name", has_text=child)).to_be_visible()
    audit.check(page, "people of the new family")

    page.get_by_role("link", name=words("Add someone")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Add someone to the network"))
    audit.check(page, "add someone")
    form = page.locator("main form")
    form.get_by_label(words("Name"), exact=True).fill("Henk Visser")
    form.get_by_label(words("Relation to the family"), exact=True).fill("opa")
    form.get_by_label(words("Make a link that I share myself (for example in a chat app)")).check()
    form.get_by_role("button", name=words("Add"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words("Invitation for %(name)s", name="Henk Visser"))
    link = page.get_by_label(words("Invitation link"), exact=True).input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/join/\S+", link), link
    audit.check(page, "invitation link")

    # The link works for whoever gets it: a browser without Mirjam's cookies.
    invitee = new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Familie Visser")
    expect(invitee.locator("#name")).to_have_value("Henk Visser")
    audit.check(invitee, "join page from the new link")


def test_network_member_joins_by_link_and_takes_on_an_open_task(page, live_server, audit, demo, lang):
    words = live_server.words(lang)
    page.goto(invitation_link(live_server, demo, "Ellen de Vries"))
    choose_language(page, live_server, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Join %(family)s", family=demo.name))
    audit.check(page, "join")

    form = page.locator("main form")
    expect(form.get_by_label(words("Your name"), exact=True)).to_have_value("Ellen de Vries")
    form.get_by_label(words("E-mail address"), exact=True).fill(f"ellen-{lang}@example.org")
    form.get_by_label(words("Password"), exact=True).fill("de post van de gemeente")
    form.get_by_label(words("Password again"), exact=True).fill("de post van de gemeente")
    form.get_by_role("button", name=words("Join"), exact=True).click()

    # A link shared by hand does not prove the address typed: Ellen confirms it, logs in and says yes.
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Check your mail"))
    confirm_address(page, live_server, f"ellen-{lang}@example.org")
    log_in(page, live_server, f"ellen-{lang}@example.org", "de post van de gemeente")
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Join %(family)s", family=demo.name))
    audit.check(page, "say yes to the invitation")
    page.locator("main form").get_by_role("button", name=words("Yes, join")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words("My tasks for %(family)s", family=demo.name))
    audit.check(page, "my tasks")

    title = "Sam naar de tandarts brengen"
    open_tasks = page.locator("section[aria-labelledby='open']")
    open_tasks.get_by_role("article", name=title).get_by_role("button", name=words("I'll do it")).click()

    expect(page.get_by_role("status")).to_contain_text(words("Thank you! The task is yours now."))
    expect(page.locator("section[aria-labelledby='accepted']").get_by_role("article", name=title)).to_be_visible()
    expect(open_tasks.get_by_role("article", name=title)).to_have_count(0)
    audit.check(page, "my tasks after saying yes", screenshot=f"network-{lang}")


def test_mentor_sees_who_took_on_what(page, live_server, audit, demo, lang):
    title = "Sam naar de tandarts brengen"
    take_on(live_server, demo, title, "Kees de Vries", demo.grandpa)
    words = live_server.words(lang)

    page.goto("/login")
    choose_language(page, live_server, lang)
    audit.check(page, "login")
    log_in(page, live_server, demo.mentor)
    choose_language(page, live_server, lang)

    # The mentor lands on what needs them now, with their youth first; who does what is one tap away.
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Hello %(name)s", name="Jeroen"))
    expect(page.locator("#youth-title")).to_have_text(words("How %(name)s is doing", name="Sam"))
    audit.check(page, "the mentor's start", screenshot=f"mentor-start-{lang}")
    page.get_by_role("navigation", name=words("Family menu")).get_by_role("link", name=words("Who does what"),
                                                                        exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("Who does what"))
    grandpa = page.locator("table tbody tr", has=page.get_by_role("rowheader", name=re.compile("Kees de Vries")))
    taken_on = grandpa.locator("td").first  # the "Taken on" column
    expect(taken_on.get_by_role("link", name=title)).to_be_visible()
    expect(page.locator("section[aria-labelledby='unclaimed']").get_by_role("link", name=title)).to_have_count(0)
    audit.check(page, "who does what", screenshot=f"mentor-{lang}")


def test_parent_sees_the_whole_plan(page, live_server, audit, demo, lang):
    words = live_server.words(lang)
    page.goto("/login")
    choose_language(page, live_server, lang)
    log_in(page, live_server, demo.parent)
    choose_language(page, live_server, lang)

    # The family lands on what needs them now; the plan and its tasks are one step away in the menu.
    family_menu = page.get_by_role("navigation", name=words("Family menu"))
    expect(family_menu.get_by_role("link", name=words("Start"), exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=2, name=words("What needs you now"))).to_be_visible()
    audit.check(page, "the family's start", screenshot=f"family-start-{lang}")
    family_menu.get_by_role("link", name=words("Plan"), exact=True).click()
    expect(family_menu.get_by_role("link", name=words("Plan"), exact=True)).to_have_attribute("aria-current", "page")
    audit.check(page, "plan", screenshot=f"family-{lang}")
    family_menu.get_by_role("link", name=words("Tasks"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words("Tasks of %(family)s", family=demo.name))
    needs_someone = page.locator("section[aria-labelledby='needs-someone']")
    expect(needs_someone.get_by_role("article", name="Sam naar de tandarts brengen")).to_be_visible()
    expect(page.locator("section[aria-labelledby='who-does-what']")
           .get_by_role("article", name="Noor naar school brengen op maandag")).to_be_visible()
    audit.check(page, "tasks of the plan", screenshot=f"family-tasks-{lang}")


def test_youth_sees_their_page_with_their_mentor(page, live_server, audit, demo, lang):
    words = live_server.words(lang)
    page.goto("/login")
    choose_language(page, live_server, lang)
    log_in(page, live_server, demo.youth)
    choose_language(page, live_server, lang)

    expect(page.get_by_role("heading", level=1)).to_have_text(words("Hi %(name)s", name="Sam"))
    mentor = page.locator("section", has=page.get_by_role("heading", name=words("Your mentor")))
    expect(mentor).to_contain_text("Jeroen Bakker")
    # The youth sees their own task, not the rest of the plan.
    expect(page.get_by_role("article", name="Meegaan naar het gesprek op school")).to_be_visible()
    expect(page.get_by_text("Noor naar school brengen op maandag")).to_have_count(0)
    audit.check(page, "youth home", screenshot=f"youth-{lang}")


def test_youth_opens_their_safety_page(page, live_server, audit, demo, lang):
    """From their home page the youth reaches "what do I do now": their own chain, tap to call."""
    words = live_server.words(lang)
    page.goto("/login")
    choose_language(page, live_server, lang)
    log_in(page, live_server, demo.youth)
    choose_language(page, live_server, lang)

    # Their own first call is on the start page; who comes next is one tap away.
    expect(page.locator("section.safety-first a[href='tel:+31656789012']")).to_be_visible()
    page.get_by_role("link", name=words("Nobody answers? See who you call next")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("What do I do now?"))
    own_chain = page.get_by_role("region", name="Als Sam zich niet veilig voelt")
    expect(own_chain).to_be_visible()
    expect(own_chain.locator('a[href="tel:+31656789012"]')).to_have_count(1)  # Jeroen, the mentor, first
    expect(page.get_by_role("heading", name="Als Noor zich niet veilig voelt")).to_have_count(0)
    audit.check(page, "youth safety page", screenshot=f"youth-safety-{lang}")


def test_professional_sees_only_what_the_family_shares(page, live_server, audit, demo, lang):
    words = live_server.words(lang)
    page.goto("/login")
    choose_language(page, live_server, lang)
    log_in(page, live_server, demo.professional, audit=audit)  # professionals log in with a code too
    choose_language(page, live_server, lang)

    expect(page.get_by_role("heading", level=1)).to_have_text(demo.name)
    shared = page.get_by_role("region", name=words("What the family shares with you"))
    expect(shared).to_contain_text(words("The plan belongs to the family. With their permission you see these "
                                         "parts of it, and nothing else:"))
    expect(shared.locator("li")).to_have_count(2)  # the agreements and the safety plan (portal/consent/demo.py)
    for task_title in ("Noor naar school brengen op maandag", "Sam naar de tandarts brengen"):
        expect(page.get_by_text(task_title)).to_have_count(0)
    audit.check(page, "professional home", screenshot=f"professional-{lang}")
