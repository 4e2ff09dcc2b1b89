"""The sections of one family's part of a user's data export, one collector per section.

Each collector reads through the scoped queries the pages use, so a section holds only what the
user may see now; the rows are plain dicts of plain values (see `portal.privacy.export`).
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.access import (FamilyContext, visible_entries, visible_safe_places, visible_safety_situations,
                           visible_tasks)
from portal.agreements.models import Agreement
from portal.audit.models import AccessLogEntry
from portal.auth.models import User
from portal.conditions.models import Condition, ConditionComment
from portal.consent.models import Consent, ConsentApproval
from portal.extensions import db
from portal.families.models import Role
from portal.logbook.models import LogEntry
from portal.meetings.models import Meeting, MeetingInvitation
from portal.needs.models import HelpOffer, Need, Participation
from portal.needs.queries import visible_offers
from portal.plans.models import PlanEntry
from portal.parts.models import PlanPart
from portal.relapse.models import AlarmPair
from portal.safety.models import SafePlace, SafetySituation
from portal.scores.models import ScaleAnswer, ScaleQuestion
from portal.tasks.models import Task, TaskEvent

Row = dict[str, object]


def access_log_rows(user: User, family_id: int | None) -> list[Row]:
    """The access-log rows about the user's own actions (in one family, or of the account)."""
    where = AccessLogEntry.family_id.is_(None) if family_id is None else AccessLogEntry.family_id == family_id
    rows = db.session.scalars(sa.select(AccessLogEntry).where(AccessLogEntry.user_id == user.id, where)
                              .order_by(AccessLogEntry.id))
    return [{"at": r.at, "action": r.action, "result": r.result, "role": _known(Role, r.role),
             "part": _known(PlanPart, r.part), "on_behalf_of": r.on_behalf_of, "subject": r.subject} for r in rows]


def _known(enum_cls, value: str):
    """The log stores plain strings: the member of `enum_cls` with this value, so the page can name
    it in the reader's language, or the string itself."""
    return enum_cls(value) if value in enum_cls._value2member_map_ else value


def _ids(query: sa.Select, column) -> sa.Select:
    """The ids of what a scoped query finds, to use in an IN."""
    return query.with_only_columns(column)


def _tasks(ctx: FamilyContext, user: User) -> list[Row]:
    me = ctx.membership.id
    my_events = sa.select(TaskEvent.task_id).where(
        sa.or_(TaskEvent.person_id == me, TaskEvent.recorded_by_id == user.id))
    tasks = db.session.scalars(visible_tasks(ctx).where(sa.or_(
        Task.offered_to_id == me, Task.assignee_id == me, Task.created_by_id == user.id, Task.id.in_(my_events)))
        .order_by(Task.id))
    return [{"title": t.title, "description": t.description, "category": t.category, "rhythm": t.rhythm,
             "status": t.status, "due_date": t.due_date, "offered_to_you": t.offered_to_id == me,
             "taken_on_by_you": t.assignee_id == me, "added_by_you": t.created_by_id == user.id,
             "created_at": t.created_at} for t in tasks]


def _task_events(ctx: FamilyContext, user: User) -> list[Row]:
    me = ctx.membership.id
    events = db.session.scalars(
        sa.select(TaskEvent).where(TaskEvent.task_id.in_(_ids(visible_tasks(ctx), Task.id)),
                                   sa.or_(TaskEvent.person_id == me, TaskEvent.recorded_by_id == user.id))
        .options(selectinload(TaskEvent.task)).order_by(TaskEvent.at, TaskEvent.id))
    return [{"task": e.task.title, "action": e.action, "about_you": e.person_id == me,
             "noted_by_you": e.recorded_by_id == user.id, "note": e.note, "at": e.at} for e in events]


def _plan_entries(ctx: FamilyContext, user: User) -> list[Row]:
    entries = db.session.scalars(visible_entries(ctx, PlanEntry, PlanPart.CONCERNS)
                                 .where(PlanEntry.author_id == ctx.membership.id).order_by(PlanEntry.id))
    return [{"kind": e.kind, "text": e.text, "visibility": e.visibility, "created_at": e.created_at}
            for e in entries]


def _agreements(ctx: FamilyContext, user: User) -> list[Row]:
    me = ctx.membership.id
    agreements = db.session.scalars(visible_entries(ctx, Agreement, PlanPart.AGREEMENTS).where(
        sa.or_(Agreement.created_by_id == me, Agreement.updated_by_id == me)).order_by(Agreement.id))
    return [{"title": a.title, "description": a.description, "written_by_you": a.created_by_id == me,
             "last_changed_by_you": a.updated_by_id == me, "created_at": a.created_at} for a in agreements]


def _conditions(ctx: FamilyContext, user: User) -> list[Row]:
    conditions = db.session.scalars(visible_entries(ctx, Condition, PlanPart.CONDITIONS)
                                    .where(Condition.created_by_id == ctx.membership.id).order_by(Condition.id))
    return [{"text": c.text, "created_at": c.created_at} for c in conditions]


def _condition_comments(ctx: FamilyContext, user: User) -> list[Row]:
    conditions = _ids(visible_entries(ctx, Condition, PlanPart.CONDITIONS), Condition.id)
    comments = db.session.scalars(
        sa.select(ConditionComment).where(ConditionComment.author_id == ctx.membership.id,
                                          ConditionComment.condition_id.in_(conditions))
        .options(selectinload(ConditionComment.condition)).order_by(ConditionComment.id))
    return [{"condition": c.condition.text, "text": c.text, "created_at": c.created_at} for c in comments]


def _needs(ctx: FamilyContext, user: User) -> list[Row]:
    needs = db.session.scalars(visible_entries(ctx, Need, PlanPart.NEEDS)
                               .where(Need.created_by_id == user.id).order_by(Need.id))
    return [{"title": n.title, "description": n.description, "created_at": n.created_at} for n in needs]


def _help_offers(ctx: FamilyContext, user: User) -> list[Row]:
    me = ctx.membership.id
    offers = db.session.scalars(
        visible_offers(ctx).where(sa.or_(HelpOffer.person_id == me, HelpOffer.recorded_by_id == user.id))
        .options(selectinload(HelpOffer.need)).order_by(HelpOffer.id))
    return [{"need": o.need.title, "message": o.message, "status": o.status, "about_you": o.person_id == me,
             "noted_by_you": o.recorded_by_id == user.id, "created_at": o.created_at} for o in offers]


def _taking_part(ctx: FamilyContext, user: User) -> list[Row]:
    participation = db.session.get(Participation, ctx.membership.id)
    return [{"way": participation.way, "updated_at": participation.updated_at}] if participation else []


def _scale_questions(ctx: FamilyContext, user: User) -> list[Row]:
    questions = db.session.scalars(visible_entries(ctx, ScaleQuestion, PlanPart.SCORES)
                                   .where(ScaleQuestion.created_by_id == user.id).order_by(ScaleQuestion.id))
    return [{"text": q.text, "created_at": q.created_at} for q in questions]


def _scale_answers(ctx: FamilyContext, user: User) -> list[Row]:
    questions = _ids(visible_entries(ctx, ScaleQuestion, PlanPart.SCORES), ScaleQuestion.id)
    answers = db.session.scalars(
        sa.select(ScaleAnswer).where(ScaleAnswer.person_id == ctx.membership.id,
                                     ScaleAnswer.question_id.in_(questions))
        .options(selectinload(ScaleAnswer.question)).order_by(ScaleAnswer.answered_at, ScaleAnswer.id))
    return [{"question": a.question.text, "score": a.score, "note": a.note, "answered_at": a.answered_at}
            for a in answers]


def _meetings(ctx: FamilyContext, user: User) -> list[Row]:
    meetings = db.session.scalars(visible_entries(ctx, Meeting, PlanPart.MEETINGS)
                                  .where(Meeting.created_by_id == user.id).order_by(Meeting.id))
    return [{"title": m.title, "meeting_date": m.meeting_date, "place": m.place, "created_at": m.created_at}
            for m in meetings]


def _meeting_replies(ctx: FamilyContext, user: User) -> list[Row]:
    me = ctx.membership.id
    meetings = _ids(visible_entries(ctx, Meeting, PlanPart.MEETINGS), Meeting.id)
    invitations = db.session.scalars(
        sa.select(MeetingInvitation).where(
            MeetingInvitation.meeting_id.in_(meetings),
            sa.or_(MeetingInvitation.person_id == me, MeetingInvitation.recorded_by_id == user.id))
        .options(selectinload(MeetingInvitation.meeting)).order_by(MeetingInvitation.id))
    return [{"meeting": i.meeting.title, "meeting_date": i.meeting.meeting_date, "reply": i.reply,
             "reply_note": i.reply_note, "about_you": i.person_id == me, "noted_by_you": i.recorded_by_id == user.id,
             "replied_at": i.replied_at} for i in invitations]


def _log_entries(ctx: FamilyContext, user: User) -> list[Row]:
    entries = db.session.scalars(visible_entries(ctx, LogEntry, PlanPart.LOG)
                                 .where(LogEntry.author_id == ctx.membership.id).order_by(LogEntry.id))
    return [{"text": e.text, "visibility": e.visibility, "created_at": e.created_at} for e in entries]


def _safety_chains(ctx: FamilyContext, user: User) -> list[Row]:
    """The chains that are the user's own (a youth's) and the chains they are called in."""
    me = ctx.membership.id
    situations = db.session.scalars(visible_safety_situations(ctx).options(
        selectinload(SafetySituation.links)).order_by(SafetySituation.id))
    rows = []
    for situation in situations:
        places = [link.position for link in situation.links if link.person_id == me]
        if places or situation.for_youth_id == me:
            rows.append({"title": situation.title, "your_chain": situation.for_youth_id == me,
                         "you_are_called_at": places})
    return rows


def _safe_places(ctx: FamilyContext, user: User) -> list[Row]:
    me = ctx.membership.id
    places = db.session.scalars(visible_safe_places(ctx).where(
        sa.or_(SafePlace.youth_id == me, SafePlace.person_id == me)).order_by(SafePlace.id))
    return [{"description": p.description, "your_place": p.youth_id == me,
             "you_are_the_one_to_go_to": p.person_id == me} for p in places]


def _alarms(ctx: FamilyContext, user: User) -> list[Row]:
    me = ctx.membership.id
    pairs = db.session.scalars(visible_entries(ctx, AlarmPair, PlanPart.RELAPSE).where(
        sa.or_(AlarmPair.raiser_id == me, AlarmPair.contact_id == me))
        .options(selectinload(AlarmPair.raiser), selectinload(AlarmPair.contact)).order_by(AlarmPair.id))
    return [{"raises_the_alarm": p.raiser.name, "with": p.contact.name, "note": p.note} for p in pairs]


def _consent_approvals(ctx: FamilyContext, user: User) -> list[Row]:
    """The permissions for professionals this user agreed to, as a parent or a youth."""
    rows = db.session.execute(
        sa.select(ConsentApproval, Consent).join(Consent, Consent.id == ConsentApproval.consent_id)
        .where(ConsentApproval.person_id == ctx.membership.id, Consent.family_id == ctx.family.id)
        .options(selectinload(Consent.professional), selectinload(Consent.parts)).order_by(ConsentApproval.id))
    return [{"professional": consent.professional.name, **_consent(consent), "approved_at": approval.approved_at}
            for approval, consent in rows]


def _consents_held(ctx: FamilyContext, user: User) -> list[Row]:
    """For a professional: what the family allowed them to see, and for how long."""
    consents = db.session.scalars(sa.select(Consent).where(Consent.professional_id == ctx.membership.id,
                                                           Consent.family_id == ctx.family.id).order_by(Consent.id))
    return [_consent(c) for c in consents]


def _consent(consent: Consent) -> Row:
    return {"parts": sorted(consent.part_set), "level": consent.level, "purpose": consent.purpose,
            "valid_from": consent.valid_from, "valid_until": consent.valid_until, "status": consent.status}


def _family_access_log(ctx: FamilyContext, user: User) -> list[Row]:
    return access_log_rows(user, ctx.family.id)


# Each section of a family's export, in the order of the page.
FAMILY_SECTIONS: tuple[tuple[str, Callable[[FamilyContext, User], list[Row]]], ...] = (
    ("tasks", _tasks),
    ("task_events", _task_events),
    ("plan_entries", _plan_entries),
    ("agreements", _agreements),
    ("conditions", _conditions),
    ("condition_comments", _condition_comments),
    ("needs", _needs),
    ("help_offers", _help_offers),
    ("taking_part", _taking_part),
    ("scale_questions", _scale_questions),
    ("scale_answers", _scale_answers),
    ("meetings", _meetings),
    ("meeting_replies", _meeting_replies),
    ("log_entries", _log_entries),
    ("safety_chains", _safety_chains),
    ("safe_places", _safe_places),
    ("alarms", _alarms),
    ("consent_approvals", _consent_approvals),
    ("consents_held", _consents_held),
    ("access_log", _family_access_log),
)
