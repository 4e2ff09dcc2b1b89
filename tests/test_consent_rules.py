"""Who must agree to a consent, by the youths' ages, and what that does to a consent over time."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.consent.models import ConsentLevel, ConsentStatus
from portal.consent.rules import AgeBands, required_grantors
from portal.consent.services import ConsentRefused, approve, consent_state, create_consent
from portal.consent.grants import family_people, grant_for
from portal.extensions import db
from portal.families.models import Role
from portal.parts.models import PlanPart
from tests.factories import FamilyFactory, PersonFactory

TODAY = date(2026, 11, 22)


def _born(years: int, days_before_birthday: int = 0) -> date:
    """A date of birth so that on TODAY the person is `years` old (their birthday `days` away)."""
    birthday = date(TODAY.year - years, TODAY.month, TODAY.day)
    return birthday + timedelta(days=days_before_birthday) if days_before_birthday else birthday


@pytest.fixture()
def household(app):
    family = FamilyFactory()
    mum = PersonFactory(family=family, name="Moeder", role=Role.FAMILY, has_parental_authority=True)
    dad = PersonFactory(family=family, name="Vader", role=Role.FAMILY, has_parental_authority=True)
    stepdad = PersonFactory(family=family, name="Stiefvader", role=Role.FAMILY, has_parental_authority=False)
    pro = PersonFactory(family=family, name="Wijkteam", role=Role.PROFESSIONAL)
    return family, {"mum": mum, "dad": dad, "stepdad": stepdad, "pro": pro}


@pytest.mark.parametrize("ages, expected", [
    ([8], {"mum", "dad"}),                         # under 12: the parents with authority
    ([11], {"mum", "dad"}),
    ([12], {"mum", "dad", "youth0"}),              # 12-15: the youth and the parents
    ([15], {"mum", "dad", "youth0"}),
    ([16], {"youth0"}),                            # 16+: the youth alone
    ([17], {"youth0"}),
    ([9, 16], {"mum", "dad", "youth1"}),           # several children: everyone any of them needs
    ([13, 16], {"mum", "dad", "youth0", "youth1"}),
    ([None], {"mum", "dad"}),                      # unknown birth date: the parents decide
    ([], {"mum", "dad"}),                          # no children recorded: the parents
])
def test_required_grantors_follow_the_age_rule(household, ages, expected):
    family, people = household
    for number, age in enumerate(ages):
        people[f"youth{number}"] = PersonFactory(family=family, name=f"Kind {number}", role=Role.YOUTH,
                                                 date_of_birth=_born(age) if age is not None else None)
    names = {p.name for p in required_grantors(family_people(family.id), TODAY, AgeBands())}
    assert names == {people[key].name for key in expected}
    assert people["stepdad"].name not in names     # no parental authority, no say


def test_the_age_limits_are_configurable(household):
    family, people = household
    PersonFactory(family=family, name="Kind", role=Role.YOUTH, date_of_birth=_born(14))
    names = {p.name for p in required_grantors(family_people(family.id), TODAY, AgeBands(middle=12, adult=14))}
    assert names == {"Kind"}


def _consent(family, pro, parent_user, parts=frozenset({PlanPart.AGREEMENTS})):
    return create_consent(family.id, pro, set(parts), ConsentLevel.READ, TODAY - timedelta(days=1),
                          TODAY + timedelta(days=90), "Zorg afstemmen", parent_user)


def test_consent_is_in_force_only_when_everyone_required_agreed(household, world):
    family, people = household
    youth = PersonFactory(family=family, name="Jongere", role=Role.YOUTH, date_of_birth=_born(13))
    consent = _consent(family, people["pro"], world.accounts["family"])
    assert approve(consent, people["mum"], TODAY).in_force is False
    assert grant_for(people["pro"], TODAY).parts == frozenset()
    assert approve(consent, people["dad"], TODAY).in_force is False
    state = approve(consent, youth, TODAY)
    assert state.in_force and consent.status == ConsentStatus.ACTIVE
    assert grant_for(people["pro"], TODAY).parts == {PlanPart.AGREEMENTS}


def test_someone_whose_agreement_is_not_needed_cannot_agree(household, world):
    family, people = household
    consent = _consent(family, people["pro"], world.accounts["family"])
    with pytest.raises(ConsentRefused):
        approve(consent, people["stepdad"], TODAY)


@pytest.mark.parametrize("age_before, needs_now", [(11, "youth"), (15, "youth")])
def test_a_birthday_into_a_new_band_flags_the_consent_for_reconfirmation(household, world, age_before, needs_now):
    family, people = household
    # The youth has a birthday tomorrow: 11 -> 12 or 15 -> 16.
    youth = PersonFactory(family=family, name="Jarig", role=Role.YOUTH,
                          date_of_birth=_born(age_before + 1, days_before_birthday=1))
    consent = _consent(family, people["pro"], world.accounts["family"])
    for grantor in required_grantors(family_people(family.id), TODAY, AgeBands()):
        approve(consent, grantor, TODAY)
    assert consent_state(consent, family_people(family.id), TODAY).in_force
    tomorrow = TODAY + timedelta(days=1)
    state = consent_state(consent, family_people(family.id), tomorrow)
    assert state.needs_reconfirmation and not state.in_force
    assert youth in state.waiting_for
    assert grant_for(people["pro"], tomorrow).parts == frozenset()
    # Once whoever must agree now has agreed again, it is in force again.
    for grantor in state.waiting_for:
        approve(consent, grantor, tomorrow)
    assert consent_state(consent, family_people(family.id), tomorrow).in_force


def test_a_consent_outside_its_period_grants_nothing(household, world):
    family, people = household
    consent = _consent(family, people["pro"], world.accounts["family"])
    approve(consent, people["mum"], TODAY)
    approve(consent, people["dad"], TODAY)
    assert grant_for(people["pro"], TODAY).parts == {PlanPart.AGREEMENTS}
    assert grant_for(people["pro"], consent.valid_until + timedelta(days=1)).parts == frozenset()
    assert grant_for(people["pro"], consent.valid_from - timedelta(days=1)).parts == frozenset()


def test_consent_can_only_go_to_a_professional_of_the_family(household, world):
    family, people = household
    with pytest.raises(ConsentRefused):
        _consent(family, people["mum"], world.accounts["family"])
    db.session.rollback()
