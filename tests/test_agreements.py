"""Agreements: who reads and changes them, their tasks, whether everyone has said yes, and two
people editing the same agreement."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.agreements.models import Agreement
from portal.agreements.services import AgreementText, create_agreement, is_fully_accepted
from portal.extensions import db
from portal.parts.models import PlanPart, Visibility
from portal.plans.services import set_part_visibility
from portal.tasks.models import Task, TaskStatus
from tests.conftest import page_text, translated
from tests.factories import TaskFactory

NETWORK, NARROW = Visibility.NETWORK, Visibility.FAMILY_AND_MENTOR


def url(world, path: str = "") -> str:
    return f"/families/{world.family.id}/plan/agreements{path}"


def an_agreement(world, title="Opa brengt Noor op maandag", visibility=NETWORK, family=None,
                 description="Om kwart over acht") -> Agreement:
    family = family or world.family
    by = world.people["family"] if family is world.family else world.people["outsider"]
    agreement = create_agreement(family.id, AgreementText(title, description, visibility), by)
    db.session.commit()
    return agreement


def a_task(world, agreement, status=TaskStatus.OPEN, **extra) -> Task:
    task = TaskFactory(family=world.family, status=status, agreement_id=agreement.id, **extra)
    db.session.commit()
    return task


# ---- the rule: everyone has said yes --------------------------------------------------------

@pytest.mark.parametrize("statuses, accepted", [
    ([], False),                                            # nobody carries it out yet
    ([TaskStatus.ACCEPTED], True),
    ([TaskStatus.ACCEPTED, TaskStatus.DONE], True),
    ([TaskStatus.ACCEPTED, TaskStatus.OFFERED], False),
    ([TaskStatus.ACCEPTED, TaskStatus.OPEN], False),
    ([TaskStatus.DECLINED], False),
])
def test_an_agreement_is_accepted_when_it_has_tasks_and_all_are_taken_on_or_done(statuses, accepted):
    assert is_fully_accepted([Task(status=status) for status in statuses]) is accepted


def test_the_agreement_page_lists_its_tasks_who_does_them_and_when(auth, world):
    agreement = an_agreement(world)
    a_task(world, agreement, TaskStatus.ACCEPTED, title="Noor naar school brengen", assignee=world.people["network"])
    a_task(world, agreement, TaskStatus.OFFERED, title="Noor ophalen", offered_to=world.people["mentor"])
    TaskFactory(family=world.family, title="Een taak van iets anders")
    db.session.commit()
    page = page_text(auth.login("network").get(url(world, f"/{agreement.id}")))
    assert "Noor naar school brengen" in page and "Opa Test" in page
    assert "Noor ophalen" in page and "Mentor Test" in page
    assert "Een taak van iets anders" not in page
    assert translated("Everyone has said yes") not in page


def test_the_agreement_shows_when_everyone_has_said_yes(auth, world):
    agreement = an_agreement(world)
    client = auth.login("family")
    assert translated("No tasks yet: who carries this out?") in page_text(client.get(url(world, f"/{agreement.id}")))
    task = a_task(world, agreement, TaskStatus.OFFERED, offered_to=world.people["network"])
    assert translated("Everyone has said yes") not in page_text(client.get(url(world)))
    auth.login("network").post(f"/tasks/{task.id}/accept", data={})
    assert db.session.get(Task, task.id).status == TaskStatus.ACCEPTED
    assert translated("Everyone has said yes") in page_text(client.get(url(world)))
    assert translated("Everyone has said yes") in page_text(client.get(url(world, f"/{agreement.id}")))


# ---- who may read and change ----------------------------------------------------------------

@pytest.mark.parametrize("role", ["family", "mentor"])
def test_the_family_circle_makes_an_agreement(auth, world, role):
    client = auth.login(role)
    assert client.get(url(world, "/new")).status_code == 200
    response = client.post(url(world, "/new"), data={"title": "Ria heeft een sleutel", "description": "Voor nood",
                                                      "visibility": "network"})
    assert response.status_code == 303
    agreement = db.session.scalar(sa.select(Agreement))
    assert (agreement.title, agreement.created_by_id, agreement.visibility) == (
        "Ria heeft een sleutel", world.people[role].id, NETWORK)
    assert response.headers["Location"] == url(world, f"/{agreement.id}")


def test_network_members_read_agreements_but_do_not_change_them(auth, world):
    agreement = an_agreement(world, "Koken op woensdag")
    network = auth.login("network")
    assert "Koken op woensdag" in page_text(network.get(url(world)))
    assert network.get(url(world, f"/{agreement.id}")).status_code == 200
    assert network.get(url(world, f"/{agreement.id}/edit")).status_code == 403
    assert network.post(url(world, f"/{agreement.id}/edit"), data={"title": "Anders", "version": "1"}).status_code == 403
    assert network.post(url(world, "/new"), data={"title": "Nieuw"}).status_code == 403
    assert network.post(url(world, f"/{agreement.id}/remove"), data={}).status_code == 403
    db.session.refresh(agreement)
    assert agreement.title == "Koken op woensdag"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agreement)) == 1


@pytest.mark.parametrize("role", ["professional", "youth", "youth_16", "outsider"])
def test_professionals_youths_and_outsiders_do_not_see_or_change_agreements(auth, world, role):
    agreement = an_agreement(world, "Koken op woensdag")
    client = auth.login(role)
    for path in ("", f"/{agreement.id}", f"/{agreement.id}/edit", "/new"):
        assert client.get(url(world, path)).status_code == 404, path
    assert client.post(url(world, f"/{agreement.id}/edit"), data={"title": "Anders", "version": "1"}).status_code == 404
    db.session.refresh(agreement)
    assert agreement.title == "Koken op woensdag"


def test_a_narrowed_agreement_leaves_no_trace_for_the_network(auth, world):
    an_agreement(world, "Iedereen mag dit weten")
    secret = an_agreement(world, "Mee naar de huisarts", NARROW)
    network = auth.login("network")
    page = page_text(network.get(url(world)))
    assert "Iedereen mag dit weten" in page and "Mee naar de huisarts" not in page
    assert network.get(url(world, f"/{secret.id}")).status_code == 404
    hub = page_text(network.get(f"/families/{world.family.id}/plan"))
    assert translated("%(num)d agreement, %(accepted)d accepted by everyone", num=1, accepted=0) in hub
    family_page = page_text(auth.login("family").get(url(world)))
    assert "Mee naar de huisarts" in family_page
    assert translated("Only the family and the mentor see this") in family_page


def test_narrowing_the_agreements_part_hides_it_from_the_network(auth, world):
    agreement = an_agreement(world)
    set_part_visibility(world.family.id, PlanPart.AGREEMENTS, NARROW)
    db.session.commit()
    assert auth.login("network").get(url(world, f"/{agreement.id}")).status_code == 404
    assert auth.login("mentor").get(url(world, f"/{agreement.id}")).status_code == 200


def test_an_agreement_of_another_family_does_not_exist_here(auth, world):
    other = an_agreement(world, "Van een ander gezin", family=world.other_family)
    client = auth.login("family")
    assert client.get(url(world, f"/{other.id}")).status_code == 404
    assert client.post(url(world, f"/{other.id}/edit"), data={"title": "x", "version": "1"}).status_code == 404


# ---- editing: two people at once, and bad input ---------------------------------------------

def test_two_people_editing_the_same_agreement_the_second_save_is_refused_and_nothing_is_lost(auth, world):
    agreement = an_agreement(world, "Opa brengt Noor op maandag")
    family, mentor = auth.login("family"), auth.login("mentor")
    # Both open the form on version 1.
    assert 'name="version" value="1"' in family.get(url(world, f"/{agreement.id}/edit")).get_data(as_text=True)
    assert 'name="version" value="1"' in mentor.get(url(world, f"/{agreement.id}/edit")).get_data(as_text=True)

    first = family.post(url(world, f"/{agreement.id}/edit"), data={
        "title": "Opa brengt Noor op maandag en woensdag", "description": "Om kwart over acht",
        "visibility": "network", "version": "1"})
    assert first.status_code == 303

    second = mentor.post(url(world, f"/{agreement.id}/edit"), data={
        "title": "Opa brengt Noor op maandag", "description": "Mentor: opa fietst met haar mee",
        "visibility": "network", "version": "1"})

    assert second.status_code == 409
    page = page_text(second)
    assert translated("Someone else changed this agreement while you were editing it. Below is the "
                      "agreement as it is now; your own text is still in the form.") in page
    assert "Opa brengt Noor op maandag en woensdag" in page     # the other person's change is shown
    assert "Mentor: opa fietst met haar mee" in page             # and what the mentor typed is kept
    assert "Moeder Test" in page                                 # who made the change
    db.session.refresh(agreement)
    assert (agreement.title, agreement.version) == ("Opa brengt Noor op maandag en woensdag", 2)

    # The mentor reads it, and saves again on the version now shown: this save goes through.
    assert 'name="version" value="2"' in second.get_data(as_text=True)
    again = mentor.post(url(world, f"/{agreement.id}/edit"), data={
        "title": "Opa brengt Noor op maandag en woensdag", "description": "Mentor: opa fietst met haar mee",
        "visibility": "network", "version": "2"})
    assert again.status_code == 303
    db.session.refresh(agreement)
    assert (agreement.description, agreement.version, agreement.updated_by_id) == (
        "Mentor: opa fietst met haar mee", 3, world.people["mentor"].id)


@pytest.mark.parametrize("data", [
    {"title": "", "description": "Dit blijft staan"},
    {"title": "x" * 161, "description": "Dit blijft staan"},
    {"title": "Goede titel", "description": "Dit blijft staan", "visibility": "everyone"},
])
def test_bad_agreement_input_is_refused_and_the_text_kept(auth, world, data):
    response = auth.login("family").post(url(world, "/new"), data=data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert "Dit blijft staan" in page_text(response)
    assert db.session.scalar(sa.select(Agreement)) is None


def test_removing_an_agreement_asks_first_and_keeps_its_tasks(auth, world):
    agreement = an_agreement(world, "Weg ermee")
    task = a_task(world, agreement, TaskStatus.ACCEPTED, assignee=world.people["network"])
    client = auth.login("family")
    assert "Weg ermee" in page_text(client.get(url(world, f"/{agreement.id}/remove")))
    assert db.session.get(Agreement, agreement.id) is not None
    assert client.post(url(world, f"/{agreement.id}/remove"), data={}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Agreement, agreement.id) is None
    assert db.session.get(Task, task.id).agreement_id is None


# ---- tasks that carry out an agreement ------------------------------------------------------

def test_a_task_is_made_from_the_agreement_page(auth, world):
    agreement = an_agreement(world, "Noor na school opvangen")
    client = auth.login("family")
    detail = client.get(url(world, f"/{agreement.id}")).get_data(as_text=True)
    new_task_url = f"/families/{world.family.id}/tasks/new?agreement_id={agreement.id}"
    assert new_task_url in detail.replace("&amp;", "&")
    form = client.get(new_task_url).get_data(as_text=True)
    assert f'<option selected value="{agreement.id}">' in form
    response = client.post(f"/families/{world.family.id}/tasks/new", data={
        "title": "Noor op dinsdag opvangen", "category": "childcare", "rhythm": "once",
        "offered_to": str(world.people["network"].id), "agreement_id": str(agreement.id)})
    assert response.status_code == 302
    task = db.session.scalar(sa.select(Task))
    assert task.agreement_id == agreement.id and task.agreement.title == "Noor na school opvangen"
    assert "Noor op dinsdag opvangen" in page_text(client.get(url(world, f"/{agreement.id}")))


def test_editing_a_task_keeps_or_changes_its_agreement(auth, world):
    first, second = an_agreement(world, "Eerste"), an_agreement(world, "Tweede")
    task = a_task(world, first, TaskStatus.OPEN, title="Boodschappen")
    client = auth.login("mentor")
    form = client.get(f"/tasks/{task.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{first.id}">' in form
    base = {"title": "Boodschappen", "category": "practical", "rhythm": "once", "offered_to": "0", "version": "1"}
    # A form without the field (an older page) keeps the link.
    client.post(f"/tasks/{task.id}/edit", data=base)
    db.session.refresh(task)
    assert task.agreement_id == first.id
    client.post(f"/tasks/{task.id}/edit", data={**base, "version": str(task.version), "agreement_id": str(second.id)})
    db.session.refresh(task)
    assert task.agreement_id == second.id
    client.post(f"/tasks/{task.id}/edit", data={**base, "version": str(task.version), "agreement_id": "0"})
    db.session.refresh(task)
    assert task.agreement_id is None


@pytest.mark.parametrize("bad_choice", ["other_family", "abc"])
def test_a_task_cannot_join_an_agreement_it_may_not_see(auth, world, bad_choice):
    other = an_agreement(world, "Van een ander gezin", family=world.other_family)
    value = str(other.id) if bad_choice == "other_family" else "abc"
    response = auth.login("family").post(f"/families/{world.family.id}/tasks/new", data={
        "title": "Iets", "category": "practical", "rhythm": "once", "offered_to": "0", "agreement_id": value})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Task)) is None
