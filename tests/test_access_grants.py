"""Who may grant which role (`portal.access.grants`), as a table: every granting member, every role
with and without parental authority, allowed or not. Written out by hand, so a change to the rule
shows up here as a changed line."""
from __future__ import annotations

import pytest

from portal.access import ROLE_ACCESS, FamilyContext, grantable_roles, may_grant
from portal.consent.rules import who_decides
from portal.families.models import Person, Role

# The granting members: role, and whether they hold parental authority.
GRANTERS = {
    "family_with_authority": (Role.FAMILY, True),
    "family_without_authority": (Role.FAMILY, False),
    "mentor": (Role.MENTOR, False),
    "network": (Role.NETWORK, False),
    "youth": (Role.YOUTH, False),
    "professional": (Role.PROFESSIONAL, False),
}
# What one may be given: a role, and for family, with or without parental authority.
TARGETS = {
    "family_with_authority": (Role.FAMILY, True),
    "family_without_authority": (Role.FAMILY, False),
    "youth": (Role.YOUTH, False),
    "mentor": (Role.MENTOR, False),
    "network": (Role.NETWORK, False),
    "professional": (Role.PROFESSIONAL, False),
}
ALLOWED = {
    "family_with_authority": set(TARGETS),
    "family_without_authority": {"youth", "mentor", "network", "professional"},
    "mentor": {"network"},
    "network": set(),
    "youth": set(),
    "professional": set(),
}


def context(granter: str) -> FamilyContext:
    role, authority = GRANTERS[granter]
    return FamilyContext(family=None, membership=Person(role=role, has_parental_authority=authority),
                         access=ROLE_ACCESS[role])


@pytest.mark.parametrize("granter", GRANTERS)
@pytest.mark.parametrize("target", TARGETS)
def test_who_may_grant_which_role(granter, target):
    role, authority = TARGETS[target]
    assert may_grant(context(granter), role, authority) is (target in ALLOWED[granter])


@pytest.mark.parametrize("granter", GRANTERS)
def test_the_form_offers_exactly_the_grantable_roles(granter):
    offered = set(grantable_roles(context(granter)))
    assert offered == {TARGETS[t][0] for t in ALLOWED[granter]}


def test_authority_on_a_role_that_cannot_hold_it_grants_nothing_more():
    """Parental authority belongs to family members; on other roles the flag is ignored, either way."""
    assert may_grant(context("mentor"), Role.NETWORK, parental_authority=True)
    assert not may_grant(context("mentor"), Role.FAMILY, parental_authority=False)


@pytest.mark.parametrize("before, after, same", [
    ("", "5:under_12", True),                          # first child, under 12: the parents decide, as before
    ("3:under_12", "3:under_12,5:under_12", True),     # another child under 12
    ("3:12_to_15", "3:12_to_15,5:under_12", True),     # the parents already decide with the youth
    ("3:16_plus", "3:16_plus,5:under_12", False),      # the youth decided alone; now the parents too
    ("3:under_12", "3:under_12,5:12_to_15", False),    # a new child from 12 must agree
    ("3:under_12", "3:12_to_15", False),               # a birthday: 12
    ("3:12_to_15", "3:16_plus", False),                # a birthday: 16
])
def test_who_decides_changes_only_when_who_must_agree_changes(before, after, same):
    assert (who_decides(before) == who_decides(after)) is same
