"""Who is notified of what: one table, read by the events, the scheduler and the settings page.

Audiences:
- ASKED: the person something is asked of (a task offered or carried, a meeting, an agreement);
- KEEPERS: the family and the mentor, who keep the plan going;
- GRANTORS: whoever must still agree to a permission;
- FAMILY: the parents and carers (a permission about to end);
- NETWORK: everyone in the network but professionals (the weekly digest).
Nobody is told of what they did themselves. Professionals are guests: Kring mails them nothing
about the plan.

Defaults: what is asked of you, and what touches safety or the professionals' conditions, comes
right away; news that asks nothing ("Kees said yes") waits for the weekly digest.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.notifications.models import Delivery


class Kind(enum.StrEnum):
    TASK_OFFERED = "task_offered"
    TASK_DUE = "task_due"
    TASK_OVERDUE = "task_overdue"
    MEETING_INVITATION = "meeting_invitation"
    MEETING_REMINDER = "meeting_reminder"
    TASK_ACCEPTED = "task_accepted"
    TASK_DECLINED = "task_declined"
    TASK_RELEASED = "task_released"
    TASK_UNCLAIMED = "task_unclaimed"
    NEW_CONDITION = "new_condition"
    CONSENT_TO_AGREE = "consent_to_agree"
    CONSENT_ENDING = "consent_ending"
    WEEKLY_DIGEST = "weekly_digest"


class Audience(enum.StrEnum):
    ASKED = "asked"
    KEEPERS = "keepers"
    GRANTORS = "grantors"
    FAMILY = "family"
    NETWORK = "network"


@dataclass(frozen=True)
class Rule:
    audience: Audience
    default: Delivery
    label: object            # what the settings page calls it
    digest_possible: bool = True   # the digest itself cannot wait for the digest


RULES: dict[Kind, Rule] = {
    Kind.TASK_OFFERED: Rule(Audience.ASKED, Delivery.NOW, _l("A task is offered to you")),
    Kind.TASK_DUE: Rule(Audience.ASKED, Delivery.NOW, _l("Your task is due tomorrow")),
    Kind.TASK_OVERDUE: Rule(Audience.ASKED, Delivery.NOW, _l("Your task is overdue")),
    Kind.MEETING_INVITATION: Rule(Audience.ASKED, Delivery.NOW, _l("You are invited to a meeting")),
    Kind.MEETING_REMINDER: Rule(Audience.ASKED, Delivery.NOW, _l("A meeting is tomorrow")),
    Kind.TASK_ACCEPTED: Rule(Audience.KEEPERS, Delivery.DIGEST, _l("Someone said yes to a task")),
    Kind.TASK_DECLINED: Rule(Audience.KEEPERS, Delivery.NOW, _l("Someone said no to a task")),
    Kind.TASK_RELEASED: Rule(Audience.KEEPERS, Delivery.NOW, _l("Someone gave a task back")),
    Kind.TASK_UNCLAIMED: Rule(Audience.KEEPERS, Delivery.NOW, _l("Nobody took an open task for a week")),
    Kind.NEW_CONDITION: Rule(Audience.KEEPERS, Delivery.NOW, _l("A professional added a condition")),
    Kind.CONSENT_TO_AGREE: Rule(Audience.GRANTORS, Delivery.NOW, _l("A permission needs your agreement")),
    Kind.CONSENT_ENDING: Rule(Audience.FAMILY, Delivery.NOW, _l("A permission is about to end")),
    Kind.WEEKLY_DIGEST: Rule(Audience.NETWORK, Delivery.NOW, _l("The weekly overview"), digest_possible=False),
}

# How long before its end a permission is "about to end"; how long an open task may wait.
CONSENT_ENDING_DAYS = 14
UNCLAIMED_DAYS = 7


def kinds_for(person) -> list[Kind]:
    """The kinds a person can receive, for their settings page (a `Person`; professionals: none)."""
    from portal.families.models import Role

    wanted = {Role.FAMILY: set(Audience), Role.MENTOR: {Audience.ASKED, Audience.KEEPERS, Audience.NETWORK},
              Role.YOUTH: {Audience.ASKED, Audience.GRANTORS, Audience.NETWORK},
              Role.NETWORK: {Audience.ASKED, Audience.NETWORK}}.get(person.role, set())
    return [kind for kind, rule in RULES.items() if rule.audience in wanted]
