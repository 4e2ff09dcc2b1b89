"""Words for the parts of the plan, its status and its entries, as people read them."""
from flask_babel import lazy_gettext as _l

from portal.plans.models import EntryKind, PlanField, PlanStatus

STATUS_LABELS = {
    PlanStatus.DRAFT: _l("Draft: still being written"),
    PlanStatus.ACTIVE: _l("Active: we are carrying it out"),
    PlanStatus.UNDER_REVIEW: _l("Under review: we are looking at it again"),
    PlanStatus.CLOSED: _l("Closed"),
}

FIELD_LABELS = {
    PlanField.GOAL: _l("the goal"),
    PlanField.OWN_WORDS: _l("the family's own words"),
    PlanField.STATUS: _l("the status"),
}

KIND_LABELS = {
    EntryKind.CONCERN: _l("Concern"),
    EntryKind.STRENGTH: _l("Strength"),
    EntryKind.EXCEPTION: _l("Exception"),
}

# The three groups of the concerns page, each with a heading and a question that helps people write.
KIND_GROUPS = {
    EntryKind.CONCERN: (_l("Concerns"), _l("What do people worry about?")),
    EntryKind.STRENGTH: (_l("Strengths"), _l("What goes well, and who helps?")),
    EntryKind.EXCEPTION: (_l("Exceptions"), _l("When did the problem not happen? What was different then?")),
}
