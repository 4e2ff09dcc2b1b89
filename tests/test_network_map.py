"""The network map: editing a person (within the role-granting rules, account holders keeping their own
name and contact details, versioned saves), family ties in plain words, the private notes, the person's
page with where they appear in the plan, the sociogram's questions and circles, and the pictures."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa

from portal.consent.models import ConsentLevel
from portal.extensions import db, utcnow
from portal.families.models import Distance, Person, Role, Shape
from portal.network.forms import year_from_age_or_year
from portal.network.models import CircleQuestion, FamilyTie, Placement, Sociogram, TieKind
from portal.network.services import add_sociogram, add_tie, place_people
from portal.parts.models import PlanPart, Visibility
from portal.relapse.services import AlarmDetails, save_alarm_pair
from portal.safety.models import LinkKind
from portal.safety.services import LinkDetails, SituationDetails, create_situation
from portal.tasks.models import TaskAction
from portal.tasks.services import act
from tests.conftest import form_fields, page_text, translated
from tests.consents import consent_in_force
from tests.factories import PersonFactory, TaskFactory

SVG = "{http://www.w3.org/2000/svg}"


def url(world, path: str = "") -> str:
    return f"/families/{world.family.id}/map{path}"


def edit_url(world, person: Person) -> str:
    return url(world, f"/people/{person.id}/edit")


def fresh(person: Person) -> Person:
    db.session.expire_all()
    return db.session.get(Person, person.id)


# ---- people --------------------------------------------------------------------------------------

def test_the_family_corrects_someone_without_an_account(app, auth, world):
    aunt = world.people["no_account"]
    client = auth.login("family")
    fields = form_fields(client.get(edit_url(world, aunt)), "relation")
    fields.update(name="Tante Els", relation="tante, zus van mama", age_or_year="67", gender="vrouw",
                  shape="circle", lives="far", phone="06 1234 5678", email="Els@Example.org",
                  private_notes="Ruzie met mama sinds de verhuizing")

    response = client.post(edit_url(world, aunt), data=fields)

    assert response.status_code == 303
    saved = fresh(aunt)
    assert (saved.name, saved.relation, saved.gender, saved.shape, saved.lives) == (
        "Tante Els", "tante, zus van mama", "vrouw", Shape.CIRCLE, Distance.FAR)
    assert saved.birth_year == utcnow().year - 67
    assert saved.phone == "+31612345678" and saved.email == "els@example.org"
    assert saved.private_notes == "Ruzie met mama sinds de verhuizing"
    assert saved.version == 1


@pytest.mark.parametrize("typed, year", [("1958", 1958), ("67", 2026 - 67), ("0", 2026), ("", None)])
def test_a_year_or_an_age_gives_a_year_of_birth(typed, year):
    assert year_from_age_or_year(typed, 2026) == year


@pytest.mark.parametrize("typed", ["1850", "abc", "٣٣", "500", "-3", "12345"])
def test_anything_else_is_no_year(typed):
    with pytest.raises(ValueError):
        year_from_age_or_year(typed, 2026)


def test_bad_input_keeps_what_was_typed_and_says_why(app, auth, world):
    aunt = world.people["no_account"]
    client = auth.login("family")
    fields = form_fields(client.get(edit_url(world, aunt)), "relation")
    fields.update(relation="", age_or_year="ergens rond 60", phone="bel me maar")

    response = client.post(edit_url(world, aunt), data=fields)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="ergens rond 60"' in html and 'value="bel me maar"' in html
    assert translated("Please type a year of birth (like 1958) or an age (like 67).") in page_text(response)
    assert fresh(aunt).version == 0


def test_someone_with_an_account_keeps_their_name_and_contact_details(app, auth, world):
    opa = world.people["network"]
    client = auth.login("family")
    page = client.get(edit_url(world, opa))
    fields = form_fields(page, "relation")
    assert "name" not in fields and "phone" not in fields and "email" not in fields

    fields.update(relation="opa van moederskant", name="Iemand Anders", phone="0612345678", email="x@example.org")
    assert client.post(edit_url(world, opa), data=fields).status_code == 303

    saved = fresh(opa)
    assert saved.relation == "opa van moederskant"
    assert saved.name == "Opa Test" and saved.phone is None and saved.email == world.accounts["network"].email


def test_of_two_people_editing_the_second_is_told_with_409(app, auth, world):
    aunt = world.people["no_account"]
    first, second = auth.login("family"), auth.login("mentor")
    first_fields = form_fields(first.get(edit_url(world, aunt)), "relation")
    second_fields = form_fields(second.get(edit_url(world, aunt)), "relation")

    first_fields["relation"] = "tante (van papa)"
    assert first.post(edit_url(world, aunt), data=first_fields).status_code == 303
    second_fields["relation"] = "tante die ver weg woont"
    response = second.post(edit_url(world, aunt), data=second_fields)

    assert response.status_code == 409
    assert "tante die ver weg woont" in response.get_data(as_text=True)   # their own text stays
    assert "tante (van papa)" in page_text(response)                       # and what is saved now shows
    assert fresh(aunt).relation == "tante (van papa)"


@pytest.mark.parametrize("role, target, status", [
    ("mentor", "no_account", 200),   # a mentor adds network members, so edits them
    ("mentor", "family", 403),       # but not the family
    ("mentor", "youth", 403),
    ("family", "youth", 200),
    ("family", "mentor", 200),
    ("network", "no_account", 403),
])
def test_who_may_edit_whom_follows_the_granting_rules(app, auth, world, role, target, status):
    assert auth.login(role).get(edit_url(world, world.people[target])).status_code == status


def test_private_notes_are_for_the_family_and_the_mentor(app, auth, world):
    aunt = world.people["no_account"]
    aunt.private_notes = "Contact verbroken na ruzie"
    consent_in_force(world.people["professional"], {PlanPart.NETWORK_MAP}, world.accounts["family"],
                     level=ConsentLevel.COMMENT)
    db.session.commit()
    page = url(world, f"/people/{aunt.id}")

    for role in ("family", "mentor"):
        assert "Contact verbroken na ruzie" in page_text(auth.login(role).get(page))
    for role in ("network", "youth", "professional"):
        response = auth.login(role).get(page)
        assert response.status_code == 200, role
        assert "Contact verbroken" not in response.get_data(as_text=True), role
    # The mentor's form has the notes; a mentor's edit of someone keeps them.
    assert "private_notes" in form_fields(auth.login("mentor").get(edit_url(world, aunt)), "relation")


def test_a_professional_without_consent_for_the_map_does_not_see_it(app, auth, world):
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    db.session.commit()
    client = auth.login("professional")
    for path in ("", "/family-tree", "/circles", f"/people/{world.people['no_account'].id}"):
        assert client.get(url(world, path)).status_code == 404


def test_a_person_from_another_family_is_not_found(app, auth, world):
    other = world.people["outsider"]
    client = auth.login("family")
    assert client.get(url(world, f"/people/{other.id}")).status_code == 404
    assert client.get(edit_url(world, other)).status_code == 404
    assert client.get(url(world, "/people/99999999999999999999")).status_code == 404


# ---- the person's page ---------------------------------------------------------------------------

def test_the_person_page_says_where_they_appear_in_the_plan(app, auth, world):
    opa, youth, mentor = world.people["network"], world.people["youth"], world.people["mentor"]
    task = TaskFactory(family=world.family, title="Noor naar zwemles brengen")
    act(task, TaskAction.ACCEPTED, opa, world.accounts["network"])
    create_situation(world.family, SituationDetails("Als mama niet thuiskomt", None, Visibility.NETWORK, [
        LinkDetails(opa, "", "06 12345678", "", LinkKind.NETWORK),
        LinkDetails(None, "Veilig Thuis", "0800-2000", "", LinkKind.PROFESSIONAL)]))
    save_alarm_pair(world.family, AlarmDetails(opa, mentor, "", Visibility.NETWORK))
    add_tie(world.family, opa, TieKind.PARENT, world.people["family"])
    place_people(add_sociogram(world.family, CircleQuestion.MAY_HELP), {opa.id: 1})
    db.session.commit()

    text = page_text(auth.login("family").get(url(world, f"/people/{opa.id}")))

    assert "Noor naar zwemles brengen" in text
    assert translated("Called in: %(title)s", title="Als mama niet thuiskomt") in text
    assert translated("%(raiser)s may raise the alarm with %(contact)s", raiser=opa.name, contact=mentor.name) in text
    assert translated("%(person)s is %(tie)s %(other)s", person=opa.name, tie=translated("a parent of"),
                      other=world.people["family"].name) in text
    assert translated("May surely help") in text
    # A youth sees the map, but of the tasks only their own (the scopes of the plan decide).
    youth_text = page_text(auth.login("youth").get(url(world, f"/people/{opa.id}")))
    assert opa.name in youth_text and "zwemles" not in youth_text
    # A network member sees no notes and no "change" link for someone else.
    network_html = auth.login("network").get(url(world, f"/people/{world.people['mentor'].id}")).get_data(as_text=True)
    assert "/edit" not in network_html
    assert youth.role == Role.YOUTH


def test_from_the_map_the_family_invites_and_offers_a_task(app, auth, world):
    aunt = world.people["no_account"]
    client = auth.login("family")
    html = client.get(url(world, f"/people/{aunt.id}")).get_data(as_text=True)

    assert f"/families/{world.family.id}/people/{aunt.id}/invite" in html
    offer = f"/families/{world.family.id}/tasks/new?offered_to={aunt.id}"
    assert offer in html
    task_form = client.get(offer).get_data(as_text=True)
    assert f'<option selected value="{aunt.id}">' in task_form


def test_nobody_invites_or_offers_a_task_to_someone_who_died(app, auth, world):
    aunt = world.people["no_account"]
    aunt.deceased = True
    db.session.commit()
    html = auth.login("family").get(url(world, f"/people/{aunt.id}")).get_data(as_text=True)
    assert "/invite" not in html and "offered_to=" not in html


# ---- family ties ---------------------------------------------------------------------------------

def test_a_tie_in_plain_words(app, auth, world):
    opa, mother = world.people["network"], world.people["family"]
    client = auth.login("family")
    fields = form_fields(client.get(url(world, "/ties/new")), "kind")
    fields.update(person=str(opa.id), kind="parent", other=str(mother.id))

    assert client.post(url(world, "/ties/new"), data=fields).status_code == 303

    tie = db.session.scalar(sa.select(FamilyTie))
    assert (tie.person_id, tie.kind, tie.other_id) == (opa.id, TieKind.PARENT, mother.id)
    sentence = translated("%(person)s is %(tie)s %(other)s", person=opa.name, tie=translated("a parent of"),
                          other=mother.name)
    assert sentence in page_text(client.get(url(world)))


def test_a_tie_both_ways_is_stored_once_and_never_with_oneself(app, auth, world):
    mother, aunt = world.people["family"], world.people["no_account"]
    add_tie(world.family, mother, TieKind.SIBLING, aunt)
    db.session.commit()
    client = auth.login("family")

    again = client.post(url(world, "/ties/new"), data=dict(person=aunt.id, kind="sibling", other=mother.id))
    oneself = client.post(url(world, "/ties/new"), data=dict(person=aunt.id, kind="partner", other=aunt.id))

    assert again.status_code == 422
    assert translated("This is already on the map.") in page_text(again)
    assert oneself.status_code == 200 and translated("Choose two different people.") in page_text(oneself)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FamilyTie)) == 1


def test_a_tie_cannot_name_someone_of_another_family(app, auth, world):
    client = auth.login("family")
    response = client.post(url(world, "/ties/new"), data=dict(
        person=world.people["family"].id, kind="parent", other=world.people["outsider"].id))
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FamilyTie)) == 0


def test_removing_a_tie(app, auth, world):
    tie = add_tie(world.family, world.people["family"], TieKind.PARENT, world.people["youth"])
    db.session.commit()
    client = auth.login("mentor")
    assert client.post(url(world, f"/ties/{tie.id}/remove"), data={}).status_code == 303
    assert db.session.scalar(sa.select(FamilyTie)) is None


# ---- the sociogram -------------------------------------------------------------------------------

def test_the_family_chooses_a_question_and_places_people(app, auth, world):
    opa, aunt = world.people["network"], world.people["no_account"]
    client = auth.login("family")
    fields = form_fields(client.get(url(world, "/circles/new")), "form_token")
    fields["question"] = "may_help"
    response = client.post(url(world, "/circles/new"), data=fields)
    assert response.status_code == 303
    sociogram = db.session.scalar(sa.select(Sociogram))
    assert sociogram.question == CircleQuestion.MAY_HELP

    place = url(world, f"/circles/{sociogram.id}/place")
    fields = form_fields(client.get(place), f"person-{opa.id}")
    assert fields[f"person-{opa.id}"] == "0"  # nobody placed yet
    fields.update({f"person-{opa.id}": "1", f"person-{aunt.id}": "3"})
    assert client.post(place, data=fields).status_code == 303

    assert dict(db.session.execute(sa.select(Placement.person_id, Placement.circle)).all()) == {opa.id: 1, aunt.id: 3}
    fields[f"person-{aunt.id}"] = "0"   # left out again
    client.post(place, data=fields)
    assert dict(db.session.execute(sa.select(Placement.person_id, Placement.circle)).all()) == {opa.id: 1}


def test_a_circle_that_does_not_exist_is_refused(app, auth, world):
    sociogram = add_sociogram(world.family, CircleQuestion.IMPORTANT)
    db.session.commit()
    client = auth.login("family")
    place = url(world, f"/circles/{sociogram.id}/place")
    fields = form_fields(client.get(place), f"person-{world.people['network'].id}")
    fields[f"person-{world.people['network'].id}"] = "7"

    response = client.post(place, data=fields)

    assert response.status_code == 200
    assert db.session.scalar(sa.select(Placement)) is None


def test_each_question_keeps_its_own_circles_and_two_show_side_by_side(app, auth, world):
    opa = world.people["network"]
    important = add_sociogram(world.family, CircleQuestion.IMPORTANT)
    knows = add_sociogram(world.family, CircleQuestion.KNOWS_US)
    place_people(important, {opa.id: 1})
    place_people(knows, {opa.id: 3})
    db.session.commit()

    response = auth.login("network").get(url(world, f"/circles?left={important.id}&right={knows.id}"))

    text = page_text(response)
    assert translated("Who is important to us?") in text and translated("Who knows most about us?") in text
    assert f"{translated('Very important')} {opa.name}" in text
    assert f"{translated('Knows very little')} {opa.name}" in text
    html = response.get_data(as_text=True)
    assert html.count("<svg") == 2
    for svg in html.split("<svg")[1:]:
        ET.fromstring("<svg" + svg.split("</svg>")[0] + "</svg>")


def test_the_three_questions_are_offered_once_each(app, auth, world):
    for question in CircleQuestion:
        add_sociogram(world.family, question)
    db.session.commit()
    response = auth.login("family").get(url(world, "/circles/new"))
    assert response.status_code == 303


# ---- the pictures --------------------------------------------------------------------------------

def test_the_family_tree_is_drawn_and_listed(app, auth, world):
    mother, youth, opa = world.people["family"], world.people["youth"], world.people["network"]
    add_tie(world.family, opa, TieKind.PARENT, mother)
    add_tie(world.family, mother, TieKind.PARENT, youth)
    great = PersonFactory(family=world.family, name="Overgrootvader Hendrik", deceased=True, shape=Shape.SQUARE)
    add_tie(world.family, great, TieKind.PARENT, opa)
    db.session.commit()

    response = auth.login("youth").get(url(world, "/family-tree"))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    svg = ET.fromstring(html[html.index("<svg"):html.index("</svg>") + 6])
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    drawn = {int(g.get("data-person")) for g in svg.iter(f"{SVG}g") if g.get("data-person")}
    assert {mother.id, youth.id, opa.id, great.id} <= drawn
    assert world.people["professional"].id not in drawn
    table = html[html.index("<table"):]
    for person in (mother, youth, opa, great):
        assert person.name in table
    assert len([line for line in svg.iter(f"{SVG}line") if line.get("class") == "cross"]) == 2


def test_markup_in_names_is_text_in_the_pictures(app, auth, world):
    aunt = world.people["no_account"]
    aunt.name = '<script>alert("x")</script> & Co'
    add_tie(world.family, world.people["family"], TieKind.SIBLING, aunt)
    place_people(add_sociogram(world.family, CircleQuestion.IMPORTANT), {aunt.id: 2})
    db.session.commit()
    client = auth.login("family")
    for path in ("/family-tree", "/circles", ""):
        html = client.get(url(world, path)).get_data(as_text=True)
        assert "<script>alert" not in html


def test_the_demo_family_has_its_map(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    people = {p.name: p for p in db.session.scalars(sa.select(Person))}
    assert people["Hendrik de Vries"].deceased
    assert people["Miriam Kaya"].lives == Distance.FAR
    ties = db.session.scalars(sa.select(FamilyTie)).all()
    assert any(t.kind == TieKind.SEPARATED for t in ties)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sociogram)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) >= 10
    from portal.network.queries import map_person
    from portal.network.layout import layout_genogram, MapTie
    from datetime import date
    family_people = [p for p in people.values() if p.role != Role.PROFESSIONAL]
    layout = layout_genogram([map_person(p, date.today()) for p in family_people],
                             [MapTie(t.person_id, t.other_id, t.kind) for t in ties])
    by_name = {s.person.name: s.generation for s in layout.symbols}
    assert [by_name[name] for name in ("Hendrik de Vries", "Kees de Vries", "Sandra de Vries", "Sam")] == [0, 1, 2, 3]
    assert by_name["Mark Bos"] == by_name["Miriam Kaya"] == 2


def test_someone_who_died_is_offered_no_task(app, auth, world):
    aunt = world.people["no_account"]
    aunt.deceased = True
    db.session.commit()
    form = auth.login("family").get(f"/families/{world.family.id}/tasks/new").get_data(as_text=True)
    assert f'value="{aunt.id}"' not in form and f'value="{world.people["network"].id}"' in form


def test_ties_of_someone_who_left_leave_the_map(app, auth, world):
    aunt = world.people["no_account"]
    add_tie(world.family, world.people["family"], TieKind.SIBLING, aunt)
    aunt.left_at = utcnow()
    db.session.commit()
    client = auth.login("family")
    for path in ("", "/family-tree"):
        assert aunt.name not in page_text(client.get(url(world, path)))


def test_the_family_itself_stands_in_the_middle_of_the_circles(app, auth, world):
    sociogram = add_sociogram(world.family, CircleQuestion.IMPORTANT)
    db.session.commit()
    fields = form_fields(auth.login("family").get(url(world, f"/circles/{sociogram.id}/place")),
                         f"person-{world.people['network'].id}")
    assert f"person-{world.people['mentor'].id}" in fields
    for role in ("family", "youth", "professional"):
        assert f"person-{world.people[role].id}" not in fields


def test_what_the_map_says_of_someone_is_in_their_own_data_but_not_the_notes(app, auth, world):
    opa = world.people["network"]
    opa.birth_year, opa.gender, opa.lives = 1953, "man", Distance.ABROAD
    opa.private_notes = "Drinkt soms te veel"
    db.session.commit()

    text = page_text(auth.login("network").get("/account/data"))
    data = auth.login("network").get("/account/data.json").get_data(as_text=True)

    assert "1953" in text and translated("Abroad") in text
    assert "1953" in data and "Drinkt" not in text and "Drinkt" not in data


def test_how_someone_takes_part_shows_to_who_reads_the_needs(app, auth, world):
    from portal.needs.models import Participation, TakingPart
    opa = world.people["network"]
    db.session.add(Participation(person_id=opa.id, way=TakingPart.THINK_ALONG))
    consent_in_force(world.people["professional"], {PlanPart.NETWORK_MAP}, world.accounts["family"])
    db.session.commit()
    page = url(world, f"/people/{opa.id}")

    assert translated("Think along") in page_text(auth.login("family").get(page))
    assert translated("How they take part") not in page_text(auth.login("professional").get(page))


def test_the_plan_hub_leads_to_the_map_and_counts_its_people(app, auth, world):
    response = auth.login("family").get(f"/families/{world.family.id}/plan")
    html = response.get_data(as_text=True)
    on_map = db.session.scalar(sa.select(sa.func.count()).select_from(Person).where(
        Person.family_id == world.family.id, Person.role != Role.PROFESSIONAL))
    assert f'href="{url(world)}"' in html
    assert f"{on_map} mensen op de kaart" in page_text(response)  # Dutch first
