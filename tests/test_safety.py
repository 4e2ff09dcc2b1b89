"""The safety plan: chains to call in order, who sees which chain, the "what do I do now" pages,
safe places for the children, and who tells them."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from portal.access import family_context
from portal.extensions import db
from portal.parts.models import Visibility
from portal.safety.models import ChainLink, ChildrenBriefing, LinkKind, SafePlace, SafetySituation
from portal.safety.queries import safety_summary
from portal.safety.services import LinkDetails, SafePlaceDetails, SituationDetails, create_situation, save_safe_place
from tests.conftest import page_text


NOT_A_PHONE = ("This is not a phone number: it has letters or other signs in it. "
               "Use digits, with a + only at the start.")
CHAIN_MUST_END_WELL = ("The last one in the chain must be a professional or an emergency number, for example "
                       "Veilig Thuis (0800-2000) or 112. Then there is always someone who answers.")


def say(app, msgid: str, **params) -> str:
    """A msgid as the pages show it to the test users (Dutch)."""
    with app.test_request_context(), force_locale("nl"):
        return gettext(msgid, **params)


def link(person=None, name="", phone="", kind=LinkKind.NETWORK, note="") -> LinkDetails:
    return LinkDetails(person, name, phone, note, kind)


VEILIG_THUIS = link(name="Veilig Thuis", phone="0800-2000", kind=LinkKind.PROFESSIONAL)
EMERGENCY = link(name="112", phone="112", kind=LinkKind.EMERGENCY)


def chain(world, title, links, for_youth=None, visibility=Visibility.NETWORK) -> SafetySituation:
    situation = create_situation(world.family, SituationDetails(title, for_youth, visibility, links))
    db.session.commit()
    return situation


def url(world, path: str) -> str:
    return f"/families/{world.family.id}/safety{path}"


def positions(situation_id: int) -> list[tuple[int, str]]:
    """(position, name) of a chain's links as stored, fresh from the database."""
    db.session.expire_all()
    rows = db.session.execute(sa.select(ChainLink.position, ChainLink.name, ChainLink.person_id)
                              .where(ChainLink.situation_id == situation_id).order_by(ChainLink.position))
    return [(position, name or f"person {person_id}") for position, name, person_id in rows]


def row_data(index: int, *, person=0, name="", phone="", note="", kind="network") -> dict:
    return {f"links-{index}-person": str(person), f"links-{index}-name": name, f"links-{index}-phone": phone,
            f"links-{index}-note": note, f"links-{index}-kind": kind}


def situation_form(title="Als het thuis niet veilig is", for_youth=0, visibility="network", rows=()) -> dict:
    data = {"title": title, "for_youth": str(for_youth), "visibility": visibility}
    for index, row in enumerate(rows):
        data.update(row_data(index, **row))
    return data


# Phone numbers: see test_phones.py.


# Making a chain -------------------------------------------------------------------------------

def test_family_makes_a_chain_and_it_keeps_its_order(app, auth, world):
    opa, aunt = world.people["network"], world.people["no_account"]
    client = auth.login("family")
    response = client.post(url(world, "/situations/new"), data=situation_form(rows=[
        dict(person=opa.id, phone="06 11112222"),
        dict(person=aunt.id, phone="06 33334444", note="overdag"),
        dict(name="Veilig Thuis", phone="0800-2000", kind="professional"),
    ]))
    assert response.status_code == 303
    situation = db.session.scalar(sa.select(SafetySituation).where(SafetySituation.family_id == world.family.id))
    assert situation.title == "Als het thuis niet veilig is" and situation.for_youth_id is None
    assert positions(situation.id) == [(1, f"person {opa.id}"), (2, f"person {aunt.id}"), (3, "Veilig Thuis")]
    page = client.get(url(world, ""))
    assert page.status_code == 200
    text = page_text(page)
    assert text.index(opa.name) < text.index(aunt.name) < text.index("Veilig Thuis")


def test_moving_links_up_and_down_keeps_positions_exact(app, auth, world):
    opa, aunt, mentor = world.people["network"], world.people["no_account"], world.people["mentor"]
    situation = chain(world, "Als Jongere zich niet veilig voelt", [
        link(opa, phone="06 1"), link(aunt, phone="06 22222222"), link(mentor, phone="06 33333333"), VEILIG_THUIS,
    ], for_youth=world.people["youth"])
    ids = {row.person_id or row.name: row.id for row in situation.links}
    client = auth.login("family")

    def move(key, direction):
        response = client.post(url(world, f"/situations/{situation.id}/links/{ids[key]}/move"),
                               data={"direction": direction})
        assert response.status_code == 303

    move(mentor.id, "up")       # opa, mentor, aunt, VT
    move(mentor.id, "up")       # mentor, opa, aunt, VT
    move(opa.id, "down")        # mentor, aunt, opa, VT
    move(aunt.id, "up")         # aunt, mentor, opa, VT
    assert client.get(url(world, "")).status_code == 200   # reload
    stored = positions(situation.id)
    assert [p for p, _ in stored] == [1, 2, 3, 4]           # no gaps, no duplicates
    assert [n for _, n in stored] == [f"person {aunt.id}", f"person {mentor.id}", f"person {opa.id}", "Veilig Thuis"]
    text = page_text(client.get(url(world, "/now/%d" % world.people["youth"].id)))
    assert text.index(aunt.name) < text.index(mentor.name) < text.index(opa.name) < text.index("Veilig Thuis")


def test_a_move_that_would_end_the_chain_with_a_network_member_is_refused(app, auth, world):
    opa = world.people["network"]
    situation = chain(world, "Als het thuis niet veilig is", [link(opa, phone="06 11112222"), VEILIG_THUIS])
    first, last = situation.links
    client = auth.login("family")
    response = client.post(url(world, f"/situations/{situation.id}/links/{last.id}/move"),
                           data={"direction": "up"}, follow_redirects=True)
    assert say(app, CHAIN_MUST_END_WELL) in page_text(response)
    # Nor can the first move past the end, nor the top move higher, nor a direction that does not exist.
    for link_id, direction in ((first.id, "down"), (first.id, "up"), (first.id, "sideways")):
        assert client.post(url(world, f"/situations/{situation.id}/links/{link_id}/move"),
                           data={"direction": direction}).status_code == 303
    assert positions(situation.id) == [(1, f"person {opa.id}"), (2, "Veilig Thuis")]


def test_a_link_of_another_chain_cannot_be_moved_through_this_one(app, auth, world):
    one = chain(world, "Een", [link(world.people["network"], phone="06 11112222"), VEILIG_THUIS])
    other = chain(world, "Twee", [link(world.people["mentor"], phone="06 11112222"), EMERGENCY])
    client = auth.login("family")
    response = client.post(url(world, f"/situations/{one.id}/links/{other.links[1].id}/move"), data={"direction": "up"})
    assert response.status_code == 404


def test_the_plan_page_offers_only_moves_that_keep_the_chain_valid(app, auth, world):
    chain(world, "Als het thuis niet veilig is", [link(world.people["network"], phone="06 11112222"), VEILIG_THUIS])
    client = auth.login("family")

    def offered_moves() -> set[tuple[int, str]]:
        html = client.get(url(world, "")).get_data(as_text=True)
        return {(int(link_id), direction) for link_id, direction in re.findall(
            r'links/(\d+)/move"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="direction" value="(\w+)"', html)}

    assert offered_moves() == set()   # network first, professional last: any swap would break the end of the chain
    two = chain(world, "Twee", [link(world.people["mentor"], phone="06 11112222"), VEILIG_THUIS, EMERGENCY])
    mentor, veilig_thuis, emergency = two.links
    assert offered_moves() == {(mentor.id, "down"), (veilig_thuis.id, "up"), (veilig_thuis.id, "down"),
                               (emergency.id, "up")}


@pytest.mark.parametrize("rows", [
    [dict(name="Ria", phone="06 12345678")],                                            # ends with the network
    [dict(name="Veilig Thuis", phone="0800-2000", kind="professional"), dict(name="Ria", phone="06 12345678")],
])
def test_a_chain_must_end_with_a_professional_or_emergency_number(app, auth, world, rows):
    client = auth.login("family")
    response = client.post(url(world, "/situations/new"), data=situation_form(title="Mijn eigen titel", rows=rows))
    assert response.status_code == 200
    text = page_text(response)
    assert say(app, CHAIN_MUST_END_WELL) in text
    html = response.get_data(as_text=True)
    assert 'value="Mijn eigen titel"' in html and 'value="06 12345678"' in html   # what was typed stays
    assert db.session.scalar(sa.select(sa.func.count(SafetySituation.id))) == 0


def test_an_empty_chain_is_refused_with_a_message(app, auth, world):
    response = auth.login("family").post(url(world, "/situations/new"), data=situation_form(rows=[]))
    assert response.status_code == 200
    assert say(app, "Add at least one person or number to call.") in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(SafetySituation.id))) == 0


def test_bad_input_shows_messages_and_keeps_what_was_typed(app, auth, world):
    no_phone = world.people["no_account"]   # has no phone number in Kring
    response = auth.login("family").post(url(world, "/situations/new"), data=situation_form(title="", rows=[
        dict(name="Ria", phone="bel me maar"),
        dict(person=no_phone.id),
        dict(phone="06 12345678"),                                      # a number without a name
        dict(person=world.people["outsider"].id, phone="06 12345678"),  # someone of another family
        dict(name="112", phone="112", kind="emergency"),
    ]))
    assert response.status_code == 200
    text, html = page_text(response), response.get_data(as_text=True)
    assert say(app, "Please fill this in.") in text
    assert say(app, NOT_A_PHONE) in text
    assert say(app, "Fill in a phone number to call.") in text
    assert say(app, "Fill in a name, or choose someone from the list.") in text
    assert say(app, "Choose someone from the list.") in text
    assert world.people["outsider"].name not in text                   # no leak of the other family
    assert 'value="bel me maar"' in html
    assert db.session.scalar(sa.select(sa.func.count(SafetySituation.id))) == 0


def test_changing_a_chain_rewrites_it_in_the_new_order(app, auth, world):
    opa, mentor = world.people["network"], world.people["mentor"]
    situation = chain(world, "Oud", [link(opa, phone="06 11112222"), link(mentor, phone="06 22223333"),
                                     VEILIG_THUIS, EMERGENCY])
    client = auth.login("mentor")
    form = client.get(url(world, f"/situations/{situation.id}/edit"))
    assert form.status_code == 200 and 'value="Oud"' in form.get_data(as_text=True)
    response = client.post(url(world, f"/situations/{situation.id}/edit"), data=situation_form(title="Nieuw", rows=[
        dict(person=mentor.id, phone="06 22223333"), dict(name="112", phone="112", kind="emergency"),
    ]))
    assert response.status_code == 303
    assert positions(situation.id) == [(1, f"person {mentor.id}"), (2, "112")]
    assert db.session.get(SafetySituation, situation.id).title == "Nieuw"


def test_removing_a_chain_asks_first(app, auth, world):
    situation = chain(world, "Weg ermee", [EMERGENCY])
    client = auth.login("family")
    confirm = client.get(url(world, f"/situations/{situation.id}/delete"))
    assert confirm.status_code == 200 and "Weg ermee" in page_text(confirm)
    assert db.session.get(SafetySituation, situation.id) is not None
    assert client.post(url(world, f"/situations/{situation.id}/delete")).status_code == 303
    db.session.expire_all()
    assert db.session.get(SafetySituation, situation.id) is None
    assert db.session.scalar(sa.select(sa.func.count(ChainLink.id))) == 0


# Who sees which chain -------------------------------------------------------------------------

@pytest.fixture()
def chains(world):
    """A chain for the whole network, one for each of two youths, and one narrowed."""
    people = world.people
    return dict(
        everyone=chain(world, "Keten voor iedereen", [link(people["mentor"], phone="06 1234 5678"), VEILIG_THUIS]),
        youth=chain(world, "Keten van Jongere", [link(people["mentor"], phone="06 12345678"), EMERGENCY],
                    for_youth=people["youth"]),
        youth_16=chain(world, "Keten van Zestien", [link(people["network"], phone="06 87654321"), EMERGENCY],
                       for_youth=people["youth_16"]),
        narrowed=chain(world, "Keten alleen gezin", [link(people["network"], phone="06 87654321"), VEILIG_THUIS],
                       visibility=Visibility.FAMILY_AND_MENTOR),
        youth_narrowed=chain(world, "Eigen keten stil", [link(people["network"], phone="06 87654321"), EMERGENCY],
                             for_youth=people["youth"], visibility=Visibility.FAMILY_AND_MENTOR),
    )


ALL_CHAINS = {"everyone", "youth", "youth_16", "narrowed", "youth_narrowed"}


@pytest.mark.parametrize("role, expected", [
    ("family", ALL_CHAINS),
    ("mentor", ALL_CHAINS),
    # Opa is called in the chain of Zestien; the narrowed chains he is in do not show.
    ("network", {"everyone", "youth_16"}),
    # A youth: their own chains (narrowed or not) and the whole network's, not another youth's.
    ("youth", {"everyone", "youth", "youth_narrowed"}),
    ("youth_16", {"everyone", "youth_16"}),
    ("youth_under_12", {"everyone"}),
])
def test_each_member_sees_the_chains_that_concern_them(app, auth, world, chains, role, expected):
    client = auth.login(role)
    for path in ("", "/now"):
        response = client.get(url(world, path))
        assert response.status_code == 200
        text = page_text(response)
        shown = {key for key, situation in chains.items() if situation.title in text}
        if path == "/now" and role in ("family", "mentor"):
            # Their own page: the whole network's chains and those they are in; each child has a page.
            assert shown <= ALL_CHAINS and "everyone" in shown and "youth_16" not in shown
        else:
            assert shown == expected, path


@pytest.mark.parametrize("role", ["professional", "outsider"])
def test_professionals_and_outsiders_see_nothing_of_the_safety_plan(app, auth, world, chains, role):
    client = auth.login(role)
    for path in ("", "/now", "/now/%d" % world.people["youth"].id, f"/situations/{chains['everyone'].id}/edit"):
        assert client.get(url(world, path)).status_code == 404


def test_a_narrowed_chain_answers_404_not_403_to_the_network(app, auth, world, chains):
    client = auth.login("network")
    assert client.get(url(world, f"/situations/{chains['everyone'].id}/edit")).status_code == 403
    assert client.get(url(world, f"/situations/{chains['narrowed'].id}/edit")).status_code == 404
    assert client.get(url(world, f"/situations/{chains['youth'].id}/edit")).status_code == 404
    youth = auth.login("youth")
    assert youth.get(url(world, f"/situations/{chains['youth'].id}/edit")).status_code == 403
    assert youth.get(url(world, f"/situations/{chains['youth_16'].id}/edit")).status_code == 404


def test_every_chain_says_who_sees_it(app, auth, world, chains):
    text = page_text(auth.login("family").get(url(world, "")))
    assert say(app, "The whole network sees this") in text
    assert say(app, "Only the family and the mentor see this") in text
    assert say(app, "The family, the mentor, %(name)s and the people in this chain see this",
               name=world.people["youth"].name) in text
    assert say(app, "Only the family, the mentor and %(name)s see this", name=world.people["youth"].name) in text


# What do I do now -----------------------------------------------------------------------------

def test_the_youth_page_has_big_tap_to_call_links_in_order(app, auth, world, chains):
    response = auth.login("youth").get(url(world, "/now"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # Dialled in the international form, shown the Dutch way.
    assert '<a class="call-button" href="tel:+31612345678">' in html
    assert "06 12345678" in html
    assert 'href="tel:+318002000"' in html and "0800 2000" in html
    assert 'href="tel:112"' in html
    assert say(app, "If nobody answers, call the next.") in page_text(response)
    # No script is needed: the one there only keeps the page for use without a connection.
    assert re.findall(r'<script src="([^"?]+)', html) == ["/static/offline.js"] and "<script>" not in html


def test_the_family_opens_each_childs_page_but_others_do_not(app, auth, world, chains):
    youth = world.people["youth"]
    family = auth.login("family")
    assert f"/safety/now/{youth.id}" in family.get(url(world, "/now")).get_data(as_text=True)
    text = page_text(family.get(url(world, f"/now/{youth.id}")))
    assert "Keten van Jongere" in text and "Keten voor iedereen" in text and "Keten van Zestien" not in text
    assert auth.login("youth").get(url(world, f"/now/{youth.id}")).status_code == 200
    assert auth.login("youth_16").get(url(world, f"/now/{youth.id}")).status_code == 404
    assert auth.login("network").get(url(world, f"/now/{youth.id}")).status_code == 404
    # Only youths have such a page.
    assert family.get(url(world, "/now/%d" % world.people["network"].id)).status_code == 404
    assert family.get(url(world, "/now/%d" % world.people["outsider"].id)).status_code == 404


def test_the_page_of_someone_in_a_chain_says_that_it_is_them(app, auth, world, chains):
    text = page_text(auth.login("network").get(url(world, "/now")))
    assert say(app, "That is you: you may be called.") in text


# Safe places and who tells the children -------------------------------------------------------

def place(world, youth_key, description, person_key=None, visibility=Visibility.NETWORK) -> SafePlace:
    person = world.people[person_key] if person_key else None
    details = SafePlaceDetails(world.people[youth_key], description, person, "", visibility)
    saved = save_safe_place(world.family, details)
    db.session.commit()
    return saved


def test_safe_places_show_for_the_child_and_the_person_named(app, auth, world):
    world.people["network"].phone = "06 55556666"
    place(world, "youth", "Naar opa, tien minuten fietsen", "network")
    place(world, "youth", "Naar juf op school")
    place(world, "youth", "Naar het geheime adres", "network", Visibility.FAMILY_AND_MENTOR)
    place(world, "youth_16", "Naar de buren")

    youth_text = page_text(auth.login("youth").get(url(world, "/now")))
    assert "Naar opa, tien minuten fietsen" in youth_text and "Naar juf op school" in youth_text
    assert "Naar het geheime adres" in youth_text          # their own, even when narrowed
    assert "Naar de buren" not in youth_text
    assert 'href="tel:+31655556666"' in auth.login("youth").get(url(world, "/now")).get_data(as_text=True)

    opa_text = page_text(auth.login("network").get(url(world, "")))
    assert "Naar opa, tien minuten fietsen" in opa_text
    assert "Naar juf op school" not in opa_text and "Naar het geheime adres" not in opa_text
    assert "Naar de buren" not in opa_text

    family_text = page_text(auth.login("family").get(url(world, "")))
    assert all(t in family_text for t in ("Naar opa", "Naar juf", "Naar het geheime adres", "Naar de buren"))


def test_family_adds_a_safe_place_and_bad_input_keeps_the_text(app, auth, world):
    client = auth.login("family")
    youth = world.people["youth"]
    bad = client.post(url(world, "/places/new"), data={
        "youth": str(youth.id), "description": "Bij de buurvrouw", "person": "0", "phone": "geen idee",
        "visibility": "network"})
    assert bad.status_code == 200
    assert say(app, NOT_A_PHONE) in page_text(bad)
    assert "Bij de buurvrouw" in bad.get_data(as_text=True)
    good = client.post(url(world, "/places/new"), data={
        "youth": str(youth.id), "description": "Bij de buurvrouw", "person": "0", "phone": "06 12345678",
        "visibility": "network"})
    assert good.status_code == 303
    saved = db.session.scalar(sa.select(SafePlace))
    assert (saved.youth_id, saved.description, saved.phone) == (youth.id, "Bij de buurvrouw", "+31612345678")
    # A safe place for someone who is not a child of this family is refused.
    other = client.post(url(world, "/places/new"), data={
        "youth": str(world.people["network"].id), "description": "Ergens", "person": "0", "visibility": "network"})
    assert other.status_code == 200 and db.session.scalar(sa.select(sa.func.count(SafePlace.id))) == 1


def test_who_tells_the_children_is_written_down_and_can_be_narrowed(app, auth, world):
    client = auth.login("family")
    empty = client.post(url(world, "/briefing"), data={"told_by": "", "why": "Omdat het moet", "visibility": "network"})
    assert empty.status_code == 200 and "Omdat het moet" in empty.get_data(as_text=True)
    assert client.post(url(world, "/briefing"), data={
        "told_by": "Moeder, samen met de mentor", "why": "Zodat ze weten wie ze kunnen bellen.",
        "visibility": "network"}).status_code == 303
    assert "Moeder, samen met de mentor" in page_text(auth.login("youth").get(url(world, "/now")))
    assert "Moeder, samen met de mentor" in page_text(auth.login("network").get(url(world, "")))

    assert client.post(url(world, "/briefing"), data={
        "told_by": "Moeder, samen met de mentor", "why": "Zodat ze weten wie ze kunnen bellen.",
        "visibility": "family_and_mentor"}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(ChildrenBriefing.id))) == 1
    assert "Moeder, samen met de mentor" not in page_text(auth.login("youth").get(url(world, "/now")))
    assert "Moeder, samen met de mentor" not in page_text(auth.login("network").get(url(world, "")))
    assert "Moeder, samen met de mentor" in page_text(auth.login("mentor").get(url(world, "")))


@pytest.mark.parametrize("role", ["network", "youth"])
def test_readers_cannot_change_the_safety_plan(app, auth, world, chains, role):
    client = auth.login(role)
    before = positions(chains["everyone"].id)
    for path in ("/situations/new", "/briefing", "/places/new"):
        assert client.post(url(world, path), data=situation_form(rows=[dict(name="112", phone="112",
                                                                              kind="emergency")])).status_code == 403
    first = chains["everyone"].links[0]
    assert client.post(url(world, f"/situations/{chains['everyone'].id}/links/{first.id}/move"),
                       data={"direction": "down"}).status_code == 403
    assert positions(chains["everyone"].id) == before
    assert db.session.scalar(sa.select(sa.func.count(SafetySituation.id))) == len(chains)


def test_the_summary_for_the_plan_hub_counts_only_what_the_member_sees(app, auth, world, chains):
    with app.test_request_context(), force_locale("en"):
        family = safety_summary(family_context(world.accounts["family"].id, world.family.id))
        network = safety_summary(family_context(world.accounts["network"].id, world.family.id))
    assert family.startswith("5 chains") and network.startswith("2 chains")


def test_a_chain_keeps_its_place_for_someone_who_left_the_network(app, auth, world):
    aunt = world.people["no_account"]
    situation = chain(world, "Als het misgaat", [link(aunt, phone="06 12345678"), EMERGENCY])
    db.session.delete(aunt)
    db.session.commit()
    assert [p for p, _ in positions(situation.id)] == [1, 2]
    text = page_text(auth.login("family").get(url(world, "")))
    assert say(app, "Someone who left the network") in text and "06 12345678" in text
