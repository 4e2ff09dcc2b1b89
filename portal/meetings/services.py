"""Writes to meetings: prepare, invite, answer, record the outcome. The caller commits.

Changes to a meeting's text are a compare-and-set on `Meeting.version` (`portal.plans.versioning`):
when two people edit the preparation or the notes at the same time, the second save is refused
with `StaleEdit` and nothing is lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from portal.access import FamilyContext, could_see_entry, visible_entries, visible_people
from portal.agreements.models import Agreement
from portal.agreements.services import AgreementText, create_agreement
from portal.auth.models import User
from portal.extensions import db, utcnow
from portal.families.models import Person, Role
from portal.meetings.models import (Meeting, MeetingInvitation, Reply, meeting_agreements,
                                    meeting_shared_entries)
from portal.plans.models import PlanEntry
from portal.parts.models import PlanPart, Visibility
from portal.parts.versioning import compare_and_set
from portal.transactions import Refused

MEETING_CHANGED = _l("Someone else changed this meeting while you were editing it. Below is the meeting "
                     "as it is now; your own text is still in the form.")


class MeetingRefused(Refused):
    """The answer is not possible now; `message` says why, in the user's language."""


@dataclass(frozen=True)
class Preparation:
    """Everything the family and the mentor settle before a meeting."""

    title: str
    meeting_date: date
    start_time: time | None
    place: str
    goal: str
    agenda: str
    ground_rules: str
    shared_concerns: str
    visibility: Visibility
    # Concerns, strengths and exceptions of the plan to share (from `shareable_entries`).
    shared_entries: tuple[PlanEntry, ...] = ()


def create_meeting(family_id: int, preparation: Preparation, created_by: User) -> Meeting:
    meeting = Meeting(family_id=family_id, created_by_id=created_by.id, **_columns(preparation))
    meeting.shared_entries = list(preparation.shared_entries)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def edit_preparation(meeting: Meeting, preparation: Preparation, seen_version: int | None) -> None:
    """Raises `StaleEdit` when someone else changed the meeting after `seen_version`."""
    compare_and_set(meeting, seen_version, _columns(preparation), MEETING_CHANGED)
    meeting.shared_entries = list(preparation.shared_entries)
    db.session.flush()


def save_notes(meeting: Meeting, notes: str, seen_version: int | None) -> None:
    """Raises `StaleEdit` when someone else changed the meeting after `seen_version`."""
    compare_and_set(meeting, seen_version, {"notes": notes.strip()}, MEETING_CHANGED)


def add_outcome_agreement(meeting: Meeting, text: AgreementText, by: Person) -> Agreement:
    """A new agreement in the plan that came out of `meeting`, linked to it."""
    agreement = create_agreement(meeting.family_id, text, by)
    meeting.agreements.append(agreement)
    db.session.flush()
    return agreement


def outcome_agreements_seen_by(ctx: FamilyContext, meeting: Meeting) -> list[Agreement]:
    """The agreements that came out of `meeting`, as far as this member may see them."""
    return list(db.session.scalars(
        visible_entries(ctx, Agreement, PlanPart.AGREEMENTS)
        .join(meeting_agreements, meeting_agreements.c.agreement_id == Agreement.id)
        .where(meeting_agreements.c.meeting_id == meeting.id)
        .order_by(Agreement.id)))


def _columns(preparation: Preparation) -> dict:
    return dict(
        title=preparation.title.strip(), meeting_date=preparation.meeting_date,
        start_time=preparation.start_time, place=preparation.place.strip(), goal=preparation.goal.strip(),
        agenda=preparation.agenda.strip(), ground_rules=preparation.ground_rules.strip(),
        shared_concerns=preparation.shared_concerns.strip(), visibility=preparation.visibility,
    )


def shareable_entries(ctx: FamilyContext) -> list[PlanEntry]:
    """The concerns, strengths and exceptions this member may see, to choose from."""
    return list(db.session.scalars(
        visible_entries(ctx, PlanEntry, PlanPart.CONCERNS).order_by(PlanEntry.kind, PlanEntry.id)))


def shared_entries_seen_by(ctx: FamilyContext, meeting: Meeting) -> list[PlanEntry]:
    """The entries chosen for `meeting` that this member may see: a narrowed one leaves no trace."""
    return list(db.session.scalars(
        visible_entries(ctx, PlanEntry, PlanPart.CONCERNS)
        .join(meeting_shared_entries, meeting_shared_entries.c.plan_entry_id == PlanEntry.id)
        .where(meeting_shared_entries.c.meeting_id == meeting.id)
        .order_by(PlanEntry.kind, PlanEntry.id)))


def could_be_invited(ctx: FamilyContext, person: Person, visibility: Visibility) -> bool:
    """People in the network who would see a meeting with `visibility`. Professionals wait for
    the family's consent before they see any part of the plan, so they are not invited here."""
    return person.role != Role.PROFESSIONAL and could_see_entry(ctx, person, PlanPart.MEETINGS, visibility)


def invitable_people(ctx: FamilyContext, meeting: Meeting) -> list[Person]:
    """Who may still be invited to `meeting`, in the order of the people page."""
    invited = {invitation.person_id for invitation in meeting.invitations}
    people = db.session.scalars(visible_people(ctx).order_by(Person.role, Person.name, Person.id))
    return [p for p in people if p.id not in invited and could_be_invited(ctx, p, meeting.visibility)]


def invited_who_would_lose_sight(ctx: FamilyContext, meeting: Meeting, visibility: Visibility) -> list[Person]:
    """Invited people who would no longer see `meeting` if it got `visibility`."""
    return [i.person for i in meeting.invitations if not could_be_invited(ctx, i.person, visibility)]


def invite(meeting: Meeting, people: list[Person]) -> list[MeetingInvitation]:
    """Invite `people` (already checked with `invitable_people`); someone invited twice is skipped."""
    invited = {invitation.person_id for invitation in meeting.invitations}
    added = [MeetingInvitation(person_id=p.id) for p in people if p.id not in invited]
    meeting.invitations.extend(added)
    db.session.flush()
    return added


def withdraw(invitation: MeetingInvitation) -> None:
    db.session.delete(invitation)
    db.session.flush()


def record_reply(invitation: MeetingInvitation, reply: Reply, note: str, recorded_by: User, today: date) -> None:
    """Note `reply` for the invited person; `recorded_by` is whoever pressed the button.

    Raises `MeetingRefused` for a meeting that has already taken place.
    """
    if invitation.meeting.is_past(today):
        raise MeetingRefused(_l("This meeting has already taken place."))
    if reply == Reply.WAITING:
        raise MeetingRefused(_l("Please choose: coming, not coming or maybe."))
    invitation.reply = reply
    invitation.reply_note = note.strip()[:300]
    invitation.replied_at = utcnow()
    invitation.recorded_by_id = recorded_by.id
    db.session.flush()


@dataclass
class MeetingsOverview:
    upcoming: list[Meeting]   # soonest first, today included
    past: list[Meeting]       # most recent first


def meetings_overview(ctx: FamilyContext, today: date) -> MeetingsOverview:
    meetings = list(db.session.scalars(
        visible_entries(ctx, Meeting, PlanPart.MEETINGS)
        .options(selectinload(Meeting.invitations).joinedload(MeetingInvitation.person))
        .order_by(Meeting.meeting_date, Meeting.start_time, Meeting.id)
    ))
    return MeetingsOverview(
        upcoming=[m for m in meetings if not m.is_past(today)],
        past=[m for m in reversed(meetings) if m.is_past(today)],
    )


def last_meeting_before(ctx: FamilyContext, today: date) -> Meeting | None:
    """The most recent meeting before `today` that this member may see."""
    return db.session.scalar(
        visible_entries(ctx, Meeting, PlanPart.MEETINGS).where(Meeting.meeting_date < today)
        .order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1)
    )


def next_meeting(ctx: FamilyContext, today: date) -> Meeting | None:
    """The soonest meeting from `today` on that this member may see."""
    return db.session.scalar(
        visible_entries(ctx, Meeting, PlanPart.MEETINGS).where(Meeting.meeting_date >= today)
        .order_by(Meeting.meeting_date, Meeting.start_time, Meeting.id).limit(1)
    )


def meetings_between(ctx: FamilyContext, first: date, last: date) -> list[Meeting]:
    """The meetings from `first` to `last` (both included) that this member may see, soonest first."""
    return list(db.session.scalars(
        visible_entries(ctx, Meeting, PlanPart.MEETINGS).where(Meeting.meeting_date.between(first, last))
        .order_by(Meeting.meeting_date, Meeting.start_time, Meeting.id)
    ))


def replies_of(meeting: Meeting) -> dict[Reply, list[MeetingInvitation]]:
    """The invitations of `meeting` grouped by answer, every answer present (maybe empty)."""
    grouped: dict[Reply, list[MeetingInvitation]] = {reply: [] for reply in Reply}
    for invitation in meeting.invitations:
        grouped[invitation.reply].append(invitation)
    return grouped
