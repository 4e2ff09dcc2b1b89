"""Each access-log row in plain words, for the family's page "who looked at our plan" (NEN 7513:
who, in which role, what, which part, and under which permission)."""
from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.audit.models import AccessLogEntry, AuditAction, AuditResult
from portal.families.models import Role
from portal.parts.registry import PART_LOG_WORDS

ROLE_WORDS = {
    Role.FAMILY.value: _l("family"),
    Role.YOUTH.value: _l("young person"),
    Role.MENTOR.value: _l("mentor"),
    Role.NETWORK.value: _l("network"),
    Role.PROFESSIONAL.value: _l("professional"),
}

# Pages that belong to no part of the plan, by the start of their endpoint (the row's subject).
PAGE_WORDS = {
    "consent.": _l("who may see what"),
    "plans.overview": _l("the overview of the plan"),
    "families.home": _l("the family's home page"),
    "paper.plan_pdf": _l("the plan"),
}
EVERYTHING_ELSE = _l("the family's space")

# What happened, with and without the permission that allowed it.
ALLOWED = {
    AuditAction.READ: (_l("%(who)s read %(what)s"),
                       _l("%(who)s read %(what)s, allowed by %(permission)s")),
    AuditAction.CREATE: (_l("%(who)s added to %(what)s"),
                         _l("%(who)s added to %(what)s, allowed by %(permission)s")),
    AuditAction.UPDATE: (_l("%(who)s changed %(what)s"),
                         _l("%(who)s changed %(what)s, allowed by %(permission)s")),
    AuditAction.DELETE: (_l("%(who)s removed something from %(what)s"),
                         _l("%(who)s removed something from %(what)s, allowed by %(permission)s")),
    AuditAction.EXPORT: (_l("%(who)s made a PDF of %(what)s"),
                         _l("%(who)s made a PDF of %(what)s, allowed by %(permission)s")),
}
CONSENT_CHANGES = {
    "given": _l("%(who)s gave %(permission)s"),
    "agreed": _l("%(who)s agreed to %(permission)s"),
    "withdrawn": _l("%(who)s withdrew %(permission)s"),
    "ended": _l("%(who)s ended %(permission)s: the professional left the network"),
}


def who(entry: AccessLogEntry) -> str:
    name = entry.user_name or _("Someone")
    role = ROLE_WORDS.get(entry.role)
    person = _("%(name)s (%(role)s)", name=name, role=role) if role else name
    if entry.on_behalf_of:
        return _("%(person)s, for %(other)s", person=person, other=entry.on_behalf_of)
    return person


def permission(consent_given: datetime | None) -> str:
    """"the permission of 1 November 2026", by the day it was given."""
    if consent_given is None:
        return _("a permission")
    return _("the permission of %(date)s", date=format_date(consent_given, "d MMMM y"))


def what(entry: AccessLogEntry) -> str | None:
    """The part of the plan, or the page, the row is about; None when the row does not say."""
    if entry.part in PART_LOG_WORDS:
        return str(PART_LOG_WORDS[entry.part])
    endpoint = entry.subject.split(" ", 1)[0]
    return next((str(words) for start, words in PAGE_WORDS.items() if endpoint.startswith(start)), None)


def sentence(entry: AccessLogEntry, consent_given: datetime | None) -> str:
    """The row in one sentence. `consent_given`: when the row's consent was given, if it has one."""
    person = who(entry)
    about = what(entry)
    what_words = about or str(EVERYTHING_ELSE)
    grounds = permission(consent_given)
    if entry.action == AuditAction.VIEW_LOG:
        return _("%(who)s looked at this access log", who=person)
    if entry.action == AuditAction.CONSENT:
        change = entry.subject.rsplit(":", 1)[-1]
        template = CONSENT_CHANGES.get(change, _l("%(who)s changed %(permission)s"))
        return str(template) % {"who": person, "permission": grounds}
    if entry.result == AuditResult.DENIED:
        if entry.action in (AuditAction.READ, AuditAction.EXPORT):
            return _("%(who)s tried to open %(what)s, but may not", who=person, what=what_words)
        return _("%(who)s tried to change %(what)s, but may not", who=person, what=what_words)
    if entry.result in (AuditResult.REFUSED, AuditResult.ERROR):
        if entry.action in (AuditAction.READ, AuditAction.EXPORT):
            return _("%(who)s tried to open %(what)s; it could not be shown", who=person, what=what_words)
        return _("%(who)s tried to change %(what)s; nothing was changed", who=person, what=what_words)
    if entry.action == AuditAction.READ and about is None:
        return _("%(who)s opened a page of the family's space", who=person)
    if entry.action in ALLOWED:
        plain, with_permission = ALLOWED[entry.action]
        chosen = with_permission if entry.consent_id else plain
        return str(chosen) % {"who": person, "what": what_words, "permission": grounds}
    return _("%(who)s: %(action)s", who=person, action=entry.action.value)
