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
from portal.plans.models import PartVisibility, PlanPart, Visibility
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
    NARROW_VISIBILITY = enum.auto()  # limit a part or an entry to the family and the mentor
    OFFER_HELP = enum.auto()         # offer help against a need; say how one takes part
    ANSWER_SCALES = enum.auto()      # answer scale questions
    WRITE_LOG = enum.auto()          # write short updates in the log
    REPLY_MEETINGS = enum.auto()     # say whether one comes to a meeting
    ADD_CONDITIONS = enum.auto()     # professionals: add conditions the plan must meet
    COMMENT_CONDITIONS = enum.auto() # comment on conditions


# Missing one of these answers 404: what a member may not read does not exist for them.
READ_CAPABILITIES = Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.VIEW_COMMITMENTS

_KEEPS_THE_PLAN = (
    Access.VIEW_FAMILY | Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.EDIT_PLAN
    | Access.MANAGE_PEOPLE | Access.TAKE_TASKS | Access.RECORD_FOR_OTHERS | Access.VIEW_COMMITMENTS
    | Access.NARROW_VISIBILITY | Access.OFFER_HELP | Access.ANSWER_SCALES | Access.WRITE_LOG
    | Access.REPLY_MEETINGS | Access.COMMENT_CONDITIONS
)

ROLE_ACCESS: dict[Role, Access] = {
    Role.FAMILY: _KEEPS_THE_PLAN,
    # The mentor keeps the plan with the family (removing the family itself is the family's alone).
    Role.MENTOR: _KEEPS_THE_PLAN,
    Role.NETWORK: (
        Access.VIEW_FAMILY | Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.TAKE_TASKS
        | Access.OFFER_HELP | Access.ANSWER_SCALES | Access.WRITE_LOG | Access.REPLY_MEETINGS
    ),
    # A youth sees their own tasks only (see `visible_tasks`), and the people in their plan.
    Role.YOUTH: (
        Access.VIEW_FAMILY | Access.VIEW_PEOPLE | Access.TAKE_TASKS | Access.ANSWER_SCALES
        | Access.WRITE_LOG | Access.REPLY_MEETINGS
    ),
    # Professionals are guests: without the family's consent they see no plan content.
    Role.PROFESSIONAL: Access.VIEW_FAMILY | Access.ADD_CONDITIONS | Access.COMMENT_CONDITIONS,
}

# Which roles may read each part of the plan, before the family narrows a part or an entry.
# Within SAFETY, network members and youths see only the chains they are part of and the ones
# meant for the whole network (see the safety package's scoped query).
_FAMILY_CIRCLE = frozenset({Role.FAMILY, Role.MENTOR})
_NETWORK = _FAMILY_CIRCLE | {Role.NETWORK}
PART_READERS: dict[PlanPart, frozenset[Role]] = {
    PlanPart.GOAL: _NETWORK,
    PlanPart.CONCERNS: _NETWORK,
    PlanPart.NEEDS: _NETWORK,
    PlanPart.AGREEMENTS: _NETWORK,
    PlanPart.SAFETY: _NETWORK | {Role.YOUTH},
    PlanPart.RELAPSE: _NETWORK,
    PlanPart.CONDITIONS: _NETWORK | {Role.PROFESSIONAL},
    PlanPart.SCORES: _NETWORK | {Role.YOUTH},
    PlanPart.MEETINGS: _NETWORK | {Role.YOUTH},
    PlanPart.LOG: _NETWORK | {Role.YOUTH},
    PlanPart.NETWORK_MAP: _NETWORK | {Role.YOUTH},
}


@dataclass(frozen=True)
class FamilyContext:
    """Who the current user is in one family, and what that allows."""

    family: Family
    membership: Person
    access: Access
    # Parts the family limited to the family and the mentor.
    narrowed_parts: frozenset[PlanPart] = frozenset()

    @property
    def role(self) -> Role:
        return self.membership.role

    @property
    def in_family_circle(self) -> bool:
        """The family and the mentor: they see every part and every entry of their own plan."""
        return self.role in _FAMILY_CIRCLE

    def can(self, capability: Access) -> bool:
        return capability in self.access

    def can_read(self, part: PlanPart) -> bool:
        """Whether this member may open `part` of the plan at all."""
        if self.role not in PART_READERS[part]:
            return False
        return self.in_family_circle or part not in self.narrowed_parts

    def can_see_entry(self, part: PlanPart, visibility: Visibility) -> bool:
        """Whether one entry of `part`, with its own `visibility`, shows for this member."""
        if not self.can_read(part):
            return False
        return self.in_family_circle or visibility == Visibility.NETWORK


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
    narrowed = frozenset(db.session.scalars(sa.select(PartVisibility.part).where(
        PartVisibility.family_id == family_id,
        PartVisibility.visibility == Visibility.FAMILY_AND_MENTOR)))
    return FamilyContext(membership.family, membership, access_for(membership), narrowed)


def visible_entries(ctx: FamilyContext, model, part: PlanPart) -> sa.Select:
    """Entries of `model` (with `family_id` and `visibility` columns) that this member may see."""
    query = sa.select(model).where(model.family_id == ctx.family.id)
    if not ctx.can_read(part):
        return query.where(sa.false())
    if ctx.in_family_circle:
        return query
    return query.where(model.visibility == Visibility.NETWORK)


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


def part_view(part: PlanPart, capability: Access = Access.VIEW_FAMILY) -> Callable:
    """Like `family_view`, and the member must be able to read `part` (else 404)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx = family_context(current_user.id, family_id)
            if ctx is None or not ctx.can_read(part):
                abort(404)
            ctx = _require(ctx, capability)
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
