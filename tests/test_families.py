"""A family's space: made by a parent with the children, and the people around it added by name,
with or without an account."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Family, Person, Role
from tests.conftest import form_fields, page_text, translated
from tests.factories import UserFactory


@pytest.fixture()
def parent(app):
    """A logged-in user without a family yet."""
    user = UserFactory(name="Sandra de Vries")
    db.session.commit()
    return user, app.test_client().login_as(user)


def family_form(client, **typed) -> dict:
    return {**form_fields(client.get("/families/new"), containing="your_relation"), **typed}


def test_a_parent_makes_the_family_space_with_the_children(app, parent):
    user, client = parent
    response = client.post("/families/new", data=family_form(
        client, name="Familie De Vries", your_relation="moeder", has_parental_authority="y",
        **{"children-0-name": "Sam", "children-0-date_of_birth": "2011-04-02",
           "children-1-name": "Noor", "children-1-date_of_birth": "2017-09-12"}))

    family = db.session.scalars(sa.select(Family)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/families/{family.id}/people")
    people = {p.name: p for p in family.people}
    founder = people["Sandra de Vries"]
    assert (founder.user_id, founder.role, founder.relation, founder.has_parental_authority) == (
        user.id, Role.FAMILY, "moeder", True)
    assert [(p.role, str(p.date_of_birth), p.has_account) for p in (people["Sam"], people["Noor"])] == [
        (Role.YOUTH, "2011-04-02", False), (Role.YOUTH, "2017-09-12", False)]
    assert len(people) == 3, "empty child rows are skipped"
    assert client.get(f"/families/{family.id}/", follow_redirects=True).status_code == 200


@pytest.mark.parametrize("typed, message", [
    ({"name": ""}, "Please fill this in."),
    ({"children-0-name": "Sam", "children-0-date_of_birth": ""}, "Please fill in the date of birth."),
    ({"children-0-name": "Sam", "children-0-date_of_birth": "2 april"}, None),
])
def test_the_family_form_with_bad_input_keeps_what_was_typed(app, parent, typed, message):
    _, client = parent
    form = family_form(client, name="Familie De Vries", your_relation="moeder")
    response = client.post("/families/new", data={**form, **typed})

    assert response.status_code == 200
    if message:
        assert translated(message) in page_text(response)
    kept = form_fields(response, containing="your_relation")
    assert kept["your_relation"] == "moeder"
    for field, value in typed.items():
        assert kept[field] == value
    assert db.session.scalar(sa.select(Family)) is None


def test_someone_without_an_account_is_added_by_name(app, auth, world):
    client = auth.login("family")
    form = form_fields(client.get(f"/families/{world.family.id}/people/new"), containing="relation")

    response = client.post(f"/families/{world.family.id}/people/new", data={
        **form, "name": "Opa Henk", "relation": "opa", "role": "network", "phone": "06 11223344",
        "invite_how": "none"}, follow_redirects=True)

    assert translated("%(name)s has been added to the network.", name="Opa Henk") in page_text(response)
    henk = db.session.scalars(sa.select(Person).where(Person.name == "Opa Henk")).one()
    assert (henk.family_id, henk.role, henk.relation, henk.user_id) == (world.family.id, Role.NETWORK, "opa", None)
    people = page_text(client.get(f"/families/{world.family.id}/people"))
    assert "Opa Henk" in people and translated("No account") in people


@pytest.mark.parametrize("typed, message", [
    ({"name": ""}, "Please fill this in."),
    ({"role": "youth", "date_of_birth": ""}, "Please fill in the date of birth of the child."),
    ({"invite_how": "email", "email": ""}, "Fill in an e-mail address to send the invitation to."),
    ({"invite_how": "email", "email": "henk-at-example"}, "This does not look like an e-mail address. Please check it."),
])
def test_the_person_form_with_bad_input_keeps_what_was_typed(app, auth, world, typed, message):
    client = auth.login("family")  # a child is for a parent with authority to add
    form = form_fields(client.get(f"/families/{world.family.id}/people/new"), containing="relation")
    data = {**form, "name": "Henk", "relation": "buurman", "role": "network", "invite_how": "none", **typed}

    response = client.post(f"/families/{world.family.id}/people/new", data=data)

    assert response.status_code == 200
    assert translated(message) in page_text(response)
    kept = form_fields(response, containing="relation")
    assert (kept["name"], kept["relation"], kept["role"]) == (data["name"], "buurman", data["role"])
    assert db.session.scalar(sa.select(Person).where(Person.relation == "buurman")) is None


def test_a_mentor_is_linked_only_to_a_youth_of_the_same_family(app, auth, world):
    client = auth.login("family")
    form = form_fields(client.get(f"/families/{world.family.id}/people/new"), containing="relation")
    youth = world.people["youth_16"]

    client.post(f"/families/{world.family.id}/people/new", data={
        **form, "name": "Coach Ali", "relation": "voetbaltrainer", "role": "mentor", "mentor_for": str(youth.id),
        "invite_how": "none"})
    refused = client.post(f"/families/{world.family.id}/people/new", data={
        **form, "name": "Coach Bea", "relation": "trainer", "role": "mentor",
        "mentor_for": str(world.people["outsider"].id), "invite_how": "none"})

    ali = db.session.scalars(sa.select(Person).where(Person.name == "Coach Ali")).one()
    assert ali.mentor_for_id == youth.id
    assert refused.status_code == 200, "a person of another family is not a choice"
    assert db.session.scalar(sa.select(Person).where(Person.name == "Coach Bea")) is None


def test_one_account_can_keep_a_space_for_a_second_family(app, auth, world):
    """One person, several families, a role in each: the start page then lists them."""
    client = auth.login("network")
    client.post("/families/new", data=family_form(client, name="Familie Opa", your_relation="opa"))

    memberships = db.session.scalars(sa.select(Person).where(Person.user_id == world.accounts["network"].id)).all()
    assert sorted((m.family.name, m.role) for m in memberships) == [
        ("Familie Opa", Role.FAMILY), ("Familie Test", Role.NETWORK)]
    start = page_text(client.get("/"))
    assert "Familie Opa" in start and "Familie Test" in start
