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
from datetime import date
from functools import wraps
from typing import Callable

import sqlalchemy as sa
from flask import abort, current_app, g
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from portal.agreements.models import Agreement
from portal.audit.hooks import action_for_request, close_event, open_event, subject_for_request, write_denied
from portal.audit.services import AuditEvent
from portal.audit.models import AccessLogEntry
from portal.consent.models import Consent
from portal.consent.services import Grant, age_bands, grant_for
from portal.extensions import db, utcnow
from portal.families.models import Family, Person, Role
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.parts.registry import FAMILY_CIRCLE, part_info, readers_of
from portal.safety.models import ChainLink, SafePlace, SafetySituation
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
    DELETE_FAMILY = enum.auto()      # delete the whole family space and everything in it
    MANAGE_CONSENT = enum.auto()     # give professionals permission to see parts of the plan
    VIEW_CONSENT = enum.auto()       # see who may see what (professionals: their own permissions)
    VIEW_ACCESS_LOG = enum.auto()    # "who looked at our plan": the family's whole access log
    VIEW_OWN_ACCESS_LOG = enum.auto()  # professionals: their own rows of the access log


# Missing one of these answers 404: what a member may not read does not exist for them.
READ_CAPABILITIES = Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.VIEW_COMMITMENTS

_KEEPS_THE_PLAN = (
    Access.VIEW_FAMILY | Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.EDIT_PLAN
    | Access.MANAGE_PEOPLE | Access.TAKE_TASKS | Access.RECORD_FOR_OTHERS | Access.VIEW_COMMITMENTS
    | Access.NARROW_VISIBILITY | Access.OFFER_HELP | Access.ANSWER_SCALES | Access.WRITE_LOG
    | Access.REPLY_MEETINGS | Access.COMMENT_CONDITIONS
)

ROLE_ACCESS: dict[Role, Access] = {
    # The family asks for help; it does not offer help against its own needs.
    Role.FAMILY: (
        (_KEEPS_THE_PLAN & ~Access.OFFER_HELP) | Access.DELETE_FAMILY | Access.MANAGE_CONSENT
        | Access.VIEW_CONSENT | Access.VIEW_ACCESS_LOG
    ),
    # The mentor keeps the plan with the family (removing the family itself is the family's alone),
    # and, speaking up for the youth, may see who has permission to look.
    Role.MENTOR: _KEEPS_THE_PLAN | Access.VIEW_CONSENT,
    Role.NETWORK: (
        Access.VIEW_FAMILY | Access.VIEW_PLAN | Access.VIEW_PEOPLE | Access.TAKE_TASKS
        | Access.OFFER_HELP | Access.ANSWER_SCALES | Access.WRITE_LOG | Access.REPLY_MEETINGS
    ),
    # A youth sees their own tasks only (see `visible_tasks`), and the people in their plan.
    Role.YOUTH: (
        Access.VIEW_FAMILY | Access.VIEW_PEOPLE | Access.TAKE_TASKS | Access.ANSWER_SCALES
        | Access.WRITE_LOG | Access.REPLY_MEETINGS
    ),
    # Professionals are guests: without the family's consent they see no plan content (and with
    # it, only the consented parts: see `FamilyContext.can_read`).
    Role.PROFESSIONAL: (
        Access.VIEW_FAMILY | Access.ADD_CONDITIONS | Access.COMMENT_CONDITIONS | Access.VIEW_CONSENT
        | Access.VIEW_OWN_ACCESS_LOG
    ),
}

# From this age (the consent rule's middle band, 12 by default) a youth sees the permissions and
# the access log, and agrees to permissions themselves.
YOUTH_RIGHTS = Access.VIEW_CONSENT | Access.VIEW_ACCESS_LOG

# Which roles read each part, which roles narrowing spares and which parts may be narrowed: each
# part says so itself in the part registry (`portal.parts.registry`, filled by each part's `part.py`).
_FAMILY_CIRCLE = FAMILY_CIRCLE


@dataclass(frozen=True)
class FamilyContext:
    """Who the current user is in one family, and what that allows."""

    family: Family
    membership: Person
    access: Access
    # Parts the family limited to the family and the mentor.
    narrowed_parts: frozenset[PlanPart] = frozenset()
    # For a professional: the parts the family's consents in force open to them today.
    grant: Grant = Grant()

    @property
    def role(self) -> Role:
        return self.membership.role

    @property
    def in_family_circle(self) -> bool:
        """The family and the mentor: they see every part and every entry of their own plan."""
        return self.role in _FAMILY_CIRCLE

    def can(self, capability: Access) -> bool:
        return capability in self.access

    def sees_narrowed(self, part: PlanPart) -> bool:
        """Whether what the family narrowed in `part` still shows for this member."""
        return self.in_family_circle or self.role in part_info(part).spared_by_narrowing

    def can_read(self, part: PlanPart) -> bool:
        """Whether this member may open `part` of the plan at all.

        Professionals read a part only while a consent in force names it (conditions excepted,
        which they set). What the family narrowed to "the family and the mentor" stays that way,
        consent or not.
        """
        consented = self.role == Role.PROFESSIONAL and part in self.grant.parts
        if self.role not in readers_of(part) and not consented:
            return False
        return self.sees_narrowed(part) or part not in self.narrowed_parts

    def consent_for(self, part: PlanPart | None) -> int | None:
        """The consent that lets a professional read `part` (for the access log), if any."""
        return self.grant.consent_id(part) if self.role == Role.PROFESSIONAL else None

    def can_comment_on(self, part: PlanPart) -> bool:
        """Professionals with a "read and comment" consent for `part`."""
        return self.role == Role.PROFESSIONAL and part in self.grant.can_comment and self.can_read(part)

    def can_see_entry(self, part: PlanPart, visibility: Visibility) -> bool:
        """Whether one entry of `part`, with its own `visibility`, shows for this member."""
        if not self.can_read(part):
            return False
        return self.sees_narrowed(part) or visibility == Visibility.NETWORK

    def seen_by(self, part: PlanPart, visibility: Visibility = Visibility.NETWORK) -> Visibility:
        """Who in fact sees an entry of `part` with `visibility` (or, without one, the part itself),
        to say so on the page: a narrowed part narrows every entry in it. The one answer to "who sees
        this": every page and every note asks it here."""
        if part in self.narrowed_parts:
            return Visibility.FAMILY_AND_MENTOR
        return visibility


def access_for(membership: Person, today: date | None = None) -> Access:
    access = ROLE_ACCESS.get(membership.role, Access.NONE)
    if membership.role == Role.YOUTH:
        age = membership.age_on(today or utcnow().date())
        if age is not None and age >= age_bands().middle:
            access |= YOUTH_RIGHTS
    return access


def membership_of(user_id: int, family_id: int) -> Person | None:
    return db.session.scalar(
        sa.select(Person)
        .where(Person.user_id == user_id, Person.family_id == family_id, Person.left_at.is_(None))
        .options(selectinload(Person.family))
    )


def family_context(user_id: int, family_id: int) -> FamilyContext | None:
    membership = membership_of(user_id, family_id)
    if membership is None:
        return None
    narrowed = frozenset(db.session.scalars(sa.select(PartVisibility.part).where(
        PartVisibility.family_id == family_id,
        PartVisibility.visibility == Visibility.FAMILY_AND_MENTOR)))
    today = utcnow().date()
    grant = grant_for(membership, today) if membership.role == Role.PROFESSIONAL else Grant()
    return FamilyContext(membership.family, membership, access_for(membership, today), narrowed, grant)


def visible_entries(ctx: FamilyContext, model, part: PlanPart) -> sa.Select:
    """Entries of `model` (with `family_id` and `visibility` columns) that this member may see."""
    query = sa.select(model).where(model.family_id == ctx.family.id)
    if not ctx.can_read(part):
        return query.where(sa.false())
    if ctx.sees_narrowed(part):
        return query
    return query.where(model.visibility == Visibility.NETWORK)


def visible_entry_or_404(ctx: FamilyContext, model, part: PlanPart, entry_id: int):
    """The entry `entry_id` of `model` if this member may see it; else 404 (it does not exist for them)."""
    entry = db.session.scalar(visible_entries(ctx, model, part).where(model.id == entry_id))
    if entry is None:
        abort(404)
    return entry


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


def may_open_safety_page_of(ctx: FamilyContext, youth: Person) -> bool:
    """Whether the member may open the "what do I do now" page of `youth`: the youth themselves,
    and the family and the mentor (to go through it with a child who has no account)."""
    if youth.family_id != ctx.family.id or youth.role != Role.YOUTH or not ctx.can_read(PlanPart.SAFETY):
        return False
    return ctx.in_family_circle or youth.id == ctx.membership.id


def memberships_of_user(user_id: int) -> list[Person]:
    """The user's memberships, one per family, with the family loaded."""
    return list(
        db.session.scalars(
            sa.select(Person)
            .where(Person.user_id == user_id, Person.left_at.is_(None))
            .options(selectinload(Person.family))
            .order_by(Person.family_id)
        )
    )


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


def may_act_for(ctx: FamilyContext, person: Person) -> bool:
    """Whether the user may take, finish or give back tasks on behalf of `person`."""
    if person.family_id != ctx.family.id:
        return False
    if person.id == ctx.membership.id:
        return ctx.can(Access.TAKE_TASKS)
    # The family and the mentor keep records for those who never log in; never for someone who can.
    return ctx.can(Access.RECORD_FOR_OTHERS) and not person.has_account


# The people around the family who offer help and say how they take part.
HELPER_ROLES = frozenset({Role.NETWORK, Role.MENTOR})


def may_offer_help_as(ctx: FamilyContext, person: Person) -> bool:
    """Whether the user may offer help against a need as `person`: themselves, when they are one of
    the helpers, or (the family and the mentor) a helper without an account who offered in person."""
    if person.family_id != ctx.family.id or person.role not in HELPER_ROLES:
        return False
    if person.id == ctx.membership.id:
        return ctx.can(Access.OFFER_HELP)
    return ctx.can(Access.RECORD_FOR_OTHERS) and not person.has_account


def may_remove_log_entry(ctx: FamilyContext, author_id: int | None) -> bool:
    """Whether the user may remove a log entry: only its author, who may take back their own words.
    (The family and the mentor narrow someone else's entry instead of removing it.)"""
    return ctx.can(Access.WRITE_LOG) and author_id is not None and author_id == ctx.membership.id


def may_remove_person(ctx: FamilyContext, person: Person) -> bool:
    """Whether the user may take `person` out of the family's network (handover): the family anyone
    but themselves; the mentor anyone but the family's parents and carers, whose space it is."""
    if person.family_id != ctx.family.id or person.has_left or person.id == ctx.membership.id:
        return False
    if not ctx.can(Access.MANAGE_PEOPLE):
        return False
    return ctx.role == Role.FAMILY or person.role != Role.FAMILY


def visible_consents(ctx: FamilyContext) -> sa.Select[tuple[Consent]]:
    """The family's permissions this member may see: all of them with VIEW_CONSENT, except that a
    professional sees only the ones given to them."""
    query = sa.select(Consent).where(Consent.family_id == ctx.family.id)
    if not ctx.can(Access.VIEW_CONSENT):
        return query.where(sa.false())
    if ctx.role == Role.PROFESSIONAL:
        return query.where(Consent.professional_id == ctx.membership.id)
    return query


def may_withdraw_consent(ctx: FamilyContext, consent: Consent, required: list[Person]) -> bool:
    """The family withdraws any permission; anyone whose agreement it needs (`required`: a youth from
    12, say) may take their agreement back, which ends the permission for everyone."""
    if consent.family_id != ctx.family.id:
        return False
    return ctx.can(Access.MANAGE_CONSENT) or ctx.membership.id in {p.id for p in required}


def may_agree_to_consent(ctx: FamilyContext, consent: Consent, required: list[Person]) -> bool:
    """Only those whose agreement a permission needs (`required`, by the age rule) agree to it,
    each for themselves."""
    return consent.family_id == ctx.family.id and ctx.membership.id in {p.id for p in required}


def may_read_part_comments(ctx: FamilyContext, part: PlanPart) -> bool:
    """Professionals' comments on a part are for the family, the mentor and the professionals who read it."""
    return ctx.can_read(part) and (ctx.in_family_circle or ctx.role == Role.PROFESSIONAL)


def may_read_access_log(ctx: FamilyContext) -> bool:
    return ctx.can(Access.VIEW_ACCESS_LOG) or ctx.can(Access.VIEW_OWN_ACCESS_LOG)


def visible_access_log(ctx: FamilyContext) -> sa.Select[tuple[AccessLogEntry]]:
    """The access-log rows of this family the member may read: all of them (the family, a youth
    from 12), only their own (a professional), or none."""
    query = sa.select(AccessLogEntry).where(AccessLogEntry.family_id == ctx.family.id)
    if ctx.can(Access.VIEW_ACCESS_LOG):
        return query
    if ctx.can(Access.VIEW_OWN_ACCESS_LOG):
        return query.where(AccessLogEntry.user_id == ctx.membership.user_id)
    return query.where(sa.false())


def could_see_entry(ctx: FamilyContext, person: Person, part: PlanPart, visibility: Visibility) -> bool:
    """Whether `person` of this family (with or without an account) would see an entry of `part`
    with `visibility`: for example, whether inviting them to a meeting makes sense."""
    if person.family_id != ctx.family.id:
        return False
    as_them = FamilyContext(ctx.family, person, access_for(person), ctx.narrowed_parts)
    return as_them.can_see_entry(part, visibility)


def may_reply_for(ctx: FamilyContext, person: Person) -> bool:
    """Whether the user may answer a meeting invitation on behalf of `person`."""
    if person.family_id != ctx.family.id:
        return False
    if person.id == ctx.membership.id:
        return ctx.can(Access.REPLY_MEETINGS)
    # As with tasks: the family and the mentor note answers only for those who never log in.
    return ctx.can(Access.RECORD_FOR_OTHERS) and not person.has_account


def _audit_event(ctx: FamilyContext | None, family_id: int | None, part: PlanPart | None) -> AuditEvent:
    return AuditEvent(
        action=action_for_request(), user_id=current_user.id, user_name=current_user.name,
        role=ctx.role.value if ctx else "", family_id=family_id, part=part.value if part else "",
        consent_id=ctx.consent_for(part) if ctx else None, subject=subject_for_request(),
    )


def _deny(ctx: FamilyContext | None, family_id: int | None, part: PlanPart | None, code: int):
    """Log the denied attempt, then answer `code` (404 hides what exists, 403 refuses an action)."""
    write_denied(_audit_event(ctx, family_id, part))
    abort(code)


def _admit(ctx: FamilyContext | None, family_id: int | None, capability: Access,
           part: PlanPart | None = None) -> FamilyContext:
    """The member's context when they may open this page; else log the attempt and answer 404/403."""
    if ctx is None:
        _deny(None, family_id, part, 404)
    if part is not None and not ctx.can_read(part):
        _deny(ctx, family_id, part, 404)
    g.family_ctx = ctx
    if capability not in ctx.access:
        _deny(ctx, family_id, part, 404 if capability & READ_CAPABILITIES else 403)
    return ctx


def _audited(ctx: FamilyContext, part: PlanPart | None, call: Callable[[], object]):
    """Run the view with this request's access-log row open; one row per request, however it ends."""
    open_event(_audit_event(ctx, ctx.family.id, part))
    try:
        response = current_app.make_response(call())
    except HTTPException as error:
        close_event(error.code or 500)
        raise
    close_event(response.status_code)
    return response


def family_view(capability: Access = Access.VIEW_FAMILY, part: PlanPart | None = None) -> Callable:
    """Load the family of `family_id`, check membership and `capability`, pass `ctx` to the view.
    `part` names the part of the plan the page is about, for the access log."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx = _admit(family_context(current_user.id, family_id), family_id, capability)
            return _audited(ctx, part, lambda: view(ctx, **kwargs))

        return wrapped

    return decorator


def part_view(part: PlanPart, capability: Access = Access.VIEW_FAMILY) -> Callable:
    """Like `family_view`, and the member must be able to read `part` (else 404)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            ctx = _admit(family_context(current_user.id, family_id), family_id, capability, part)
            return _audited(ctx, part, lambda: view(ctx, **kwargs))

        return wrapped

    return decorator


def part_entry_view(part: PlanPart, model, capability: Access = Access.VIEW_FAMILY,
                    id_arg: str = "entry_id",
                    scope: Callable[[FamilyContext], sa.Select] | None = None) -> Callable:
    """Like `part_view`, for one entry of `part`: the URL's `id_arg` must name an entry of `model`
    in this family that the member may see (else 404). The view gets `ctx` and the entry.
    `scope` is the part's own scoped query when it is narrower than `visible_entries`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(family_id: int, **kwargs):
            entry_id = kwargs.pop(id_arg)
            ctx = family_context(current_user.id, family_id)
            if ctx is None or not ctx.can_read(part):
                _deny(ctx, family_id, part, 404)
            query = scope(ctx) if scope is not None else visible_entries(ctx, model, part)
            entry = db.session.scalar(query.where(model.id == entry_id))
            if entry is None:
                _deny(ctx, family_id, part, 404)
            ctx = _admit(ctx, family_id, capability, part)
            return _audited(ctx, part, lambda: view(ctx, entry, **kwargs))

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
                _deny(None, family_id, PlanPart.AGREEMENTS, 404)
            task = db.session.scalar(visible_tasks(ctx).where(Task.id == task_id))
            if task is None:
                _deny(ctx, family_id, PlanPart.AGREEMENTS, 404)
            ctx = _admit(ctx, family_id, capability)
            return _audited(ctx, PlanPart.AGREEMENTS, lambda: view(ctx, task, **kwargs))

        return wrapped

    return decorator
