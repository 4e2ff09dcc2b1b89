"""Each home page sends the same small number of SQL statements for a family of 5 people and for
one of 60: no statement per person or per task (an "N+1" would grow with the family)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from flask import url_for

from portal.auth.twofactor import enable_two_factor, new_secret
from portal.extensions import db
from portal.families.models import Family, Role
from portal.tasks.models import TaskStatus
from tests.factories import FamilyFactory, PersonFactory, TaskFactory, member
from benchmarks.region import RegionSize, seed_region
from tests.querycount import counted_queries, reads

# Reads one page may send, all in: the user (with the two-factor rule), the membership with its
# family and narrowed parts, what the page shows. Was 12 before both came to one statement each.
# (Writes, such as the access log's, are not counted here; that they do not grow with the family is.)
READ_BUDGET = 6

# The people who log in; every other person of a big family has no account.
ACCOUNT_ROLES = {"family": Role.FAMILY, "youth": Role.YOUTH, "mentor": Role.MENTOR, "network": Role.NETWORK,
                 "professional": Role.PROFESSIONAL}
# Roles of the people without an account, in turn: the network is mostly family and friends.
OTHER_ROLES = itertools.cycle([Role.NETWORK, Role.NETWORK, Role.YOUTH, Role.MENTOR, Role.FAMILY, Role.NETWORK])


@dataclass
class SizedFamily:
    family: Family
    accounts: dict


def family_of(size: int) -> SizedFamily:
    """A family of `size` people: one account per role, the rest without, each with tasks in
    every state (and open tasks for anyone), so every section of every page has rows."""
    family = FamilyFactory(name=f"Familie van {size}")
    people, accounts = {}, {}
    for key, role in ACCOUNT_ROLES.items():
        people[key], accounts[key] = member(family, role, f"{key.title()} {size}")
    people["mentor"].mentor_for = people["youth"]
    # Professionals must use two-factor login (as the world's professional does).
    enable_two_factor(accounts["professional"], new_secret())
    everyone = list(people.values())
    youths = [people["youth"]]
    for number in range(size - len(everyone)):
        role = next(OTHER_ROLES)
        extra = {"mentor_for": youths[-1]} if role == Role.MENTOR else {}
        person = PersonFactory(family=family, name=f"Persoon {number}", role=role, relation="buur", **extra)
        everyone.append(person)
        if role == Role.YOUTH:
            youths.append(person)
    for person in everyone:
        if person.role == Role.PROFESSIONAL:
            continue
        TaskFactory(family=family, status=TaskStatus.OFFERED, offered_to=person)
        TaskFactory(family=family, status=TaskStatus.ACCEPTED, offered_to=person, assignee=person)
        TaskFactory(family=family, status=TaskStatus.ACCEPTED, assignee=person)
        TaskFactory(family=family, status=TaskStatus.DONE, assignee=person)
        TaskFactory(family=family, status=TaskStatus.DECLINED, offered_to=person, decline_reason="Geen tijd")
        TaskFactory(family=family, status=TaskStatus.OPEN)
    db.session.commit()
    return SizedFamily(family, accounts)


HOME_PAGES = [
    pytest.param("family", "tasks.plan", id="family-plan"),
    pytest.param("family", "families.people", id="people"),
    pytest.param("mentor", "tasks.commitments", id="mentor-commitments"),
    pytest.param("network", "tasks.mine", id="network-my-tasks"),
    pytest.param("youth", "families.home", id="youth-home"),
    pytest.param("professional", "families.home", id="professional-home"),
]


def statements_for_page(app, sized: SizedFamily, role: str, endpoint: str) -> list[str]:
    with app.test_request_context():
        url = url_for(endpoint, family_id=sized.family.id)
    client = app.test_client().login_as(sized.accounts[role])
    client.get(url)  # warm up: the first request of a client may set session defaults
    db.session.expire_all()
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, f"{url} as {role}: {response.status_code}"
    return statements


@pytest.mark.parametrize("role, endpoint", HOME_PAGES)
def test_a_home_page_costs_the_same_for_5_and_60_people(app, role, endpoint):
    small, large = family_of(5), family_of(60)
    assert len(large.family.people) == 60 and len(small.family.people) == 5

    for_5 = statements_for_page(app, small, role, endpoint)
    for_60 = statements_for_page(app, large, role, endpoint)

    assert len(for_5) == len(for_60), "a statement per person or per task:\n" + "\n".join(for_60)
    reads = [statement for statement in for_60 if statement.lstrip().upper().startswith("SELECT")]
    assert len(reads) <= READ_BUDGET, f"{len(reads)} reads:\n" + "\n".join(reads)


# The review page gathers every list of the plan; its reads are many but fixed (18 for the demo
# family, whose every list has rows; fewer here, where some lists are empty).
REVIEW_READ_BUDGET = 18


def test_the_review_costs_the_same_for_5_and_60_people(app):
    small, large = family_of(5), family_of(60)

    for_5 = statements_for_page(app, small, "family", "review.index")
    for_60 = statements_for_page(app, large, "family", "review.index")

    assert len(for_5) == len(for_60), "a statement per person or per task:\n" + "\n".join(for_60)
    assert len(reads(for_60)) <= REVIEW_READ_BUDGET, "\n".join(reads(for_60))


@pytest.mark.parametrize("role, endpoint", HOME_PAGES + [pytest.param("family", "review.index", id="review")])
def test_a_page_costs_the_same_in_a_region_of_families(app, role, endpoint):
    """More families around it (seeded as the benchmark does) add no statement to a family's page."""
    sized = family_of(8)
    alone = statements_for_page(app, sized, role, endpoint)
    seed_region(RegionSize(families=12, people=(20, 30), tasks=6, log_entries=4, answers=4, access_rows=3))

    in_region = statements_for_page(app, sized, role, endpoint)

    assert len(in_region) == len(alone), "\n".join(in_region)


def test_writing_the_access_log_costs_two_statements_per_request(app):
    sized = family_of(5)
    statements = statements_for_page(app, sized, "network", "tasks.mine")
    writes = [statement for statement in statements if not statement.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 2, "\n".join(writes)
