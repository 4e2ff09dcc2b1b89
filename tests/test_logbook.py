"""The log: short updates from everyone, newest first; the family narrows an entry, an author
removes their own through a confirmation page; and who has been quiet for four weeks."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa

from flask_babel import force_locale

from portal.access import family_context
from portal.extensions import db
from portal.families.models import Family, Person, Role
from portal.logbook.models import LogEntry
from portal.logbook.queries import PAGE_SIZE, inactive_people, log_summary
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.tasks.models import TaskAction, TaskStatus
from tests.conftest import page_text
from tests.factories import (HelpOfferFactory, LogEntryFactory, NeedFactory, PersonFactory, ScaleAnswerFactory,
                             ScaleQuestionFactory, TaskEventFactory, TaskFactory)
from tests.querycount import counted_queries

# Pages in English, so that the assertions read as the msgids do.
pytestmark = pytest.mark.usefixtures("english")

TODAY = date.today()


def at(days_ago: int, hour: int = 12) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), time(hour), tzinfo=timezone.utc)


def an_entry(world, key: str, text: str, days_ago: int = 1, visibility=Visibility.NETWORK) -> LogEntry:
    entry = LogEntryFactory(author=world.people[key], text=text, visibility=visibility, created_at=at(days_ago))
    db.session.commit()
    return entry


def log_url(world, *parts) -> str:
    return "/".join([f"/families/{world.family.id}/log", *map(str, parts)])


def entry_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(LogEntry.id)))


# ---- writing and reading ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["family", "mentor", "network", "youth", "youth_under_12"])
def test_everyone_in_the_network_writes_in_the_log(auth, world, role):
    response = auth.login(role).post(log_url(world), data={"text": "Kinderen naar school gebracht, alles goed."},
                                     follow_redirects=True)
    assert "Thank you for writing this down." in page_text(response)
    entry = db.session.scalar(sa.select(LogEntry))
    assert (entry.author_id, entry.text, entry.visibility) == (
        world.people[role].id, "Kinderen naar school gebracht, alles goed.", Visibility.NETWORK)
    assert f"{world.people[role].name}" in page_text(response)


def test_entries_show_newest_first_with_author_and_time(auth, world):
    an_entry(world, "network", "Tuin is half winterklaar.", days_ago=8)
    an_entry(world, "mentor", "Training ging goed.", days_ago=1)
    an_entry(world, "family", "Dank jullie wel allemaal.", days_ago=3)
    response = auth.login("youth").get(log_url(world))
    text = page_text(response)
    order = [text.index(t) for t in ("Training ging goed.", "Dank jullie wel allemaal.", "Tuin is half winterklaar.")]
    assert order == sorted(order)
    assert "Mentor Test" in text and "Opa Test (opa)" in text
    assert f'datetime="{at(1).isoformat()}"' in response.get_data(as_text=True)
    assert text.count("The whole network sees this") == 4  # the part and each entry


def test_an_empty_update_is_refused_and_a_long_one_kept(auth, world):
    client = auth.login("network")
    empty = client.post(log_url(world), data={"text": "   "})
    assert empty.status_code == 200 and "Please fill this in." in page_text(empty)
    long_text = "Lang verhaal. " * 100
    too_long = client.post(log_url(world), data={"text": long_text})
    assert too_long.status_code == 200
    assert "Please keep this under 1000 characters." in page_text(too_long)
    assert long_text.strip() in too_long.get_data(as_text=True)
    assert entry_count() == 0


def test_only_the_family_and_mentor_choose_who_sees_a_new_entry(auth, world):
    assert 'name="visibility"' not in auth.login("network").get(log_url(world)).get_data(as_text=True)
    # A network member who sends the choice anyway writes for the whole network.
    auth.login("network").post(log_url(world), data={"text": "Even gebeld.", "visibility": "family_and_mentor"})
    auth.login("mentor").post(log_url(world), data={"text": "Zwaar weekend.", "visibility": "family_and_mentor"})
    visibilities = dict(db.session.execute(sa.select(LogEntry.text, LogEntry.visibility)).all())
    assert visibilities == {"Even gebeld.": Visibility.NETWORK, "Zwaar weekend.": Visibility.FAMILY_AND_MENTOR}


@pytest.mark.parametrize("role", ["professional", "outsider"])
def test_the_log_is_not_for_professionals_and_outsiders(auth, world, role):
    an_entry(world, "network", "Alles goed.")
    client = auth.login(role)
    assert client.get(log_url(world)).status_code == 404
    assert client.post(log_url(world), data={"text": "Hallo"}).status_code == 404
    assert entry_count() == 1


def test_the_log_pages_back_to_older_entries(auth, world):
    for n in range(PAGE_SIZE + 2):
        an_entry(world, "network", f"Bericht nummer {n:02d}.", days_ago=n)
    client = auth.login("family")
    first = page_text(client.get(log_url(world)))
    assert "Bericht nummer 00." in first and f"Bericht nummer {PAGE_SIZE - 1:02d}." in first
    assert f"Bericht nummer {PAGE_SIZE:02d}." not in first and "Older updates" in first
    second = page_text(client.get(log_url(world) + "?page=2"))
    assert f"Bericht nummer {PAGE_SIZE + 1:02d}." in second and "Newer updates" in second
    assert "Older updates" not in second
    assert client.get(log_url(world) + "?page=zero").status_code == 200
    assert "There are no older updates." in page_text(client.get(log_url(world) + "?page=99"))


# ---- narrowing ----------------------------------------------------------------------------------------

def test_the_family_narrows_an_entry_and_the_network_sees_no_trace(auth, world):
    entry = an_entry(world, "mentor", "Sandra vertelde dat het weekend zwaar was.")
    an_entry(world, "network", "Noor naar school gebracht.")
    family = auth.login("family")
    response = family.post(log_url(world, entry.id, "visibility"), data={"visibility": "family_and_mentor"},
                           follow_redirects=True)
    assert "Only the family and the mentor see this update now." in page_text(response)
    db.session.refresh(entry)
    assert entry.visibility == Visibility.FAMILY_AND_MENTOR
    for role in ("network", "youth"):
        client = auth.login(role)
        html = client.get(log_url(world)).get_data(as_text=True)
        assert "weekend zwaar" not in html and f"entry-{entry.id}" not in html
        assert "Noor naar school gebracht." in html
        assert client.post(log_url(world, entry.id, "visibility"), data={"visibility": "network"}).status_code == 404
    assert "Only the family and the mentor see this" in page_text(auth.login("mentor").get(log_url(world)))
    # And back to everyone.
    family.post(log_url(world, entry.id, "visibility"), data={"visibility": "network"})
    assert "weekend zwaar" in page_text(auth.login("network").get(log_url(world)))


def test_a_narrowed_log_is_gone_for_the_network(auth, world):
    an_entry(world, "network", "Alles goed.")
    db.session.add(PartVisibility(family_id=world.family.id, part=PlanPart.LOG))
    db.session.commit()
    assert auth.login("network").get(log_url(world)).status_code == 404
    assert auth.login("youth").post(log_url(world), data={"text": "Hoi"}).status_code == 404
    assert "The whole network sees this" not in page_text(auth.login("family").get(log_url(world)))


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 403), ("professional", 404)])
def test_only_the_family_and_mentor_narrow_entries(auth, world, role, status):
    entry = an_entry(world, "network", "Mijn eigen bericht.")
    response = auth.login(role).post(log_url(world, entry.id, "visibility"), data={"visibility": "family_and_mentor"})
    assert response.status_code == status
    db.session.refresh(entry)
    assert entry.visibility == Visibility.NETWORK


def test_a_bad_visibility_changes_nothing(auth, world):
    entry = an_entry(world, "network", "Bericht.")
    response = auth.login("family").post(log_url(world, entry.id, "visibility"), data={"visibility": "everyone"},
                                         follow_redirects=True)
    assert "Something went wrong with the form." in page_text(response)
    db.session.refresh(entry)
    assert entry.visibility == Visibility.NETWORK


# ---- removing one's own entry ---------------------------------------------------------------------------

def test_an_author_removes_their_own_entry_after_confirming(auth, world):
    entry = an_entry(world, "network", "Verkeerd getypt bericht.")
    client = auth.login("network")
    listing = client.get(log_url(world)).get_data(as_text=True)
    assert log_url(world, entry.id, "remove") in listing
    confirm = client.get(log_url(world, entry.id, "remove"))
    assert "Remove your update?" in page_text(confirm) and "Verkeerd getypt bericht." in page_text(confirm)
    assert entry_count() == 1  # looking at the page removes nothing
    response = client.post(log_url(world, entry.id, "remove"), follow_redirects=True)
    assert "Your update is removed from the log." in page_text(response)
    assert entry_count() == 0


@pytest.mark.parametrize("role, status", [("family", 403), ("mentor", 403), ("youth", 403), ("professional", 404),
                                          ("outsider", 404)])
def test_nobody_removes_someone_elses_entry(auth, world, role, status):
    entry = an_entry(world, "network", "Opa's bericht.")
    client = auth.login(role)
    assert log_url(world, entry.id, "remove") not in client.get(log_url(world)).get_data(as_text=True)
    assert client.get(log_url(world, entry.id, "remove")).status_code == status
    assert client.post(log_url(world, entry.id, "remove")).status_code == status
    assert entry_count() == 1


def test_removing_without_the_form_token_removes_nothing(auth, world):
    entry = an_entry(world, "network", "Bericht.")
    response = auth.login("network").post(log_url(world, entry.id, "remove"), csrf=False)
    assert response.status_code == 400
    assert entry_count() == 1


def test_an_entry_of_someone_who_left_stays_without_a_name(auth, world):
    entry = an_entry(world, "network", "Oud bericht.")
    entry.author_id = None
    db.session.commit()
    assert "a former member" in page_text(auth.login("family").get(log_url(world)))


# ---- query budget --------------------------------------------------------------------------------------

def test_the_log_does_not_query_per_entry(auth, world):
    client = auth.login("youth")
    family_id, url = world.family.id, log_url(world)

    def fill(count: int) -> None:
        family = db.session.get(Family, family_id)
        for n in range(count):
            author = PersonFactory(family=family, name=f"Schrijver {n}")
            LogEntryFactory(author=author, text=f"Bericht {n}")
        db.session.commit()

    def queries() -> int:
        db.session.expunge_all()
        with counted_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    fill(2)
    few = queries()
    fill(PAGE_SIZE)
    assert queries() == few


# ---- who has been quiet for four weeks -------------------------------------------------------------------

def test_inactive_people_are_helpers_who_did_nothing_for_four_weeks(world):
    family, people = world.family, world.people
    task = TaskFactory(family=family, status=TaskStatus.ACCEPTED)

    def helper(name: str, role: Role = Role.NETWORK) -> Person:
        return PersonFactory(family=family, name=name, role=role)

    helper("Buurman Nooit")
    long_ago = helper("Tante Lang Geleden")
    wrote = helper("Vriendin Schreef")
    answered = helper("Oom Antwoordde")
    offered = helper("Neef Bood Aan")
    noted_for = helper("Oma Zonder Account")
    only_added = helper("Buurvrouw Alleen Gevraagd")
    just_inside = helper("Collega Net Binnen")
    TaskEventFactory(task=task, action=TaskAction.DONE, person=long_ago, at=at(40))
    LogEntryFactory(author=wrote, text="Hoi", created_at=at(3))
    ScaleAnswerFactory(question=ScaleQuestionFactory(family=family), person=answered, score=6, answered_at=at(10))
    HelpOfferFactory(need=NeedFactory(family=family), person=offered, created_at=at(20))
    # The family noted it for her: it still counts as what she did.
    TaskEventFactory(task=task, person=noted_for, recorded_by_id=world.accounts["family"].id, at=at(1))
    # Being asked (the task was made for her) is not something she did.
    TaskEventFactory(task=task, action=TaskAction.CREATED, person=only_added, at=at(1))
    TaskEventFactory(task=task, action=TaskAction.DECLINED, person=just_inside, at=at(28, hour=0))
    db.session.commit()

    quiet = inactive_people(family.id, TODAY)
    names = [q.person.name for q in quiet]
    # The world's own helpers (opa, the mentor, the aunt without an account) never did anything either.
    assert names == sorted(["Buurman Nooit", "Buurvrouw Alleen Gevraagd", "Mentor Test", "Opa Test",
                            "Tante Zonder Account"], key=str.lower) + ["Tante Lang Geleden"]
    assert [q.last_active for q in quiet][:-1] == [None] * 5
    assert quiet[-1].last_active == at(40)
    # Families, youths and professionals are not "helpers" who can fall quiet.
    assert not {people[key].name for key in ("family", "youth", "professional")} & set(names)
    # A shorter window: the offer of 20 days ago and the task declined 28 days ago are now quiet too.
    two_weeks = {q.person.name for q in inactive_people(family.id, TODAY, weeks=2)}
    assert {"Neef Bood Aan", "Collega Net Binnen"} <= two_weeks and "Oom Antwoordde" not in two_weeks
    assert inactive_people(world.other_family.id, TODAY) == []



def test_the_hub_line_tells_when_the_latest_update_the_member_may_see_was_written(app, world):
    def line(role: str) -> str:
        with app.test_request_context(), force_locale("en"):
            return log_summary(family_context(world.accounts[role].id, world.family.id))

    assert line("network") == "Nothing in the log yet."
    an_entry(world, "network", "Voor iedereen.", days_ago=3)
    an_entry(world, "mentor", "Alleen voor het gezin.", days_ago=1, visibility=Visibility.FAMILY_AND_MENTOR)
    assert line("network").startswith("Latest update:") and line("family").startswith("Latest update:")
    assert line("network") != line("family")  # the narrowed entry is newer, and only the family sees it
