"""Yes-or-no rules about one person or one entry: may this member act for, reply for, remove,
agree to...? Each answers from the `FamilyContext`; views and templates ask, never re-derive."""
from __future__ import annotations

from portal.access.context import FamilyContext
from portal.access.flags import Access, access_for, is_young_child
from portal.access.grants import grant_rights
from portal.consent.models import Consent
from portal.families.models import Person, Role
from portal.parts.models import PlanPart, Visibility


def may_open_safety_page_of(ctx: FamilyContext, youth: Person) -> bool:
    """Whether the member may open the "what do I do now" page of `youth`: the youth themselves,
    and the family and the mentor (to go through it with a child who has no account)."""
    if youth.family_id != ctx.family.id or youth.role != Role.YOUTH or not ctx.can_read(PlanPart.SAFETY):
        return False
    return ctx.in_family_circle or youth.id == ctx.membership.id


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


def may_grant(ctx: FamilyContext, role: Role, parental_authority: bool = False) -> bool:
    """Whether the user may give someone `role` (a parent or carer: with `parental_authority`),
    by the table in `portal.access.grants`: nobody hands out more than their own place allows."""
    if not ctx.can(Access.MANAGE_PEOPLE):
        return False
    return grant_rights(ctx.role, ctx.membership.has_parental_authority).allow(role, parental_authority)


def grantable_roles(ctx: FamilyContext) -> list[Role]:
    """The roles the user may give, in the order of `Role` (the choices of the person form)."""
    return [role for role in Role if may_grant(ctx, role)]


def may_invite(ctx: FamilyContext, person: Person) -> bool:
    """Whether the user may invite `person`: an invitation hands their role to whoever opens it.
    A child under 12 gets no account (the parents act for them), nor does someone who died."""
    return (person.family_id == ctx.family.id and not person.has_left and not person.deceased
            and not is_young_child(person)
            and may_grant(ctx, person.role, person.has_parental_authority))


def may_remove_person(ctx: FamilyContext, person: Person) -> bool:
    """Whether the user may take `person` out of the family's network (handover): anyone but
    themselves whose role (and authority) they may also give (see `may_grant`)."""
    if person.family_id != ctx.family.id or person.has_left or person.id == ctx.membership.id:
        return False
    return may_grant(ctx, person.role, person.has_parental_authority)


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
    """Whether the member opens "who looked at our plan": all of it, or (a professional) their own rows."""
    return ctx.can(Access.VIEW_ACCESS_LOG) or ctx.can(Access.VIEW_OWN_ACCESS_LOG)


def may_see_contact_details(ctx: FamilyContext, person: Person) -> bool:
    """Whether the people page shows `person`'s phone number to the member: to those who read the
    whole plan (the tasks they call each other about), not to a youth who sees only their own part."""
    return person.family_id == ctx.family.id and ctx.can(Access.VIEW_PLAN)


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


# The network map -----------------------------------------------------------------------------------

def may_read_private_notes(ctx: FamilyContext) -> bool:
    """Notes about a person ("contact broken", "conflict with mum") are for the family and the mentor."""
    return ctx.in_family_circle and ctx.can_read(PlanPart.NETWORK_MAP)


def may_edit_person(ctx: FamilyContext, person: Person) -> bool:
    """Whether the member may change what the map says of `person`: themselves, or anyone whose role
    (and authority) they may also give (see `may_grant`); never someone who left the network."""
    if person.family_id != ctx.family.id or person.has_left or not ctx.can(Access.MANAGE_PEOPLE):
        return False
    return person.id == ctx.membership.id or may_grant(ctx, person.role, person.has_parental_authority)


def may_edit_contact_details(person: Person) -> bool:
    """Someone with an account keeps their own name, phone number and e-mail address; the family
    keeps them for people who never log in."""
    return not person.has_account


def may_offer_task_to(ctx: FamilyContext, person: Person) -> bool:
    """Whether the map offers a link to offer `person` a task: the plan's keepers, to someone living
    of the network (not a professional)."""
    return (ctx.can(Access.EDIT_PLAN) and person.family_id == ctx.family.id and not person.has_left
            and not person.deceased and person.role != Role.PROFESSIONAL)


def may_choose_notifications(ctx: FamilyContext) -> bool:
    """Everyone in the network chooses which mail they get; professionals get none about the plan."""
    return ctx.role != Role.PROFESSIONAL


def may_have_whole_plan_feed(ctx: FamilyContext) -> bool:
    """A calendar of the whole plan (every task with a date, every meeting) is for the family and
    the mentor, who see all of it; everyone else gets a calendar of their own part."""
    return ctx.in_family_circle


def may_see_photo(ctx: FamilyContext, person: Person) -> bool:
    """Whether the member sees the photo `person` put up of themselves (when there is one). A photo
    is people-list data: whoever reads the network map sees it, as they see the name beside it; a
    professional only with the family's permission for that part. Not after the person left."""
    return (person.family_id == ctx.family.id and person.photo_version is not None and not person.has_left
            and ctx.can_read(PlanPart.NETWORK_MAP))


def may_put_up_photo(ctx: FamilyContext) -> bool:
    """Whether the member may put up (or take down) a photo, always of their own person only:
    everyone in the family, professionals included, for their own face."""
    return ctx.can(Access.VIEW_FAMILY) and not ctx.membership.has_left
