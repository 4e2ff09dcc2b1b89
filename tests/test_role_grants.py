"""Who may grant which role, through the pages: the person form offers only what the user may give,
a POST sent past the form is refused (403, logged), invitations and removals follow the same table,
and adding a child says which permissions now wait, and why."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from babel.lists import format_list
from flask import url_for

from portal.audit.models import AccessLogEntry, AuditResult
from portal.consent.models import Consent
from portal.consent.services import consent_state
from portal.consent.grants import family_people
from portal.extensions import db
from portal.families.models import Person, Role
from portal.parts.models import PlanPart
from tests.consents import consent_in_force
from tests.conftest import form_fields, page_text, translated
from tests.factories import PersonFactory, born_years_ago, member


def people_url(world, *rest: str) -> str:
    return "/".join([f"/families/{world.family.id}/people", *rest])


def add(client, world, **typed):
    form = form_fields(client.get(people_url(world, "new")), containing="relation")
    return client.post(people_url(world, "new"), data={
        **form, "name": "Tweede Account", "relation": "buurman", "invite_how": "none", **typed})


def added(name: str = "Tweede Account") -> Person | None:
    return db.session.scalar(sa.select(Person).where(Person.name == name))


def test_the_mentor_is_offered_network_members_only(auth, world):
    page = auth.login("mentor").get(people_url(world, "new"))
    form = page.get_data(as_text=True)
    assert 'value="network"' in form
    for role in ("family", "youth", "mentor", "professional"):
        assert f'value="{role}"' not in form
    assert 'name="has_parental_authority"' not in form and 'name="mentor_for"' not in form


def test_a_mentor_cannot_make_a_second_account_family(auth, world):
    """The issue's attack: a POST past the form, with the family role and parental authority."""
    response = add(auth.login("mentor"), world, role="family", has_parental_authority="y",
                   email="mentor2@example.org")

    assert response.status_code == 403
    assert added() is None
    db.session.expire_all()
    [row] = db.session.scalars(sa.select(AccessLogEntry).where(AccessLogEntry.result == AuditResult.DENIED)).all()
    assert (row.role, row.user_id) == ("mentor", world.accounts["mentor"].id)


def test_a_mentor_cannot_add_anyone_above_the_network(auth, world):
    client = auth.login("mentor")
    for role in ("youth", "mentor", "professional"):
        assert add(client, world, role=role, date_of_birth="2012-01-01").status_code == 403, role
    assert added() is None
    assert add(client, world, role="network").status_code == 302
    assert added().role == Role.NETWORK


def test_a_parent_with_authority_adds_a_second_parent_with_authority(auth, world):
    response = add(auth.login("family"), world, name="Vader Test", relation="vader", role="family",
                   has_parental_authority="y")
    assert response.status_code == 302
    father = added("Vader Test")
    assert (father.role, father.has_parental_authority) == (Role.FAMILY, True)


def test_a_carer_without_authority_adds_helpers_and_children_but_no_family(app, auth, world):
    carer, account = member(world.family, Role.FAMILY, "Pleegvader Test", relation="pleegvader")
    db.session.commit()
    client = app.test_client().login_as(account)
    assert add(client, world, role="family").status_code == 403
    assert add(client, world, name="Kind Nieuw", role="youth", date_of_birth="2018-05-01").status_code == 302
    assert added("Kind Nieuw").role == Role.YOUTH


def test_a_mentor_cannot_invite_a_parent_without_an_account(auth, world):
    """An invitation hands over the person's role: a mentor inviting the father (no account yet)
    would get the family role for whoever opens the link."""
    father = PersonFactory(family=world.family, name="Vader Zonder Account", role=Role.FAMILY,
                           has_parental_authority=True)
    db.session.commit()
    client = auth.login("mentor")
    assert client.get(people_url(world, str(father.id), "invite")).status_code == 403
    assert client.post(people_url(world, str(father.id), "invite"), data={"invite_how": "link"}).status_code == 403
    people = client.get(people_url(world)).get_data(as_text=True)
    assert people_url(world, str(father.id), "invite") not in people
    assert people_url(world, str(world.people["no_account"].id), "invite") in people


def test_a_mentor_takes_only_network_members_out_of_the_network(auth, world):
    client = auth.login("mentor")
    for key in ("youth", "professional", "family"):
        person = world.people[key]
        assert client.post(people_url(world, str(person.id), "remove"), data={}).status_code == 403, key
        db.session.refresh(person)
        assert not person.has_left


def test_a_carer_without_authority_cannot_take_the_mother_out(app, world):
    carer, account = member(world.family, Role.FAMILY, "Pleegvader Test", relation="pleegvader")
    db.session.commit()
    client = app.test_client().login_as(account)
    mother = world.people["family"]
    assert client.post(people_url(world, str(mother.id), "remove"), data={}).status_code == 403
    db.session.refresh(mother)
    assert not mother.has_left


# Adding a child and the permissions ----------------------------------------------------------------

def _agreements_open_to_the_professional(app, auth, world) -> bool:
    with app.test_request_context():
        page = url_for("agreements.index", family_id=world.family.id)
    return auth.login("professional").get(page).status_code == 200


def test_a_child_under_12_leaves_the_permissions_the_parents_gave_in_force(app, auth, world):
    """The age rule: for a child under 12 the parents with authority decide, and they already agreed."""
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])

    response = add(auth.login("family"), world, name="Kind Vijf", relation="dochter", role="youth",
                   date_of_birth=born_years_ago(date.today(), 5).isoformat())

    assert response.status_code == 302
    assert _agreements_open_to_the_professional(app, auth, world)


def test_adding_a_child_from_12_pauses_permissions_and_says_why(app, auth, world):
    consent = consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    client = auth.login("family")
    form = form_fields(client.get(people_url(world, "new")), containing="relation")

    response = client.post(people_url(world, "new"), follow_redirects=True, data={
        **form, "name": "Kim Dertien", "relation": "dochter", "role": "youth", "invite_how": "none",
        "date_of_birth": born_years_ago(date.today(), 13).isoformat()})

    waiting = consent_state(db.session.get(Consent, consent.id), family_people(world.family.id), date.today()).waiting_for
    assert "Kim Dertien" in [p.name for p in waiting]
    notice = translated(
        "Who must agree to a permission depends on the ages of the children. Because %(child)s is now in the "
        "plan, the permissions for %(professionals)s are on hold until %(names)s have agreed again. "
        "You see this on the page \"Who may see what\".", child="Kim Dertien", professionals="Wijkteam Test",
        names=format_list([p.name for p in waiting], locale="nl"))
    assert notice in page_text(response)
    assert not _agreements_open_to_the_professional(app, auth, world)
    with app.test_request_context():
        consent_page = client.get(url_for("consent.index", family_id=world.family.id))
    assert translated("%(name)s was added to the plan", name="Kim Dertien") in page_text(consent_page)
