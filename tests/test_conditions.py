"""Conditions: professionals add them, the family circle and professionals comment, the family
links agreements, and each condition shows whether it is met."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.agreements.models import Agreement
from portal.agreements.services import AgreementProgress, AgreementText, create_agreement
from portal.conditions.models import Condition, ConditionComment
from portal.conditions.services import add_condition, condition_is_met, link_agreement
from portal.extensions import db
from portal.parts.models import PlanPart, Visibility
from portal.plans.services import set_part_visibility
from portal.tasks.models import Task, TaskStatus
from tests.conftest import page_text, translated
from tests.factories import TaskFactory

NETWORK, NARROW = Visibility.NETWORK, Visibility.FAMILY_AND_MENTOR


def url(world, path: str = "") -> str:
    return f"/families/{world.family.id}/plan/conditions{path}"


def a_condition(world, text="Twee dagen per week opvang voor Noor", visibility=NETWORK) -> Condition:
    condition = add_condition(world.family.id, text, world.people["professional"])
    condition.visibility = visibility
    db.session.commit()
    return condition


def an_agreement(world, title="Opa vangt Noor op", visibility=NETWORK, *task_statuses, family=None) -> Agreement:
    family = family or world.family
    agreement = create_agreement(family.id, AgreementText(title, "", visibility), world.people["family"])
    for status in task_statuses:
        TaskFactory(family=family, status=status, agreement_id=agreement.id)
    db.session.commit()
    return agreement


def shows_met(response) -> bool:
    """Whether the page shows a condition as met (by its badge: "Met" alone is too common a word)."""
    return 'class="badge badge-met"' in response.get_data(as_text=True)


def linked(world, condition, agreement) -> None:
    link_agreement(condition, agreement)
    db.session.commit()


# ---- the rule: met / not yet met ------------------------------------------------------------

def progress(*task_statuses) -> AgreementProgress:
    return AgreementProgress(Agreement(title="x"), [Task(status=s) for s in task_statuses])


@pytest.mark.parametrize("agreements, met", [
    ([], False),                                                           # nothing linked yet
    ([progress()], False),                                                 # an agreement nobody carries out
    ([progress(TaskStatus.ACCEPTED)], True),
    ([progress(TaskStatus.ACCEPTED), progress(TaskStatus.DONE, TaskStatus.ACCEPTED)], True),
    ([progress(TaskStatus.ACCEPTED), progress(TaskStatus.OFFERED)], False),
    ([progress(TaskStatus.DECLINED)], False),
])
def test_a_condition_is_met_when_it_has_agreements_and_all_are_fully_accepted(agreements, met):
    assert condition_is_met(agreements) is met


def test_the_page_shows_met_and_not_yet_met(auth, world):
    waiting = a_condition(world, "Opvang op dinsdag")
    done = a_condition(world, "Een veilige plek voor Sam")
    linked(world, waiting, an_agreement(world, "Fatima vangt Noor op", NETWORK, TaskStatus.OFFERED))
    linked(world, done, an_agreement(world, "Sam kan naar Ria", NETWORK, TaskStatus.ACCEPTED))
    html = auth.login("network").get(url(world)).get_data(as_text=True)
    met, not_met = 'class="badge badge-met"', 'class="badge badge-not-met"'
    assert html.index(not_met) < html.index("Opvang op dinsdag") < html.index(met) < html.index("Een veilige plek")
    assert html.count(met) == 1 and html.count(not_met) == 1
    assert shows_met(auth.login("family").get(url(world, f"/{done.id}")))
    assert not shows_met(auth.login("family").get(url(world, f"/{waiting.id}")))


# ---- adding and changing conditions ---------------------------------------------------------

def test_a_professional_adds_a_condition_that_starts_hidden_from_the_network(auth, world):
    professional = auth.login("professional")
    assert professional.get(url(world, "/new")).status_code == 200
    response = professional.post(url(world, "/new"), data={"text": "Noor wordt twee middagen per week opgevangen"})
    assert response.status_code == 303
    condition = db.session.scalar(sa.select(Condition))
    assert (condition.created_by_id, condition.visibility) == (world.people["professional"].id, NARROW)
    # The professional still sees it; the network does not, not even in the hub's count.
    page = page_text(professional.get(url(world, f"/{condition.id}")))
    assert "Noor wordt twee middagen per week opgevangen" in page
    assert translated("Only the family, the mentor and the professionals see this") in page
    network = auth.login("network")
    assert "Noor wordt twee middagen" not in page_text(network.get(url(world)))
    assert network.get(url(world, f"/{condition.id}")).status_code == 404
    assert translated("No conditions yet.") in page_text(network.get(f"/families/{world.family.id}/plan"))


@pytest.mark.parametrize("role, status", [("family", 403), ("mentor", 403), ("network", 403),
                                          ("youth", 404), ("outsider", 404)])
def test_only_professionals_add_conditions(auth, world, role, status):
    response = auth.login(role).post(url(world, "/new"), data={"text": "Een voorwaarde"})
    assert response.status_code == status
    assert db.session.scalar(sa.select(Condition)) is None


def test_the_family_shows_a_condition_to_the_whole_network_or_hides_it_again(auth, world):
    condition = a_condition(world, "Opvang voor Noor", NARROW)
    family = auth.login("family")
    assert family.post(url(world, f"/{condition.id}/visibility"), data={"visibility": "network"}).status_code == 303
    assert auth.login("network").get(url(world, f"/{condition.id}")).status_code == 200
    family.post(url(world, f"/{condition.id}/visibility"), data={"visibility": "family_and_mentor"})
    assert auth.login("network").get(url(world, f"/{condition.id}")).status_code == 404
    # A bad value changes nothing and is no error page.
    response = family.post(url(world, f"/{condition.id}/visibility"), data={"visibility": "all"},
                           follow_redirects=True)
    assert response.status_code == 200
    db.session.refresh(condition)
    assert condition.visibility == NARROW


@pytest.mark.parametrize("role, status", [("professional", 403), ("network", 403)])
def test_professionals_and_the_network_do_not_decide_who_sees_a_condition(auth, world, role, status):
    condition = a_condition(world, "Opvang voor Noor", NETWORK)
    response = auth.login(role).post(url(world, f"/{condition.id}/visibility"), data={"visibility": "family_and_mentor"})
    assert response.status_code == status
    db.session.refresh(condition)
    assert condition.visibility == NETWORK


def test_narrowing_the_conditions_part_hides_it_from_the_network_not_from_professionals(auth, world):
    condition = a_condition(world, "Opvang voor Noor", NETWORK)
    set_part_visibility(world.family.id, PlanPart.CONDITIONS, NARROW)
    db.session.commit()
    assert auth.login("network").get(url(world)).status_code == 404
    assert auth.login("network").get(url(world, f"/{condition.id}")).status_code == 404
    assert "Opvang voor Noor" in page_text(auth.login("professional").get(url(world)))


def test_a_stale_condition_edit_is_refused_and_keeps_both_texts(auth, world):
    condition = a_condition(world, "Eerste tekst")
    professional = auth.login("professional")
    assert professional.post(url(world, f"/{condition.id}/edit"),
                             data={"text": "Tweede tekst", "version": "1"}).status_code == 303
    response = professional.post(url(world, f"/{condition.id}/edit"), data={"text": "Derde tekst", "version": "1"})
    assert response.status_code == 409
    page = page_text(response)
    assert "Tweede tekst" in page and "Derde tekst" in page
    db.session.refresh(condition)
    assert condition.text == "Tweede tekst"


def test_an_empty_condition_is_refused_with_a_message(auth, world):
    response = auth.login("professional").post(url(world, "/new"), data={"text": "  "})
    assert response.status_code == 200
    assert translated("Please fill this in.") in page_text(response)
    assert db.session.scalar(sa.select(Condition)) is None


# ---- comments -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["professional", "family", "mentor"])
def test_professionals_and_the_family_circle_comment(auth, world, role):
    condition = a_condition(world)
    response = auth.login(role).post(url(world, f"/{condition.id}/comments"), data={"text": "Dinsdag lukt"})
    assert response.status_code == 303
    comment = db.session.scalar(sa.select(ConditionComment))
    assert (comment.text, comment.author_id) == ("Dinsdag lukt", world.people[role].id)
    assert "Dinsdag lukt" in page_text(auth.login("network").get(url(world, f"/{condition.id}")))


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 404), ("outsider", 404)])
def test_others_do_not_comment(auth, world, role, status):
    condition = a_condition(world)
    assert auth.login(role).post(url(world, f"/{condition.id}/comments"), data={"text": "Hoi"}).status_code == status
    assert db.session.scalar(sa.select(ConditionComment)) is None


def test_an_empty_comment_shows_a_message_on_the_condition_page(auth, world):
    condition = a_condition(world, "Opvang voor Noor")
    response = auth.login("mentor").post(url(world, f"/{condition.id}/comments"), data={"text": ""})
    assert response.status_code == 200
    page = page_text(response)
    assert translated("Please fill this in.") in page and "Opvang voor Noor" in page
    assert db.session.scalar(sa.select(ConditionComment)) is None


# ---- linking agreements ---------------------------------------------------------------------

@pytest.mark.parametrize("role", ["family", "mentor"])
def test_the_family_circle_links_and_unlinks_agreements(auth, world, role):
    condition = a_condition(world)
    agreement = an_agreement(world, "Opa vangt Noor op", NETWORK, TaskStatus.ACCEPTED)
    client = auth.login(role)
    assert translated("Not yet met") in page_text(client.get(url(world, f"/{condition.id}")))
    assert client.post(url(world, f"/{condition.id}/agreements"),
                       data={"agreement_id": str(agreement.id)}).status_code == 303
    response = client.get(url(world, f"/{condition.id}"))
    assert "Opa vangt Noor op" in page_text(response) and shows_met(response)
    client.post(url(world, f"/{condition.id}/agreements/{agreement.id}/unlink"), data={})
    db.session.expire_all()
    assert db.session.get(Condition, condition.id).agreements == []


@pytest.mark.parametrize("role, status", [("professional", 403), ("network", 403), ("youth", 404)])
def test_professionals_and_the_network_do_not_link_agreements(auth, world, role, status):
    condition = a_condition(world)
    agreement = an_agreement(world)
    client = auth.login(role)
    assert client.post(url(world, f"/{condition.id}/agreements"),
                       data={"agreement_id": str(agreement.id)}).status_code == status
    assert db.session.get(Condition, condition.id).agreements == []
    linked(world, condition, agreement)
    assert client.post(url(world, f"/{condition.id}/agreements/{agreement.id}/unlink"), data={}).status_code == status
    db.session.expire_all()
    assert [a.id for a in db.session.get(Condition, condition.id).agreements] == [agreement.id]


def test_an_agreement_of_another_family_cannot_be_linked(auth, world):
    condition = a_condition(world)
    other = an_agreement(world, "Van een ander gezin", NETWORK, family=world.other_family)
    response = auth.login("family").post(url(world, f"/{condition.id}/agreements"),
                                         data={"agreement_id": str(other.id)}, follow_redirects=True)
    assert response.status_code == 200
    assert translated("Please choose one of the agreements.") in page_text(response)
    assert db.session.get(Condition, condition.id).agreements == []


def test_a_professional_sees_met_and_comments_but_not_the_family_agreements(auth, world):
    condition = a_condition(world, "Opvang voor Noor", NARROW)
    linked(world, condition, an_agreement(world, "Opa vangt Noor op donderdag op", NETWORK, TaskStatus.ACCEPTED))
    response = auth.login("professional").get(url(world, f"/{condition.id}"))
    page = page_text(response)
    assert "Opvang voor Noor" in page and shows_met(response)
    assert "Opa vangt Noor op donderdag op" not in page
    assert translated("Agreements that meet this condition") not in page
    assert "/plan/agreements" not in auth.login("professional").get(url(world, f"/{condition.id}")).get_data(as_text=True)


def test_the_network_sees_only_the_linked_agreements_it_may_read(auth, world):
    condition = a_condition(world, "Sandra praat met de huisarts", NETWORK)
    linked(world, condition, an_agreement(world, "Jeroen gaat mee naar de huisarts", NARROW, TaskStatus.ACCEPTED))
    linked(world, condition, an_agreement(world, "Opa past op", NETWORK, TaskStatus.ACCEPTED))
    network_page = page_text(auth.login("network").get(url(world, f"/{condition.id}")))
    assert "Opa past op" in network_page and "Jeroen gaat mee" not in network_page
    assert "Jeroen gaat mee" in page_text(auth.login("mentor").get(url(world, f"/{condition.id}")))


def test_the_agreement_page_names_the_conditions_it_helps_meet(auth, world):
    condition = a_condition(world, "Opvang voor Noor", NETWORK)
    agreement = an_agreement(world)
    linked(world, condition, agreement)
    page = page_text(auth.login("network").get(f"/families/{world.family.id}/plan/agreements/{agreement.id}"))
    assert "Opvang voor Noor" in page
