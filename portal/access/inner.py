"""Loaders for a second thing a URL or form names, inside what a route's loader (see `views`) has
already admitted: an invitation to this meeting, a link of this chain, an agreement to link, a role
to give. Like the route loaders they answer 404 for what is not there (or not for this member to
see) and 403 for what the member sees but may not do, so a view body never decides that itself."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from portal.access.context import FamilyContext
from portal.access.rules import may_grant, may_reply_for
from portal.access.views import visible_entry_or_404
from portal.agreements.models import Agreement
from portal.extensions import db
from portal.families.models import Person, Role
from portal.invitations.models import Invitation
from portal.meetings.models import Meeting, MeetingInvitation
from portal.parts.models import PlanPart
from portal.safety.models import ChainLink, SafetySituation


def invitation_to(meeting: Meeting, person_id: int) -> MeetingInvitation:
    """The invitation of `person_id` to `meeting`; 404 when they are not invited."""
    invitation = next((i for i in meeting.invitations if i.person_id == person_id), None)
    if invitation is None:
        abort(404)
    return invitation


def invitation_to_answer(ctx: FamilyContext, meeting: Meeting, person_id: int) -> MeetingInvitation:
    """The invitation of `person_id` to `meeting` (404 when they are not invited), if this member
    may answer it for them (else 403): see `may_reply_for`."""
    invitation = invitation_to(meeting, person_id)
    if not may_reply_for(ctx, invitation.person):
        abort(403)
    return invitation


def link_of(situation: SafetySituation, link_id: int) -> ChainLink:
    """The link `link_id` of the chain `situation`; 404 for a link of another chain, or none."""
    link = db.session.get(ChainLink, link_id)
    if link is None or link.situation_id != situation.id:
        abort(404)
    return link


def agreement_seen_by(ctx: FamilyContext, agreement_id: int) -> Agreement:
    """An agreement of the plan this member sees (to link it to a condition, or unlink it); else 404."""
    return visible_entry_or_404(ctx, Agreement, PlanPart.AGREEMENTS, agreement_id)


def people_of_family(ctx: FamilyContext) -> sa.Select[tuple[Person]]:
    """Everyone of this family, also who left its network (a scope for a family page: whether the
    member may do anything with them is a rule such as `may_invite`)."""
    return sa.select(Person).where(Person.family_id == ctx.family.id)


def family_invitations(ctx: FamilyContext) -> sa.Select[tuple[Invitation]]:
    """The invitations of this family (a scope for `part_entry_view`)."""
    return sa.select(Invitation).where(Invitation.family_id == ctx.family.id)


def refuse_grant_past_the_form(ctx: FamilyContext, asked: tuple[Role, bool] | None) -> None:
    """A role (and parental authority) a posted form asks to give: the form offers only what the
    user may give (see `may_grant`), so anything else was sent past it: 403, logged."""
    if asked is not None and not may_grant(ctx, *asked):
        abort(403)
