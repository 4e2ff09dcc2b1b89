"""`flask demo`: the demo family of the README, made once; running it again changes nothing."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from portal.auth.models import User
from portal.auth.services import authenticate
from portal.demo import DEMO_PASSWORD
from portal.extensions import db, utcnow
from portal.families.models import Family, Person, Role
from portal.tasks.models import Task, TaskStatus

README_ACCOUNT = re.compile(r"`([a-z]+@example\.org)`")
EXPECTED_ROLES = {
    "ouder@example.org": Role.FAMILY,
    "jongere@example.org": Role.YOUTH,
    "mentor@example.org": Role.MENTOR,
    "opa@example.org": Role.NETWORK,
    "buurvrouw@example.org": Role.NETWORK,
    "wijkteam@example.org": Role.PROFESSIONAL,
}


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    """Still argon2id, with the lightest settings: the demo hashes six passwords per run."""
    monkeypatch.setattr("portal.auth.services._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def rows_per_table() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def test_the_demo_family_has_the_accounts_of_the_readme(app, runner, project_root):
    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    in_readme = set(README_ACCOUNT.findall((project_root / "README.md").read_text()))
    assert in_readme == set(EXPECTED_ROLES), "the README lists the demo accounts"
    family = db.session.scalars(sa.select(Family)).one()
    for address, role in EXPECTED_ROLES.items():
        assert address in result.output
        user = authenticate(address, DEMO_PASSWORD)
        assert user is not None, f"{address} logs in with the demo password"
        membership = db.session.scalars(sa.select(Person).where(Person.user_id == user.id)).one()
        assert (membership.family_id, membership.role) == (family.id, role)


def test_the_demo_family_is_the_one_the_issue_describes(app, runner):
    runner.invoke(args=["demo"])
    family = db.session.scalars(sa.select(Family)).one()
    people = family.people
    today = utcnow().date()

    assert family.name == "Familie De Vries"
    children = sorted((p.age_on(today) for p in people if p.role == Role.YOUTH), reverse=True)
    assert children == [15, 9]
    relations = " ".join(p.relation for p in people)
    for word in ("moeder", "opa", "tante", "vriendin", "buurvrouw", "sleutel", "wijkteam"):
        assert word in relations, word
    assert sum(p.relation == "tante" for p in people) == 2
    mentor = next(p for p in people if p.role == Role.MENTOR)
    assert mentor.mentor_for.age_on(today) == 15
    assert any(not p.has_account for p in people if p.role == Role.NETWORK), "someone without an account"


def test_the_demo_has_tasks_in_every_state(app, runner):
    runner.invoke(args=["demo"])
    states = set(db.session.scalars(sa.select(Task.status)))
    assert states == set(TaskStatus)


def test_running_the_demo_twice_changes_nothing(app, runner):
    first = runner.invoke(args=["demo"])
    counts = rows_per_table()
    password_hashes = dict(db.session.execute(sa.select(User.email, User.password_hash)).all())

    second = runner.invoke(args=["demo"])

    assert first.exit_code == second.exit_code == 0
    assert rows_per_table() == counts
    db.session.expire_all()
    assert dict(db.session.execute(sa.select(User.email, User.password_hash)).all()) == password_hashes
    assert counts["users"] == len(EXPECTED_ROLES) and counts["tasks"] > 0
