"""Read models for the home pages: each loads its tasks and people in a fixed number of queries,
however large the network, and groups them in Python."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.access import FamilyContext, visible_people, visible_tasks
from portal.extensions import db
from portal.families.models import Person, Role
from portal.parts.models import PlanPart
from portal.tasks.models import Task, TaskStatus


def load_tasks(ctx: FamilyContext, query: sa.Select | None = None) -> list[Task]:
    query = query if query is not None else visible_tasks(ctx)
    return list(db.session.scalars(
        # Joined, not a query each: a task names at most two people.
        query.options(joinedload(Task.offered_to), joinedload(Task.assignee))
        .order_by(Task.due_date.is_(None), Task.due_date, Task.id)
    ))


def load_people(ctx: FamilyContext) -> list[Person]:
    return list(db.session.scalars(visible_people(ctx).order_by(Person.role, Person.name, Person.id)))


@dataclass
class PlanOverview:
    needs_someone: list[Task]                   # open, or declined and waiting for a new choice
    waiting_for_answer: list[Task]              # offered to someone who has not answered yet
    by_person: list[tuple[Person, list[Task]]]  # accepted, per person
    done: list[Task]
    people: list[Person]
    hidden: int                                 # the family's tasks this reader may not see

    @property
    def empty(self) -> bool:
        return not (self.needs_someone or self.waiting_for_answer or self.by_person or self.done)


def plan_overview(ctx: FamilyContext) -> PlanOverview:
    tasks = load_tasks(ctx)
    # Only a reader kept from the narrowed agreements' tasks can miss any: nobody else pays for the count.
    in_family = len(tasks) if ctx.sees_narrowed(PlanPart.AGREEMENTS) else db.session.scalar(
        sa.select(sa.func.count()).select_from(Task).where(Task.family_id == ctx.family.id))
    accepted: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.status == TaskStatus.ACCEPTED and task.assignee is not None:
            accepted[task.assignee.id].append(task)
    people = load_people(ctx)
    return PlanOverview(
        needs_someone=[t for t in tasks if t.needs_someone],
        waiting_for_answer=[t for t in tasks if t.status == TaskStatus.OFFERED],
        by_person=[(p, accepted[p.id]) for p in people if accepted.get(p.id)],
        done=[t for t in tasks if t.status == TaskStatus.DONE],
        people=people,
        hidden=in_family - len(tasks),
    )


@dataclass
class Commitments:
    """One person's part in the plan, as the mentor follows it."""

    person: Person
    accepted: list[Task] = field(default_factory=list)
    waiting: list[Task] = field(default_factory=list)
    declined: list[Task] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    done: list[Task] = field(default_factory=list)

    @property
    def has_any(self) -> bool:
        return bool(self.accepted or self.waiting or self.declined or self.done)


@dataclass
class CommitmentsOverview:
    unclaimed: list[Task]             # nobody has accepted these yet
    per_person: list[Commitments]
    quiet: list[Person]               # people in the network with no task at all


def commitments_overview(ctx: FamilyContext, today: date) -> CommitmentsOverview:
    tasks = load_tasks(ctx)
    rows = {p.id: Commitments(p) for p in load_people(ctx) if p.role != Role.PROFESSIONAL}
    for task in tasks:
        if task.status in (TaskStatus.ACCEPTED, TaskStatus.DONE):
            owner_id = task.assignee_id
        else:
            owner_id = task.offered_to_id
        row = rows.get(owner_id) if owner_id is not None else None
        if row is None:
            continue
        if task.status == TaskStatus.ACCEPTED:
            row.accepted.append(task)
        elif task.status == TaskStatus.OFFERED:
            row.waiting.append(task)
        elif task.status == TaskStatus.DECLINED:
            row.declined.append(task)
        elif task.status == TaskStatus.DONE:
            row.done.append(task)
        if task.is_overdue(today):
            row.overdue.append(task)
    return CommitmentsOverview(
        unclaimed=[t for t in tasks if t.needs_someone],
        per_person=[r for r in rows.values() if r.has_any],
        quiet=[r.person for r in rows.values() if not r.has_any and r.person.role == Role.NETWORK],
    )


@dataclass
class MyTasks:
    offered_to_me: list[Task]
    open_for_anyone: list[Task]
    accepted_by_me: list[Task]
    done_by_me: list[Task]


def my_tasks(ctx: FamilyContext) -> MyTasks:
    me = ctx.membership.id
    # Only the rows one of the lists below can hold: not every task of the family.
    tasks = load_tasks(ctx, visible_tasks(ctx).where(sa.or_(
        Task.status == TaskStatus.OPEN,
        sa.and_(Task.status == TaskStatus.OFFERED, Task.offered_to_id == me),
        sa.and_(Task.status.in_((TaskStatus.ACCEPTED, TaskStatus.DONE)), Task.assignee_id == me))))
    return MyTasks(
        offered_to_me=[t for t in tasks if t.status == TaskStatus.OFFERED and t.offered_to_id == me],
        open_for_anyone=[t for t in tasks if t.status == TaskStatus.OPEN],
        accepted_by_me=[t for t in tasks if t.status == TaskStatus.ACCEPTED and t.assignee_id == me],
        done_by_me=[t for t in tasks if t.status == TaskStatus.DONE and t.assignee_id == me],
    )


@dataclass
class YouthPage:
    mentors: list[Person]
    my_tasks: MyTasks
    people: list[Person]


def youth_page(ctx: FamilyContext) -> YouthPage:
    people = load_people(ctx)
    mine = [p for p in people if p.role == Role.MENTOR and p.mentor_for_id == ctx.membership.id]
    return YouthPage(
        mentors=mine or [p for p in people if p.role == Role.MENTOR and p.mentor_for_id is None],
        my_tasks=my_tasks(ctx),
        people=[p for p in people if p.id != ctx.membership.id and p.role != Role.PROFESSIONAL],
    )
