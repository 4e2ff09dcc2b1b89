"""Test data: factory-boy factories and a small `world` of two families."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from argon2 import PasswordHasher

from portal.agreements.models import Agreement
from portal.auth.models import User
from portal.auth.twofactor import enable_two_factor, new_secret
from portal.conditions.models import Condition
from portal.config import TestingConfig
from portal.extensions import db, utcnow
from portal.families.models import Family, Person, Role
from portal.logbook.models import LogEntry
from portal.meetings.models import Meeting, MeetingInvitation
from portal.needs.models import HelpOffer, Need
from portal.scores.models import ScaleAnswer, ScaleQuestion
from portal.tasks.models import Category, Rhythm, Task, TaskAction, TaskEvent, TaskStatus

PASSWORD = "correct horse battery"
# Hashing with argon2id is slow on purpose; one hash serves every test user, made with the testing
# profile's light settings (checking a password costs what its hash's settings say).
_PASSWORD_HASH = PasswordHasher(**TestingConfig.ARGON2_PARAMETERS).hash(PASSWORD)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"Gebruiker {n}")
    # example.org, not .test: the forms refuse special-use domains, and these addresses get typed in.
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password_hash = _PASSWORD_HASH
    locale = "nl"
    # Accounts in tests have opened their confirmation link, unless a test says otherwise.
    email_verified_at = factory.LazyFunction(utcnow)


class FamilyFactory(BaseFactory):
    class Meta:
        model = Family

    name = factory.Sequence(lambda n: f"Familie {n}")


class PersonFactory(BaseFactory):
    class Meta:
        model = Person

    family = factory.SubFactory(FamilyFactory)
    name = factory.Sequence(lambda n: f"Persoon {n}")
    relation = "tante"
    role = Role.NETWORK


class TaskFactory(BaseFactory):
    class Meta:
        model = Task

    family_id = factory.LazyAttribute(lambda o: o.family.id)
    title = factory.Sequence(lambda n: f"Taak {n}")
    description = ""
    category = Category.PRACTICAL
    rhythm = Rhythm.ONCE
    status = TaskStatus.OPEN

    class Params:
        family = None

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """A task in a status that names someone (see `TASK_STATUS_RULE`) gets a person of its family
        when the test names nobody: the database refuses the task otherwise. A parent, not a helper,
        so that the tests about helpers (who is quiet, who needs a nudge) do not count them."""
        status = kwargs.get("status")
        for needed, statuses in (("assignee", (TaskStatus.ACCEPTED, TaskStatus.DONE)),
                                 ("offered_to", (TaskStatus.OFFERED, TaskStatus.DECLINED))):
            if status in statuses and kwargs.get(needed) is None and kwargs.get(f"{needed}_id") is None:
                kwargs[needed] = PersonFactory(family=db.session.get(Family, kwargs["family_id"]), role=Role.FAMILY)
        return kwargs


# ---- the plan's rows ---------------------------------------------------------------------------
# Written as they are, without the services' rules and events: for tests that need rows in place (the
# review, the export, the access checks). A test of a part's own rules goes through its services.

class FamilyRowFactory(BaseFactory):
    """A row of a family's plan: `family=` (a saved Family) fills in `family_id`."""

    class Meta:
        abstract = True

    class Params:
        family = None

    family_id = factory.LazyAttribute(lambda o: o.family.id)


class AgreementFactory(FamilyRowFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Afspraak {n}")


class ConditionFactory(FamilyRowFactory):
    class Meta:
        model = Condition

    text = factory.Sequence(lambda n: f"Voorwaarde {n}")


class LogEntryFactory(FamilyRowFactory):
    class Meta:
        model = LogEntry

    family_id = factory.LazyAttribute(lambda o: (o.family or o.author.family).id)
    author_id = factory.LazyAttribute(lambda o: o.author.id)
    text = factory.Sequence(lambda n: f"Bericht {n}")

    class Params:
        author = None


class MeetingFactory(FamilyRowFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Beraad {n}")
    meeting_date = factory.LazyFunction(lambda: date.today() + timedelta(days=7))


class MeetingInvitationFactory(BaseFactory):
    class Meta:
        model = MeetingInvitation

    meeting_id = factory.LazyAttribute(lambda o: o.meeting.id)
    person_id = factory.LazyAttribute(lambda o: o.person.id)

    class Params:
        meeting = None
        person = None


class NeedFactory(FamilyRowFactory):
    class Meta:
        model = Need

    title = factory.Sequence(lambda n: f"Hulpvraag {n}")


class HelpOfferFactory(BaseFactory):
    class Meta:
        model = HelpOffer

    need_id = factory.LazyAttribute(lambda o: o.need.id)
    person_id = factory.LazyAttribute(lambda o: o.person.id)

    class Params:
        need = None
        person = None


class ScaleQuestionFactory(FamilyRowFactory):
    class Meta:
        model = ScaleQuestion

    text = factory.Sequence(lambda n: f"Vraag {n}: hoe gaat het?")


class ScaleAnswerFactory(BaseFactory):
    class Meta:
        model = ScaleAnswer

    question_id = factory.LazyAttribute(lambda o: o.question.id)
    person_id = factory.LazyAttribute(lambda o: o.person.id)
    score = 5

    class Params:
        question = None
        person = None


class TaskEventFactory(BaseFactory):
    class Meta:
        model = TaskEvent

    task_id = factory.LazyAttribute(lambda o: o.task.id)
    person_id = factory.LazyAttribute(lambda o: o.person.id if o.person else None)
    action = TaskAction.ACCEPTED

    class Params:
        task = None
        person = None


def member(family: Family, role: Role, name: str, **extra) -> tuple[Person, User]:
    user = UserFactory(name=name)
    person = PersonFactory(family=family, user=user, name=name, role=role, email=user.email, **extra)
    return person, user


def born_years_ago(today: date, years: int) -> date:
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=30)


@dataclass
class World:
    family: Family
    other_family: Family
    people: dict[str, Person] = field(default_factory=dict)
    accounts: dict[str, User] = field(default_factory=dict)


# Every role the access matrix knows, by name.
ROLE_NAMES = ("family", "youth", "youth_under_12", "youth_16", "mentor", "network", "professional", "outsider")


def build_world(today: date) -> World:
    # Built in memory and written in one flush: a flush per row was most of the cost of a test.
    family = FamilyFactory.build(name="Familie Test")
    other = FamilyFactory.build(name="Familie Anders")
    world = World(family=family, other_family=other)

    def add(key: str, role: Role, name: str, in_family: Family = family, **extra) -> None:
        user = UserFactory.build(name=name)
        world.people[key] = PersonFactory.build(family=in_family, user=user, name=name, role=role,
                                                email=user.email, **extra)
        world.accounts[key] = user

    add("family", Role.FAMILY, "Moeder Test", relation="moeder", has_parental_authority=True)
    add("youth", Role.YOUTH, "Jongere Veertien", date_of_birth=born_years_ago(today, 14))
    add("youth_under_12", Role.YOUTH, "Kind Tien", date_of_birth=born_years_ago(today, 10))
    add("youth_16", Role.YOUTH, "Jongere Zestien", date_of_birth=born_years_ago(today, 16))
    add("mentor", Role.MENTOR, "Mentor Test", mentor_for=world.people["youth"])
    add("network", Role.NETWORK, "Opa Test", relation="opa")
    add("professional", Role.PROFESSIONAL, "Wijkteam Test", relation="wijkteam")
    world.people["no_account"] = PersonFactory.build(family=family, name="Tante Zonder Account", relation="tante")
    add("outsider", Role.FAMILY, "Buiten Staander", in_family=other)
    db.session.add_all([family, other, *world.people.values()])
    db.session.flush()
    # Professionals must use two-factor login; this one has set it up (codes: pyotp.TOTP(user.totp_secret)).
    enable_two_factor(world.accounts["professional"], new_secret())
    db.session.flush()
    return world
