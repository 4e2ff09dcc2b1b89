"""The one access policy of Kring.

Every question "may this user see or do this, in this family?" is answered here, from the user's
membership (a `Person` with their account) and its role. Views get a `FamilyContext` through the
`family_view` and `task_view` decorators, which run before the view body; lists come from the
scoped query builders below, so no page can forget a filter. Templates only test the flags they
are handed.

Something a user may not see answers 404, so that its existence does not leak. Something a user
may see but not do answers 403.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import wraps
from typing import Callable

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.families.models import Family, Person, Role
from portal.tasks.models import Task


class Access(enum.IntFlag):
    NONE = 0
    VIEW_FAMILY = enum.auto()        # the family's name and one's own place in it
    VIEW_PLAN = enum.auto()          # every task of the plan
    VIEW_PEOPLE = enum.auto()        # who is in the network
    EDIT_PLAN = enum.auto()          # create and change tasks
    MANAGE_PEOPLE = enum.auto()      # add people and invite them
    TAKE_TASKS = enum.auto()         # accept, decline, finish and give back one's own tasks
    RECORD_FOR_OTHERS = enum.auto()  # record task progress for people without an account
    VIEW_COMMITMENTS = enum.auto()   # the mentor's overview of who committed to what


# Missing one of these answers 404: what a member may not read does not exist for them.
READ_CAPABILITIES = Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.VIEW_COMMITMENTS

ROLE_ACCESS: dict[Role, Access] = {
    Role.FAMILY: (
        Access.VIEW_FAMILY | Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.EDIT_PLAN
        | Access.MANAGE_PEOPLE | Access.TAKE_TASKS | Access.RECORD_FOR_OTHERS
        | Access.VIEW_COMMITMENTS
    ),
    Role.MENTOR: (
        Access.VIEW_FAMILY | Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.EDIT_PLAN
        | Access.MANAGE_PEOPLE | Access.TAKE_TASKS | Access.RECORD_FOR_OTHERS
        | Access.VIEW_COMMITMENTS
    ),
    Role.NETWORK: Access.VIEW_FAMILY | Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.TAKE_TASKS,
    # A youth sees their own tasks only (see `visible_tasks`), and the people in their plan.
    Role.YOUTH: Access.VIEW_FAMILY | Access.VIEW_PEOPLE | Access.TAKE_TASKS,
    # Professionals are guests: without the family's consent they see no plan content.
    Role.PROFESSIONAL: Access.VIEW_FAMILY,
}


@dataclass(frozen=True)
class FamilyContext:
    """Who the current user is in one family, and what that allows."""

    family: Family
    membership: Person
    access: Access

    @property
    def role(self) -> Role:
        return self.membership.role

    def can(self, capability: Access) -> bool:
        return capability in self.access


def access_for(membership: Person) -> Access:
    return ROLE_ACCESS.get(membership.role, Access.NONE)


def membership_of(user_id: int, family_id: int) -> Person | None:
    return db.session.scalar(
        sa.select(Person)
        .where(Person.user_id == user_id, Person.family_id == family_id)
        .options(selectinload(Person.family))
    )


def family_context(user_id: int, family_id: int) -> FamilyContext | None:
    membership = membership_of(user_id, family_id)
    if membership is None:
        return None
    return FamilyContext(membership.family, membership, access_for(membership))


def memberships_of_user(user_id: int) -> list[Person]:
    """The user's memberships, one per family, with the family loaded."""
    return list(
        db.session.scalars(
            sa.select(Person)
            .where(Person.user_id == user_id)
            .options(selectinload(Person.family))
            .order_by(Person.family_id)
        )
    )


def visible_tasks(ctx: FamilyContext) -> sa.Select[tuple[Task]]:
    """The tasks this member may see, as a query to refine further."""
    query = sa.select(Task).where(Task.family_id == ctx.family.id)
    if ctx.can(Access.VIEW_PLAN):
        return query
    if ctx.can(Access.TAKE_TASKS):
        me = ctx.membership.id
        return query.where(sa.or_(Task.offered_to_id == me, Task.assignee_id == me))
    return query.where(sa.false())


def visible_people(ctx: FamilyContext) -> sa.Select[tuple[Person]]:
    query = sa.select(Person).where(Person.family_id == ctx.family.id)
    if ctx.can(Access.VIEW_PEOPLE):
        return query
    return query.where(Person.id == ctx.membership.id)


def may_act_for(ctx: FamilyContext, person: Person) -> bool:
    """Whether the user may take, finish or give back tasks on behalf of `person`."""
    if person.family_id != ctx.family.id:
        return False
    if person.id == ctx.membership.id:
        return ctx.can(Access.TAKE_TASKS)
    # The family and the mentor keep records for those who never log in; never for someone who can.
    return ctx.can(Access.RECORD_FOR_OTHERS) and not person.has_account


def _require(ctx: FamilyContext | None, capability: Access) -> FamilyContext:
    if ctx is None:
        abort(404)
    g.family_ctx = ctx
    if capability not in ctx.access:
        abort(404 if capability & READ_CAPABILITIES else 403)
    return ctx


def family_view(capability: Access = Access.VIEW_FAMILY) -> Callable:
    """Load the family of `family_id`, check membership and `capability`, pass `ctx` to the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx = _require(family_context(current_user.id, family_id), capability)
            return view(ctx, **kwargs)

        return wrapped

    return decorator


def task_view(capability: Access = Access.VIEW_FAMILY) -> Callable:
    """Load the task of `task_id` if this user may see it; pass `ctx` and `task` to the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(task_id: int, **kwargs):
            family_id = db.session.scalar(sa.select(Task.family_id).where(Task.id == task_id))
            ctx = family_context(current_user.id, family_id) if family_id is not None else None
            if ctx is None:
                abort(404)
            task = db.session.scalar(visible_tasks(ctx).where(Task.id == task_id))
            if task is None:
                abort(404)
            ctx = _require(ctx, capability)
            return view(ctx, task, **kwargs)

        return wrapped

    return decorator
