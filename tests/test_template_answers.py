"""The policy's answers that templates ask instead of deriving a rule: who is offered the access
log in the family menu, who sees phone numbers on the people page, who is told about two-factor
login when joining. Each page shows exactly what the policy answers (tested as a table)."""
from __future__ import annotations

import pytest

from portal.access import family_context, may_read_access_log, may_see_contact_details
from portal.auth.twofactor import asks_two_factor
from portal.extensions import db
from portal.families.models import Role
from portal.invitations.services import invite
from tests.accounts import app_config, world  # noqa: F401  (pages in English)
from tests.conftest import page_text

# Who reads "who looked at our plan" (all of it, or a professional their own rows): as the route lets on.
READS_THE_LOG = {"family": True, "youth": True, "youth_16": True, "professional": True,
                 "youth_under_12": False, "mentor": False, "network": False}
# Whose people page shows phone numbers: those who read the whole plan.
SEES_PHONES = {"family": True, "mentor": True, "network": True,
               "youth": False, "youth_under_12": False, "youth_16": False}


def _ctx(world, role: str):
    return family_context(world.accounts[role].id, world.family.id)


@pytest.mark.parametrize("role, reads", READS_THE_LOG.items())
def test_the_family_menu_offers_the_access_log_to_whoever_may_read_it(auth, world, role, reads):
    assert may_read_access_log(_ctx(world, role)) is reads
    client = auth.login(role)
    html = client.get(f"/families/{world.family.id}/", follow_redirects=True).get_data(as_text=True)
    assert (f"/families/{world.family.id}/access-log" in html) is reads
    assert client.get(f"/families/{world.family.id}/access-log").status_code == (200 if reads else 403)


@pytest.mark.parametrize("role, sees", SEES_PHONES.items())
def test_phone_numbers_on_the_people_page_follow_the_policy(auth, world, role, sees):
    opa = world.people["network"]
    opa.phone = "06 11223344"
    db.session.commit()
    assert may_see_contact_details(_ctx(world, role), opa) is sees
    html = auth.login(role).get(f"/families/{world.family.id}/people").get_data(as_text=True)
    assert ("href=\"tel:" in html) is sees


def test_nobody_sees_contact_details_of_another_family(world):
    assert not may_see_contact_details(_ctx(world, "family"), world.people["outsider"])


@pytest.mark.parametrize("role", list(Role))
def test_only_joining_as_a_professional_asks_for_two_factor_login(world, role):
    person = world.people["no_account"]
    person.role = role
    assert asks_two_factor(person) is (role == Role.PROFESSIONAL)


def test_the_join_page_tells_a_professional_about_two_factor_login(auth, world):
    person = world.people["no_account"]
    person.role = Role.PROFESSIONAL
    outcome = invite(person, world.accounts["family"], email=None, send_mail=False)
    db.session.commit()
    text = page_text(auth.login("outsider").get(f"/join/{outcome.token}"))
    assert "two-factor code" in text
