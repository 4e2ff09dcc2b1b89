"""Two people at the same moment: real threads, each with its own app context and database session.

Each thread loads what it needs, waits at a barrier, and only then acts and commits. Both threads
therefore pass the state check on the same, stale, picture ("the task is open"), and only the
database can decide who wins. Run on PostgreSQL with TEST_DATABASE_URL (see conftest.py).
"""
from __future__ import annotations

import threading
from typing import Callable

import sqlalchemy as sa

from portal.auth.models import User
from portal.extensions import db
from portal.families.models import Person, Role
from portal.invitations.models import Invitation
from portal.invitations.services import InvitationError, invite, redeem
from portal.tasks.models import Task, TaskAction, TaskEvent, TaskStatus
from portal.tasks.services import TaskRefused, act
from tests.conftest import translated
from tests.factories import PersonFactory, TaskFactory, UserFactory

ROUNDS = 3


def at_the_same_moment(app, attempts: list[Callable[[threading.Barrier], str]]) -> list[str]:
    """Run each attempt in its own thread and app context; they meet at a barrier before acting.
    Returns what each attempt returned, in order (an exception is re-raised here)."""
    barrier = threading.Barrier(len(attempts), timeout=30)
    outcomes: list[str | BaseException | None] = [None] * len(attempts)

    def run(index: int) -> None:
        with app.app_context():
            try:
                outcomes[index] = attempts[index](barrier)
            except BaseException as error:  # noqa: BLE001 (handed to the test thread below)
                barrier.abort()
                outcomes[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,), name=f"attempt-{i}") for i in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a thread hung: a lock was never released"
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return outcomes


def accept_as(task_id: int, person_id: int, user_id: int) -> Callable[[threading.Barrier], str]:
    def attempt(barrier: threading.Barrier) -> str:
        task = db.session.get(Task, task_id)
        person, user = db.session.get(Person, person_id), db.session.get(User, user_id)
        assert task.status == TaskStatus.OPEN
        barrier.wait()
        try:
            act(task, TaskAction.ACCEPTED, person, user)
            db.session.commit()
        except TaskRefused as refused:
            db.session.rollback()
            return f"refused: {refused.message}"
        return "accepted"

    return attempt


def test_two_people_accept_the_same_open_task_at_once(app, world):
    grandpa, mentor = world.people["network"], world.people["mentor"]
    tasks = [TaskFactory(family=world.family, status=TaskStatus.OPEN, title=f"Boodschappen {n}")
             for n in range(ROUNDS)]
    db.session.commit()
    lost_race = "refused: " + translated("Someone else has just taken this task on. Thank you for wanting to help!")

    for task in tasks:
        outcomes = at_the_same_moment(app, [
            accept_as(task.id, grandpa.id, world.accounts["network"].id),
            accept_as(task.id, mentor.id, world.accounts["mentor"].id),
        ])

        assert sorted(outcomes) == sorted(["accepted", lost_race])
        db.session.expire_all()
        task = db.session.get(Task, task.id)
        winner = grandpa if outcomes[0] == "accepted" else mentor
        assert (task.status, task.assignee_id, task.version) == (TaskStatus.ACCEPTED, winner.id, 2)
        accepted = db.session.scalars(sa.select(TaskEvent).where(
            TaskEvent.task_id == task.id, TaskEvent.action == TaskAction.ACCEPTED)).all()
        assert [event.person_id for event in accepted] == [winner.id]


def redeem_as(invitation_id: int, user_id: int) -> Callable[[threading.Barrier], str]:
    def attempt(barrier: threading.Barrier) -> str:
        invitation, user = db.session.get(Invitation, invitation_id), db.session.get(User, user_id)
        # Like the join page, which greets the invited person by name before anything is saved.
        assert invitation.used_at is None and invitation.person.user_id is None
        barrier.wait()
        try:
            redeem(invitation, user)
            db.session.commit()
        except InvitationError as error:
            db.session.rollback()
            return f"refused: {error}"
        return "joined"

    return attempt


def test_one_invitation_used_twice_at_once_lets_one_person_in(app, world):
    rounds = []
    for n in range(ROUNDS):
        nephew = PersonFactory(family=world.family, name=f"Neef {n}", relation="neef", role=Role.NETWORK)
        invitation = invite(nephew, world.accounts["family"], email=None, send_mail=False).invitation
        rounds.append((invitation, UserFactory(name=f"Eerste {n}"), UserFactory(name=f"Tweede {n}")))
    db.session.commit()
    already_used = "refused: " + translated("This invitation has already been used.")

    for invitation, first, second in rounds:
        outcomes = at_the_same_moment(app, [redeem_as(invitation.id, first.id), redeem_as(invitation.id, second.id)])

        assert sorted(outcomes) == sorted(["joined", already_used])
        db.session.expire_all()
        invitation = db.session.get(Invitation, invitation.id)
        winner, loser = (first, second) if outcomes[0] == "joined" else (second, first)
        assert invitation.used_by_id == winner.id
        assert db.session.get(Person, invitation.person_id).user_id == winner.id
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person).where(
            Person.family_id == world.family.id, Person.user_id == loser.id)) == 0
