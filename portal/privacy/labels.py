"""Words for the export page: its sections, its columns, and the values they hold."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.audit.models import AuditAction, AuditResult
from portal.consent.models import ConsentLevel, ConsentStatus
from portal.families.forms import ROLE_NAMES
from portal.families.models import Distance, Role
from portal.meetings.labels import REPLY_LABELS
from portal.meetings.models import Reply
from portal.needs.labels import OFFER_STATUS_LABELS, TAKING_PART_GROUPS
from portal.network.labels import DISTANCE_LABELS
from portal.needs.models import OfferStatus, TakingPart
from portal.plans.labels import KIND_LABELS
from portal.parts.registry import PART_TITLES
from portal.parts.labels import VISIBILITY_CHOICES
from portal.plans.models import EntryKind
from portal.parts.models import PlanPart, Visibility
from portal.tasks.labels import CATEGORY_LABELS, RHYTHM_LABELS, STATUS_LABELS
from portal.tasks.models import Category, Rhythm, TaskAction, TaskStatus

SECTION_TITLES = {
    "tasks": _l("Tasks offered to you, taken on by you or added by you"),
    "task_events": _l("What you did with tasks, or noted for someone"),
    "plan_entries": _l("Concerns, strengths and exceptions you wrote"),
    "agreements": _l("Agreements you wrote or changed"),
    "conditions": _l("Conditions you set"),
    "condition_comments": _l("Your comments on conditions"),
    "needs": _l("Needs you wrote down"),
    "help_offers": _l("Offers of help"),
    "taking_part": _l("How you take part"),
    "scale_questions": _l("Scale questions you asked"),
    "scale_answers": _l("Your answers to scale questions"),
    "meetings": _l("Meetings you prepared"),
    "meeting_replies": _l("Answers to meeting invitations"),
    "log_entries": _l("What you wrote in the log"),
    "safety_chains": _l("Safety chains you are in"),
    "safe_places": _l("Safe places"),
    "alarms": _l("Who raises the alarm with whom"),
    "consent_approvals": _l("Permissions for professionals you agreed to"),
    "consents_held": _l("What the family allows you to see"),
    "access_log": _l("What the access log holds about your actions"),
}

COLUMN_LABELS = {
    "about_you": _l("About you"),
    "account_since": _l("Account since"),
    "action": _l("Action"),
    "added_by_you": _l("Added by you"),
    "answered_at": _l("Answered on"),
    "approved_at": _l("Agreed on"),
    "at": _l("When"),
    "category": _l("Kind"),
    "condition": _l("Condition"),
    "created_at": _l("Written on"),
    "date_of_birth": _l("Date of birth"),
    "birth_year": _l("Year of birth"),
    "gender": _l("Gender"),
    "lives": _l("Where you live"),
    "description": _l("Description"),
    "due_date": _l("Date"),
    "email": _l("E-mail address"),
    "has_parental_authority": _l("Has parental authority"),
    "in_network_since": _l("In the network since"),
    "kind": _l("Kind"),
    "language": _l("Language"),
    "last_changed_by_you": _l("Last changed by you"),
    "level": _l("Access"),
    "meeting": _l("Meeting"),
    "meeting_date": _l("Date"),
    "mentor_of": _l("Mentor of"),
    "message": _l("Message"),
    "name": _l("Name"),
    "need": _l("Need"),
    "note": _l("Note"),
    "noted_by_you": _l("Noted by you"),
    "offered_to_you": _l("Offered to you"),
    "on_behalf_of": _l("On behalf of"),
    "part": _l("Part of the plan"),
    "parts": _l("Parts of the plan"),
    "phone": _l("Phone number"),
    "place": _l("Place"),
    "professional": _l("Professional"),
    "purpose": _l("Purpose"),
    "question": _l("Question"),
    "raises_the_alarm": _l("Raises the alarm"),
    "relation": _l("Relation to the family"),
    "replied_at": _l("Answered on"),
    "reply": _l("Answer"),
    "reply_note": _l("Note"),
    "result": _l("Result"),
    "rhythm": _l("How often"),
    "role": _l("Role"),
    "score": _l("Score"),
    "status": _l("Status"),
    "subject": _l("What"),
    "taken_on_by_you": _l("Taken on by you"),
    "task": _l("Task"),
    "text": _l("Text"),
    "title": _l("Title"),
    "two_factor": _l("Two-factor login"),
    "updated_at": _l("Changed on"),
    "valid_from": _l("From"),
    "valid_until": _l("Until"),
    "visibility": _l("Who sees it"),
    "way": _l("How"),
    "with": _l("With"),
    "written_by_you": _l("Written by you"),
    "you_are_called_at": _l("Your place in the chain"),
    "you_are_the_one_to_go_to": _l("You are the one to go to"),
    "your_chain": _l("Your own chain"),
    "your_place": _l("Your own safe place"),
}

TASK_ACTION_LABELS = {
    TaskAction.CREATED: _l("Added"),
    TaskAction.ACCEPTED: _l("Taken on"),
    TaskAction.DECLINED: _l("Said no"),
    TaskAction.DONE: _l("Done"),
    TaskAction.RELEASED: _l("Given back"),
    TaskAction.REOPENED: _l("Opened again"),
    TaskAction.EDITED: _l("Changed"),
}

AUDIT_ACTION_LABELS = {
    AuditAction.READ: _l("Read"),
    AuditAction.CREATE: _l("Added"),
    AuditAction.UPDATE: _l("Changed"),
    AuditAction.DELETE: _l("Removed"),
    AuditAction.EXPORT: _l("Downloaded"),
    AuditAction.LOGIN: _l("Logged in"),
    AuditAction.LOGIN_FAILED: _l("Login failed"),
    AuditAction.LOGOUT: _l("Logged out"),
    AuditAction.CONSENT: _l("Permission changed"),
    AuditAction.VIEW_LOG: _l("Read the access log"),
}

AUDIT_RESULT_LABELS = {
    AuditResult.ALLOWED: _l("Allowed"),
    AuditResult.DENIED: _l("Not allowed"),
    AuditResult.REFUSED: _l("Not possible"),
}

CONSENT_STATUS_LABELS = {
    ConsentStatus.PENDING: _l("Waiting for everyone to agree"),
    ConsentStatus.ACTIVE: _l("Given"),
    ConsentStatus.WITHDRAWN: _l("Withdrawn"),
    ConsentStatus.ENDED: _l("Ended"),
}

CONSENT_LEVEL_LABELS = {
    ConsentLevel.READ: _l("Read"),
    ConsentLevel.COMMENT: _l("Read and comment"),
}

# Per enum, the words for its values (StrEnum members of different enums can share a value).
VALUE_LABELS = {
    AuditAction: AUDIT_ACTION_LABELS, AuditResult: AUDIT_RESULT_LABELS, Category: CATEGORY_LABELS,
    ConsentLevel: CONSENT_LEVEL_LABELS, ConsentStatus: CONSENT_STATUS_LABELS, EntryKind: KIND_LABELS,
    OfferStatus: OFFER_STATUS_LABELS, PlanPart: PART_TITLES, Reply: REPLY_LABELS, Rhythm: RHYTHM_LABELS,
    Role: ROLE_NAMES, TakingPart: TAKING_PART_GROUPS, TaskAction: TASK_ACTION_LABELS, TaskStatus: STATUS_LABELS,
    Visibility: VISIBILITY_CHOICES, Distance: DISTANCE_LABELS,
}


def column_label(key: str) -> str:
    return str(COLUMN_LABELS.get(key, key))


def readable(value) -> str:
    """One exported value as the page shows it, in the reader's language."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value, "d MMMM y, HH:mm")
    if isinstance(value, date):
        return format_date(value, "d MMMM y")
    if isinstance(value, (list, tuple)):
        return ", ".join(readable(item) for item in value) or "–"
    labels = VALUE_LABELS.get(type(value))
    if labels is not None and value in labels:
        return str(labels[value])
    return str(value)
