"""Needs: what the family is looking for, offers of help that become tasks, how helpers take part,
and that no need is covered twice without the family noticing."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from flask_babel import force_locale

from portal.access import family_context
from portal.extensions import db
from portal.families.models import Family, Person
from portal.needs.models import HelpMode, HelpOffer, Need, OfferStatus, Participation, TakingPart
from portal.needs.queries import needs_summary
from portal.needs.services import NeedDetails, NeedRefused, accept_offer, covers_of, create_need, offer_help
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.tasks.models import Category, Task, TaskAction, TaskEvent, TaskStatus
from tests.conftest import page_text
from tests.factories import PersonFactory, TaskFactory
from tests.querycount import counted_queries

# Pages in English, so that the assertions read as the msgids do.
pytestmark = pytest.mark.usefixtures("english")


def a_need(world, title="Iemand die meeleest met de post", visibility=Visibility.NETWORK, **extra) -> Need:
    details = NeedDetails(title, extra.pop("description", ""), extra.pop("category", Category.PAPERWORK),
                          extra.pop("mode", HelpMode.VISIT), visibility)
    need = create_need(world.family.id, details, world.accounts["family"])
    db.session.commit()
    return need


def an_offer(world, need: Need, key: str = "network", message: str = "Ik kan op zaterdag.") -> HelpOffer:
    recorder = world.accounts.get(key) or world.accounts["family"]
    offer = offer_help(need, world.people[key], message, recorder)
    db.session.commit()
    return offer


def needs_url(world, *parts) -> str:
    return "/".join([f"/families/{world.family.id}/needs", *map(str, parts)])


def offer_url(world, offer: HelpOffer, action: str) -> str:
    return f"/families/{world.family.id}/offers/{offer.id}/{action}"


def tasks_of(need: Need) -> list[Task]:
    db.session.expire_all()
    return list(db.session.get(Need, need.id).tasks)


# ---- the needs list and a need's page ---------------------------------------------------------

def test_the_family_adds_a_need_and_the_network_sees_it(auth, world):
    response = auth.login("family").post(needs_url(world, "new"), data={
        "title": "Vervoer naar de zwemles van Noor", "description": "Woensdag om half vier.",
        "category": "transport", "mode": "visit", "visibility": "network"}, follow_redirects=True)
    assert response.status_code == 200
    need = db.session.scalar(sa.select(Need).where(Need.family_id == world.family.id))
    assert (need.title, need.category, need.mode, need.visibility) == (
        "Vervoer naar de zwemles van Noor", Category.TRANSPORT, HelpMode.VISIT, Visibility.NETWORK)
    text = page_text(auth.login("network").get(needs_url(world)))
    assert "Vervoer naar de zwemles van Noor" in text
    assert "Still looking for someone (1)" in text
    assert "The whole network sees this" in text


def test_a_need_without_a_title_is_refused_and_keeps_what_was_typed(auth, world):
    response = auth.login("mentor").post(needs_url(world, "new"), data={
        "title": "  ", "description": "Elke dinsdag na school", "category": "childcare", "mode": "call",
        "visibility": "network"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Please fill this in." in text
    assert "Elke dinsdag na school" in response.get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="call"', response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0


def test_odd_input_never_breaks_the_need_form(auth, world):
    response = auth.login("family").post(needs_url(world, "new"), data={
        "title": "x" * 500, "category": "nonsense", "mode": "telepathy", "visibility": "everyone"})
    assert response.status_code == 200
    assert "Please keep this under 160 characters." in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0


def test_the_family_changes_a_need(auth, world):
    need = a_need(world)
    auth.login("family").post(needs_url(world, need.id, "edit"), data={
        "title": "Iemand die meeleest met de post van de gemeente", "category": "paperwork", "mode": "either",
        "visibility": "family_and_mentor"})
    db.session.refresh(need)
    assert need.title.endswith("van de gemeente")
    assert (need.mode, need.visibility) == (HelpMode.EITHER, Visibility.FAMILY_AND_MENTOR)


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 404), ("professional", 404),
                                          ("outsider", 404)])
def test_only_the_family_and_mentor_add_needs(auth, world, role, status):
    response = auth.login(role).post(needs_url(world, "new"), data={
        "title": "Opvang", "category": "childcare", "mode": "visit"})
    assert response.status_code == status
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0


def test_a_narrowed_need_leaves_no_trace_for_the_network(auth, world):
    a_need(world, "Opvang voor Noor")
    narrowed = a_need(world, "Meegaan naar de verslavingszorg", Visibility.FAMILY_AND_MENTOR)
    network = auth.login("network")
    text = page_text(network.get(needs_url(world)))
    assert "Opvang voor Noor" in text
    assert "verslavingszorg" not in text
    assert "Still looking for someone (1)" in text
    assert network.get(needs_url(world, narrowed.id)).status_code == 404
    assert network.post(needs_url(world, narrowed.id, "offer"), data={"message": "Ik"}).status_code == 404
    family_text = page_text(auth.login("family").get(needs_url(world)))
    assert "Meegaan naar de verslavingszorg" in family_text
    assert "Only the family and the mentor see this" in family_text
    assert auth.login("mentor").get(needs_url(world, narrowed.id)).status_code == 200


def test_a_narrowed_part_hides_every_need_from_the_network(auth, world):
    a_need(world)
    db.session.add(PartVisibility(family_id=world.family.id, part=PlanPart.NEEDS))
    db.session.commit()
    assert auth.login("network").get(needs_url(world)).status_code == 404
    text = page_text(auth.login("family").get(needs_url(world)))
    # The part's note and each need's note say the narrower truth.
    assert "The whole network sees this" not in text
    assert text.count("Only the family and the mentor see this") == 2


@pytest.mark.parametrize("role", ["youth", "youth_under_12", "professional", "outsider"])
def test_needs_are_not_for_youths_and_professionals(auth, world, role):
    need = a_need(world)
    client = auth.login(role)
    assert client.get(needs_url(world)).status_code == 404
    assert client.get(needs_url(world, need.id)).status_code == 404


# ---- offers of help ----------------------------------------------------------------------------

def test_a_network_member_offers_help(auth, world):
    need = a_need(world)
    client = auth.login("network")
    page = client.get(needs_url(world, need.id))
    assert "Offer your help" in page_text(page)
    assert 'name="person_id" value="%d"' % world.people["network"].id in page.get_data(as_text=True)
    response = client.post(needs_url(world, need.id, "offer"),
                           data={"person_id": world.people["network"].id, "message": "Zaterdag kan ik."},
                           follow_redirects=True)
    assert "Thank you for offering to help!" in page_text(response)
    offer = db.session.scalar(sa.select(HelpOffer))
    assert (offer.person_id, offer.message, offer.status, offer.recorded_by_id) == (
        world.people["network"].id, "Zaterdag kan ik.", OfferStatus.PENDING, world.accounts["network"].id)
    # The offer form makes way for a note: a second offer of one's own would be refused.
    assert "You offered to help with this." in page_text(response)
    assert "Offer your help" not in page_text(response)


def test_a_second_waiting_offer_of_the_same_person_is_refused(auth, world):
    need = a_need(world)
    an_offer(world, need)
    response = auth.login("network").post(needs_url(world, need.id, "offer"), data={
        "person_id": world.people["network"].id, "message": "Nog een keer"}, follow_redirects=True)
    assert "Opa Test already offered to help with this." in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(HelpOffer.id))) == 1


def test_a_member_offers_only_as_themselves(auth, world):
    need = a_need(world)
    response = auth.login("network").post(needs_url(world, need.id, "offer"), data={
        "person_id": world.people["no_account"].id, "message": "Namens tante"})
    assert response.status_code == 200
    assert "Not a valid choice" in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(HelpOffer.id))) == 0


def test_the_family_notes_an_offer_for_a_helper_without_an_account(auth, world):
    need = a_need(world)
    client = auth.login("family")
    page = client.get(needs_url(world, need.id)).get_data(as_text=True)
    # Not for themselves (the family asks for help), nor for anyone who can log in.
    assert f'<option value="{world.people["no_account"].id}"' in page
    for key in ("family", "network", "mentor", "youth"):
        assert f'<option value="{world.people[key].id}"' not in page
    client.post(needs_url(world, need.id, "offer"), data={
        "person_id": world.people["no_account"].id, "message": "Zei ze op de verjaardag."})
    offer = db.session.scalar(sa.select(HelpOffer))
    assert (offer.person_id, offer.recorded_by_id) == (world.people["no_account"].id, world.accounts["family"].id)
    refused = client.post(needs_url(world, need.id, "offer"), data={"person_id": world.people["network"].id})
    assert refused.status_code == 200 and db.session.scalar(sa.select(sa.func.count(HelpOffer.id))) == 1


def test_accepting_an_offer_makes_a_task_taken_on_by_the_helper(auth, world):
    need = a_need(world, description="Brieven over de huur.")
    offer = an_offer(world, need, message="Zaterdagochtend samen aan tafel?")
    client = auth.login("family")
    page = client.get(offer_url(world, offer, "accept"))
    assert "This becomes a task for Opa Test" in page_text(page)
    response = client.post(offer_url(world, offer, "accept"), data={"title": need.title, "cover_seen": 0})
    assert response.status_code == 303
    task = db.session.scalar(sa.select(Task))
    assert response.headers["Location"].endswith(f"/tasks/{task.id}")
    assert (task.title, task.description, task.category) == (need.title, "Brieven over de huur.", Category.PAPERWORK)
    assert (task.status, task.offered_to_id, task.assignee_id) == (
        TaskStatus.ACCEPTED, world.people["network"].id, world.people["network"].id)
    events = db.session.scalars(sa.select(TaskEvent).where(TaskEvent.task_id == task.id)
                                .order_by(TaskEvent.id)).all()
    # The family added it; the helper took it on with the words of their offer, recorded as their own.
    assert [(e.action, e.recorded_by_id) for e in events] == [
        (TaskAction.CREATED, world.accounts["family"].id), (TaskAction.ACCEPTED, world.accounts["network"].id)]
    assert events[1].person_id == world.people["network"].id and events[1].note == offer.message
    db.session.refresh(offer)
    assert (offer.status, offer.task_id) == (OfferStatus.ACCEPTED, task.id)
    assert [t.id for t in tasks_of(need)] == [task.id]
    assert "Opa Test took this on." in page_text(client.get(f"/tasks/{task.id}"))


def test_an_offer_noted_by_the_family_says_so_in_the_task_history(auth, world):
    need = a_need(world)
    offer = an_offer(world, need, key="no_account")
    client = auth.login("mentor")
    client.post(offer_url(world, offer, "accept"), data={"title": "Post doornemen met tante", "cover_seen": 0})
    task = db.session.scalar(sa.select(Task))
    assert task.title == "Post doornemen met tante" and task.assignee_id == world.people["no_account"].id
    text = page_text(client.get(f"/tasks/{task.id}"))
    assert "Tante Zonder Account took this on. (Noted by Moeder Test.)" in text


def test_the_family_declines_an_offer(auth, world):
    need = a_need(world)
    offer = an_offer(world, need)
    response = auth.login("family").post(offer_url(world, offer, "decline"), follow_redirects=True)
    assert "It is kind to thank Opa Test yourself." in page_text(response)
    db.session.refresh(offer)
    assert offer.status == OfferStatus.DECLINED and offer.answered_at is not None
    # Answered once: accepting it afterwards changes nothing.
    later = auth.login("mentor").post(offer_url(world, offer, "accept"), data={"title": "x", "cover_seen": 0},
                                      follow_redirects=True)
    assert "Someone in the family has already answered this offer." in page_text(later)
    assert db.session.scalar(sa.select(sa.func.count(Task.id))) == 0


def test_an_offer_is_answered_only_once_in_the_service(world):
    offer = an_offer(world, a_need(world))
    accept_offer(offer, "Post", world.accounts["family"])
    db.session.commit()
    with pytest.raises(NeedRefused):
        accept_offer(offer, "Post", world.accounts["mentor"])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Task.id))) == 1


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 404), ("professional", 404),
                                          ("outsider", 404)])
def test_only_the_family_and_mentor_answer_offers(auth, world, role, status):
    offer = an_offer(world, a_need(world))
    client = auth.login(role)
    assert client.get(offer_url(world, offer, "accept")).status_code == status
    assert client.post(offer_url(world, offer, "accept"), data={"title": "x", "cover_seen": 0}).status_code == status
    assert client.post(offer_url(world, offer, "decline")).status_code == status
    db.session.refresh(offer)
    assert offer.status == OfferStatus.PENDING


def test_offers_on_a_narrowed_need_do_not_exist_for_the_network(auth, world):
    offer = an_offer(world, a_need(world, visibility=Visibility.FAMILY_AND_MENTOR), key="mentor")
    assert auth.login("network").get(offer_url(world, offer, "accept")).status_code == 404
    page = auth.login("family").get(offer_url(world, offer, "accept"))
    assert "Choose a title that is fine for the whole network to read." in page_text(page)


# ---- no need covered twice without anyone noticing ------------------------------------------------

def test_a_covered_need_says_so_and_warns_before_a_second_offer_is_accepted(auth, world):
    need = a_need(world)
    first = an_offer(world, need, key="network", message="Ik doe het.")
    second = an_offer(world, need, key="mentor", message="Ik ook.")
    client = auth.login("family")
    client.post(offer_url(world, first, "accept"), data={"title": need.title, "cover_seen": 0})

    listing = page_text(client.get(needs_url(world)))
    assert "Already taken care of (1)" in listing and "Still looking for someone (0)" in listing
    assert "Opa Test takes care of this" in listing
    assert "1 offer of help is waiting for an answer (this need is already taken care of)" in listing
    detail = page_text(client.get(needs_url(world, need.id)))
    assert "Careful: someone already takes care of this need." in detail

    page = client.get(offer_url(world, second, "accept"))
    assert "Careful: this need is already taken care of" in page_text(page)
    assert 'name="cover_seen" type="hidden" value="1"' in page.get_data(as_text=True)
    # A save from a page that did not show the warning (cover_seen 0) shows it instead of saving.
    refused = client.post(offer_url(world, second, "accept"), data={"title": need.title, "cover_seen": 0})
    assert refused.status_code == 200
    assert "Careful: this need is already taken care of" in page_text(refused)
    db.session.refresh(second)
    assert second.status == OfferStatus.PENDING and len(tasks_of(need)) == 1
    # Seen and still wanted: then it is the family's choice.
    client.post(offer_url(world, second, "accept"), data={"title": need.title, "cover_seen": 1})
    db.session.refresh(second)
    assert second.status == OfferStatus.ACCEPTED and len(tasks_of(need)) == 2


def test_the_network_sees_that_a_need_is_taken_care_of(auth, world):
    need = a_need(world)
    accept_offer(an_offer(world, need, key="mentor"), need.title, world.accounts["family"])
    db.session.commit()
    text = page_text(auth.login("network").get(needs_url(world, need.id)))
    assert "Already taken care of" in text and "Mentor Test takes care of this" in text


def test_asking_the_whole_network_makes_an_open_task_that_covers_the_need(auth, world):
    need = a_need(world)
    client = auth.login("mentor")
    assert "This becomes a task that anyone in the network can take on." in page_text(
        client.get(needs_url(world, need.id, "ask")))
    client.post(needs_url(world, need.id, "ask"), data={"title": "Post doornemen", "cover_seen": 0})
    [task] = tasks_of(need)
    assert (task.title, task.status, task.offered_to_id) == ("Post doornemen", TaskStatus.OPEN, None)
    assert "Asked of the whole network: who can do this?" in page_text(client.get(needs_url(world, need.id)))
    # Asking again warns first, like a second offer.
    again = client.post(needs_url(world, need.id, "ask"), data={"title": "Nog eens", "cover_seen": 0})
    assert "Careful: this need is already taken care of" in page_text(again) and len(tasks_of(need)) == 1


def test_a_task_nobody_wanted_does_not_cover_the_need(world):
    need = a_need(world)
    declined = TaskFactory(family=world.family, status=TaskStatus.DECLINED)
    need.tasks.append(declined)
    db.session.commit()
    assert covers_of(need) == []
    done = TaskFactory(family=world.family, status=TaskStatus.DONE, assignee=world.people["network"])
    need.tasks.append(done)
    db.session.commit()
    assert [(c.task.id, c.person.id) for c in covers_of(need)] == [(done.id, world.people["network"].id)]


# ---- how helpers take part ----------------------------------------------------------------------

def test_a_network_member_says_how_they_take_part(auth, world):
    client = auth.login("network")
    assert "You have not said yet" in page_text(client.get(needs_url(world)))
    response = client.post(needs_url(world, "taking-part"), data={"way": "help_out"}, follow_redirects=True)
    assert "You said: Help out." in page_text(response)
    client.post(needs_url(world, "taking-part"), data={"way": "both"})
    assert db.session.get(Participation, world.people["network"].id).way == TakingPart.BOTH
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 1
    listing = page_text(auth.login("family").get(needs_url(world)))
    assert "Think along and help out Opa Test" in listing
    assert "Not said yet Mentor Test, Tante Zonder Account" in listing


def test_taking_part_needs_a_choice(auth, world):
    response = auth.login("mentor").post(needs_url(world, "taking-part"), data={"way": "sometimes"})
    assert response.status_code == 200
    assert "Not a valid choice" in page_text(response)
    assert db.session.get(Participation, world.people["mentor"].id) is None


@pytest.mark.parametrize("role, status", [("family", 403), ("youth", 404), ("professional", 404)])
def test_only_helpers_say_how_they_take_part(auth, world, role, status):
    assert auth.login(role).post(needs_url(world, "taking-part"), data={"way": "both"}).status_code == status
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 0


# ---- query budget --------------------------------------------------------------------------------

def _fill(ids: dict, needs: int) -> None:
    """`needs` needs, each with two offers (one accepted: it has a task) and a helper who takes part.
    Takes plain ids: the objects of the world are detached between the counted requests."""
    family, user = db.session.get(Family, ids["family"]), db.session.get(User, ids["user"])
    opa = db.session.get(Person, ids["opa"])
    helpers = [PersonFactory(family=family, name=f"Helper {n}") for n in range(needs)]
    for helper in helpers:
        need = create_need(family.id, NeedDetails(f"Nodig voor {helper.name}", "", Category.PRACTICAL,
                                                  HelpMode.EITHER, Visibility.NETWORK), user)
        offer_help(need, opa, "Ik kan ook", user)
        accept_offer(offer_help(need, helper, "Ik kan", user), need.title, user)
        db.session.add(Participation(person_id=helper.id, way=TakingPart.HELP_OUT))
    db.session.commit()


def _queries_for(client, url) -> int:
    db.session.expunge_all()  # nothing cached from filling the database: the page loads it all
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("role", ["family", "network"])
def test_the_needs_list_does_not_query_per_need(auth, world, role):
    client = auth.login(role)
    ids = {"family": world.family.id, "user": world.accounts["family"].id, "opa": world.people["network"].id}
    url = needs_url(world)
    _fill(ids, 2)
    few = _queries_for(client, url)
    _fill(ids, 25)
    assert _queries_for(client, url) == few


def test_the_hub_line_counts_the_needs_the_member_may_see(app, world):
    def line(role: str) -> str:
        with app.test_request_context(), force_locale("en"):
            return needs_summary(family_context(world.accounts[role].id, world.family.id))

    assert line("network") == "Nothing written yet."
    need = a_need(world)
    a_need(world, "Meegaan naar de huisarts", Visibility.FAMILY_AND_MENTOR)
    accept_offer(an_offer(world, need), need.title, world.accounts["family"])
    db.session.commit()
    assert line("network") == "1 need, 0 still looking for someone"
    assert line("mentor") == "2 needs, 1 still looking for someone"
