"""Scoped queries: every list a page shows starts from one of these, so no page can forget a filter.
Each returns a `Select` to refine further, already limited to what the member may see."""
from __future__ import annotations

import sqlalchemy as sa

from portal.access.context import FamilyContext
from portal.access.flags import Access
from portal.agreements.models import Agreement
from portal.audit.models import AccessLogEntry
from portal.consent.models import Consent
from portal.families.models import Person, Role
from portal.parts.models import PlanPart, Visibility
from portal.safety.models import ChainLink, SafePlace, SafetySituation
from portal.tasks.models import Task


def visible_entries(ctx: FamilyContext, model, part: PlanPart) -> sa.Select:
    """Entries of `model` (with `family_id` and `visibility` columns) that this member may see."""
    query = sa.select(model).where(model.family_id == ctx.family.id)
    if not ctx.can_read(part):
        return query.where(sa.false())
    if ctx.sees_narrowed(part):
        return query
    return query.where(model.visibility == Visibility.NETWORK)


def visible_safety_situations(ctx: FamilyContext) -> sa.Select[tuple[SafetySituation]]:
    """The safety chains this member sees. The family and the mentor: all of them. A youth: always
    their own chains. Anyone who reads the safety plan: the chains for the whole network and the
    chains they are called in, unless the family narrowed that chain to the family and the mentor."""
    query = sa.select(SafetySituation).where(SafetySituation.family_id == ctx.family.id)
    if not ctx.can_read(PlanPart.SAFETY):
        return query.where(sa.false())
    if ctx.sees_narrowed(PlanPart.SAFETY):
        return query
    me = ctx.membership.id
    called_in = sa.select(ChainLink.id).where(
        ChainLink.situation_id == SafetySituation.id, ChainLink.person_id == me).exists()
    shared = sa.and_(SafetySituation.visibility == Visibility.NETWORK,
                     sa.or_(SafetySituation.for_youth_id.is_(None), called_in))
    return query.where(sa.or_(SafetySituation.for_youth_id == me, shared))


def visible_safe_places(ctx: FamilyContext) -> sa.Select[tuple[SafePlace]]:
    """Where the children can go when they do not feel safe. The family and the mentor see every
    child's places; a youth always their own; anyone else only the places where they are the one
    to go to, unless the family narrowed that place to the family and the mentor."""
    query = sa.select(SafePlace).where(SafePlace.family_id == ctx.family.id)
    if not ctx.can_read(PlanPart.SAFETY):
        return query.where(sa.false())
    if ctx.sees_narrowed(PlanPart.SAFETY):
        return query
    me = ctx.membership.id
    return query.where(sa.or_(SafePlace.youth_id == me,
                              sa.and_(SafePlace.visibility == Visibility.NETWORK, SafePlace.person_id == me)))


def visible_tasks(ctx: FamilyContext) -> sa.Select[tuple[Task]]:
    """The tasks this member may see, as a query to refine further.

    Tasks belong to the agreements part. Whoever reads it sees every task, except the tasks of an
    agreement the family narrowed, which outside the family and the mentor only the person asked
    or doing it sees. Anyone who takes tasks always sees their own.
    """
    query = sa.select(Task).where(Task.family_id == ctx.family.id)
    me = ctx.membership.id
    own = sa.or_(Task.offered_to_id == me, Task.assignee_id == me)
    if ctx.can_read(PlanPart.AGREEMENTS):
        if ctx.sees_narrowed(PlanPart.AGREEMENTS):
            return query
        narrowed_agreements = sa.select(Agreement.id).where(
            Agreement.family_id == ctx.family.id, Agreement.visibility == Visibility.FAMILY_AND_MENTOR)
        return query.where(sa.or_(Task.agreement_id.is_(None), Task.agreement_id.not_in(narrowed_agreements), own))
    if ctx.can(Access.TAKE_TASKS):
        return query.where(own)
    return query.where(sa.false())


def visible_people(ctx: FamilyContext) -> sa.Select[tuple[Person]]:
    """The people in the network this member may see; those who left it are history, not network."""
    query = sa.select(Person).where(Person.family_id == ctx.family.id, Person.left_at.is_(None))
    if ctx.can(Access.VIEW_PEOPLE) or ctx.can_read(PlanPart.NETWORK_MAP):
        return query
    return query.where(Person.id == ctx.membership.id)


def visible_consents(ctx: FamilyContext) -> sa.Select[tuple[Consent]]:
    """The family's permissions this member may see: all of them with VIEW_CONSENT, except that a
    professional sees only the ones given to them."""
    query = sa.select(Consent).where(Consent.family_id == ctx.family.id)
    if not ctx.can(Access.VIEW_CONSENT):
        return query.where(sa.false())
    if ctx.role == Role.PROFESSIONAL:
        return query.where(Consent.professional_id == ctx.membership.id)
    return query


def visible_access_log(ctx: FamilyContext) -> sa.Select[tuple[AccessLogEntry]]:
    """The access-log rows of this family the member may read: all of them (the family, a youth
    from 12), only their own (a professional), or none."""
    query = sa.select(AccessLogEntry).where(AccessLogEntry.family_id == ctx.family.id)
    if ctx.can(Access.VIEW_ACCESS_LOG):
        return query
    if ctx.can(Access.VIEW_OWN_ACCESS_LOG):
        return query.where(AccessLogEntry.user_id == ctx.membership.user_id)
    return query.where(sa.false())
