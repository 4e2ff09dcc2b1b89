"""What each role may do in a family, as capability flags (the sourcehut way): views and templates
test `Access.EDIT_PLAN in ctx.access`, and never re-derive a rule from the role."""
from __future__ import annotations

import enum
from datetime import date

from portal.consent.grants import age_bands
from portal.extensions import dutch_today
from portal.families.models import Person, Role


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


def is_young_child(person: Person, today: date | None = None) -> bool:
    """A child under the consent rule's middle band (12 by default): a child, not a "young person",
    who gets no account of their own yet."""
    age = person.age_on(today or dutch_today())
    return person.role == Role.YOUTH and age is not None and age < age_bands().middle


def access_for(membership: Person, today: date | None = None) -> Access:
    access = ROLE_ACCESS.get(membership.role, Access.NONE)
    if membership.role == Role.YOUTH:
        age = membership.age_on(today or dutch_today())
        if age is not None and age >= age_bands().middle:
            access |= YOUTH_RIGHTS
    return access
