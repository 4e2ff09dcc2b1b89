"""Rules the database itself holds (migration 0015): an index for every foreign key, a task's status
agreeing with who it names, a consent period in order, and people named only inside their own
family. The rows are written straight into the tables, past the services, as a bug would."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from portal.consent.models import Consent
from portal.extensions import db, utcnow
from portal.families.models import Family, Person
from portal.invitations.models import Invitation
from portal.relapse.models import AlarmPair
from portal.tasks.models import Task, TaskEvent, TaskStatus

OFFERED, OPEN, ACCEPTED, DECLINED, DONE = (TaskStatus.OFFERED, TaskStatus.OPEN, TaskStatus.ACCEPTED,
                                           TaskStatus.DECLINED, TaskStatus.DONE)


# ---- an index for every foreign key -----------------------------------------------------------

def unindexed_foreign_keys(inspector: sa.Inspector) -> list[str]:
    """The foreign keys whose columns do not lead any index, primary key or unique constraint: to
    delete a row they point at, the database would read their whole table."""
    missing = []
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        leading = [inspector.get_pk_constraint(table)["constrained_columns"]]
        leading += [index["column_names"] for index in inspector.get_indexes(table)]
        leading += [unique["column_names"] for unique in inspector.get_unique_constraints(table)]
        for foreign_key in inspector.get_foreign_keys(table):
            columns = foreign_key["constrained_columns"]
            if not any(set(found[:len(columns)]) == set(columns) for found in leading):
                missing.append(f"{table}({', '.join(columns)})")
    return sorted(missing)


def test_every_foreign_key_of_the_migrated_database_has_an_index(app):
    with db.engine.connect() as connection:
        missing = unindexed_foreign_keys(sa.inspect(connection))

    assert missing == [], "add index=True (or an index leading with these columns) and a migration: " + \
        ", ".join(missing)


def test_the_index_rule_finds_a_foreign_key_without_an_index(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'rule.db'}")
    metadata = sa.MetaData()
    sa.Table("people", metadata, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("family_id", sa.Integer, nullable=False))
    sa.Table("tasks", metadata, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("family_id", sa.Integer),
             sa.Column("assignee_id", sa.ForeignKey("people.id")),
             sa.Column("offered_to_id", sa.ForeignKey("people.id"), index=True),
             sa.Column("helper_id", sa.Integer),
             sa.ForeignKeyConstraint(["family_id", "helper_id"], ["people.family_id", "people.id"]),
             sa.Index("ix_family_first", "family_id", "id"))
    metadata.create_all(engine)

    with engine.connect() as connection:
        # Only offered_to_id is covered; an index leading with family_id does not serve (family_id, helper_id).
        assert unindexed_foreign_keys(sa.inspect(connection)) == ["tasks(assignee_id)", "tasks(family_id, helper_id)"]
    engine.dispose()


# ---- a task's status agrees with whom it names ------------------------------------------------

# (status, offered to, carried by, allowed): people are world keys. The rule is TASK_STATUS_RULE.
TASK_STATES = [
    (OFFERED, "network", None, True),
    (OFFERED, None, None, False),              # offered to nobody
    (OFFERED, "network", "network", False),    # carried before anyone said yes
    (DECLINED, "network", None, True),
    (DECLINED, None, None, False),
    (DECLINED, "network", "youth", False),
    (OPEN, None, None, True),
    (OPEN, "network", None, False),            # open is offered to nobody in particular
    (OPEN, None, "network", False),
    (ACCEPTED, None, "network", True),         # taken from the open tasks
    (ACCEPTED, "network", "network", True),    # said yes when asked
    (ACCEPTED, "network", None, False),
    (ACCEPTED, None, None, False),
    (DONE, None, "youth", True),
    (DONE, "network", "network", True),
    (DONE, None, None, False),
]


def insert_task(world, status, offered_to=None, assignee=None, family=None, **extra) -> None:
    db.session.execute(sa.insert(Task).values(
        family_id=(family or world.family).id, title="Boodschappen", status=status,
        offered_to_id=offered_to.id if offered_to else None, assignee_id=assignee.id if assignee else None,
        **extra))
    db.session.flush()


@pytest.mark.parametrize("status, offered_to, assignee, allowed", TASK_STATES)
def test_the_database_holds_the_task_status_rule(world, status, offered_to, assignee, allowed):
    people = world.people
    write = lambda: insert_task(world, status, people.get(offered_to), people.get(assignee))  # noqa: E731

    if allowed:
        write()
    else:
        with pytest.raises(IntegrityError):
            write()
    db.session.rollback()


def test_every_step_of_the_task_service_keeps_the_rule(world):
    """The service's own states pass, so the rule matches the state machine (not just the table)."""
    from portal.tasks.models import Category, Rhythm, TaskAction
    from portal.tasks.services import TaskDetails, act, create_task, edit_task

    family, network, youth = world.accounts["family"], world.people["network"], world.people["youth"]
    asked = create_task(world.family.id, TaskDetails("Gras maaien", "", Category.PRACTICAL, Rhythm.WEEKLY,
                                                     date.today(), network), family)
    act(asked, TaskAction.DECLINED, network, family, note="Geen tijd")
    edit_task(asked, TaskDetails("Gras maaien", "", Category.PRACTICAL, Rhythm.WEEKLY, date.today(), youth),
              family, asked.version)
    act(asked, TaskAction.ACCEPTED, youth, family)
    act(asked, TaskAction.DONE, youth, family)     # a rhythm: stays accepted
    act(asked, TaskAction.RELEASED, youth, family)
    act(asked, TaskAction.ACCEPTED, network, family)
    db.session.commit()

    assert (asked.status, asked.offered_to_id, asked.assignee_id) == (ACCEPTED, None, network.id)


# ---- a consent's period is in order -----------------------------------------------------------

def insert_consent(world, valid_from: date, valid_until: date, professional=None) -> None:
    db.session.execute(sa.insert(Consent).values(
        family_id=world.family.id, professional_id=(professional or world.people["professional"]).id,
        valid_from=valid_from, valid_until=valid_until))
    db.session.flush()


def test_a_consent_may_last_one_day_but_never_end_before_it_starts(world):
    day = date(2026, 3, 1)
    insert_consent(world, day, day)

    with pytest.raises(IntegrityError):
        insert_consent(world, day, day - timedelta(days=1))
    db.session.rollback()


# ---- people are named only inside their own family --------------------------------------------

def task_assigned_to_outsider(world):
    insert_task(world, ACCEPTED, assignee=world.people["outsider"])


def task_offered_to_outsider(world):
    insert_task(world, OFFERED, offered_to=world.people["outsider"])


def consent_for_outsider(world):
    insert_consent(world, date(2026, 3, 1), date(2026, 6, 1), professional=world.people["outsider"])


def invitation_for_outsider(world):
    db.session.execute(sa.insert(Invitation).values(
        family_id=world.family.id, person_id=world.people["outsider"].id, token_hash="x" * 64,
        expires_at=utcnow() + timedelta(days=7)))
    db.session.flush()


def alarm_pair_with(raiser: Person, contact: Person, family: Family):
    db.session.execute(sa.insert(AlarmPair).values(family_id=family.id, raiser_id=raiser.id, contact_id=contact.id))
    db.session.flush()


CROSS_FAMILY = {
    "task assignee": task_assigned_to_outsider,
    "task offered to": task_offered_to_outsider,
    "consent professional": consent_for_outsider,
    "invitation person": invitation_for_outsider,
    "alarm raiser": lambda w: alarm_pair_with(w.people["outsider"], w.people["family"], w.family),
    "alarm contact": lambda w: alarm_pair_with(w.people["youth"], w.people["outsider"], w.family),
}


@pytest.mark.parametrize("reference", CROSS_FAMILY)
def test_a_reference_to_a_person_of_another_family_is_refused(world, reference):
    with pytest.raises(IntegrityError):
        CROSS_FAMILY[reference](world)
    db.session.rollback()


def test_the_same_references_inside_the_family_are_fine(world):
    people = world.people
    insert_task(world, ACCEPTED, assignee=people["network"])
    insert_task(world, OFFERED, offered_to=people["no_account"])
    insert_consent(world, date(2026, 3, 1), date(2026, 6, 1))
    alarm_pair_with(people["youth"], people["network"], world.family)
    db.session.commit()


# ---- deleting still works as before ----------------------------------------------------------

def test_deleting_a_family_takes_its_tasks_and_people_and_leaves_the_other_family(world):
    people = world.people
    insert_task(world, ACCEPTED, assignee=people["network"])
    insert_task(world, DONE, offered_to=people["youth"], assignee=people["youth"])
    insert_task(world, OFFERED, offered_to=people["no_account"])
    insert_task(world, OPEN, family=world.other_family)
    insert_consent(world, date(2026, 3, 1), date(2026, 6, 1))
    db.session.commit()
    family_id, other_id = world.family.id, world.other_family.id

    db.session.execute(sa.delete(Family).where(Family.id == family_id))
    db.session.commit()

    assert db.session.scalars(sa.select(Task.family_id)).all() == [other_id]
    assert db.session.scalars(sa.select(Person.family_id)).all() == [other_id]


def test_a_person_a_task_names_is_not_deleted_on_their_own(world):
    """Someone who leaves keeps their row (portal.privacy); deleting them alone would leave an
    accepted task carried by nobody."""
    insert_task(world, ACCEPTED, assignee=world.people["no_account"])
    db.session.commit()

    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(Person).where(Person.id == world.people["no_account"].id))
        db.session.flush()
    db.session.rollback()


# ---- the migration keeps what is there --------------------------------------------------------

def test_the_migration_keeps_the_rows_of_the_tables_it_rebuilds_and_goes_back(tmp_path):
    """On SQLite the migration rebuilds tasks and consents; dropping the old table must not take
    the task's events (ON DELETE CASCADE) with it. And it downgrades and upgrades again."""
    from portal import create_app

    old = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with old.app_context():
        upgrade(revision="0014_form_submissions")
        db.engine.dispose()   # the next upgrade starts on a fresh connection, as `flask db upgrade` does
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO families (id, name, created_at) VALUES (1, 'Familie', '2026-01-01 10:00:00');"))
            connection.execute(sa.text(
                "INSERT INTO people (id, family_id, name, relation, role, has_parental_authority, created_at) "
                "VALUES (1, 1, 'Opa', 'opa', 'network', 0, '2026-01-01 10:00:00')"))
            connection.execute(sa.text(
                "INSERT INTO tasks (id, family_id, title, description, category, rhythm, status, assignee_id, "
                "decline_reason, created_at, updated_at, version) VALUES (1, 1, 'Gras maaien', '', 'practical', "
                "'once', 'accepted', 1, '', '2026-01-01 10:00:00', '2026-01-01 10:00:00', 1)"))
            connection.execute(sa.text(
                "INSERT INTO task_events (task_id, action, person_id, note, at) "
                "VALUES (1, 'accepted', 1, '', '2026-01-01 10:00:00')"))
        db.engine.dispose()

        upgrade(revision="heads")
        db.engine.dispose()
        downgrade(revision="0014_form_submissions")
        db.engine.dispose()
        upgrade(revision="heads")
        db.engine.dispose()

        with db.engine.connect() as connection:
            events = connection.execute(sa.select(TaskEvent.task_id)).scalars().all()
            assignee = connection.execute(sa.select(Task.assignee_id)).scalar_one()
            missing = unindexed_foreign_keys(sa.inspect(connection))
        db.engine.dispose()

    assert (events, assignee, missing) == ([1], 1, [])
