"""Pages of the meetings part: the list, one meeting (also printable as its agenda), its
preparation, invitations and answers, and its outcome."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import Access, FamilyContext, entry_as_it_is_now, may_reply_for, part_entry_view, part_view
from portal.access.inner import invitation_to, invitation_to_answer
from portal.audit.models import AuditAction
from portal.agreements.forms import AgreementForm
from portal.agreements.services import progress_of
from portal.extensions import dutch_today
from portal.forms import choices
from portal.meetings.forms import InviteForm, MeetingForm, NotesForm, ReplyForm
from portal.meetings.models import Meeting, Reply
from portal.meetings.services import (
    MeetingRefused, Preparation, add_outcome_agreement, create_meeting, edit_preparation, invitable_people,
    invite, invited_who_would_lose_sight, meetings_overview, outcome_agreements_seen_by, record_reply,
    replies_of, save_notes, shareable_entries, shared_entries_seen_by, withdraw,
)
from portal.parts.forms import drop_visibility_unless, show_conflict
from portal.parts.models import PlanPart, Visibility
from portal.parts.versioning import StaleEdit
from portal.submissions.services import already_saved, save_once
from portal.transactions import answer_refusal

bp = Blueprint("meetings", __name__)


@bp.route("/families/<int:family_id>/meetings")
@part_view(PlanPart.MEETINGS)
def index(ctx: FamilyContext):
    today = dutch_today()
    return render_template("meetings/index.html", ctx=ctx, overview=meetings_overview(ctx, today),
                           replies_of=replies_of, today=today)


# Preparation -----------------------------------------------------------------------------------

def _entry_choices(ctx: FamilyContext, form: MeetingForm) -> dict:
    entries = {entry.id: entry for entry in shareable_entries(ctx)}
    form.entries_to_share.choices = choices((entry_id, entry.text) for entry_id, entry in entries.items())
    return entries


def _preparation(form: MeetingForm, entries: dict, current: Visibility = Visibility.NETWORK) -> Preparation:
    return Preparation(
        title=form.title.data, meeting_date=form.meeting_date.data, start_time=form.start_time.data,
        place=form.place.data or "", goal=form.goal.data or "", agenda=form.agenda.data or "",
        ground_rules=form.ground_rules.data or "", shared_concerns=form.shared_concerns.data or "",
        visibility=form.chosen_visibility(current),
        shared_entries=tuple(entries[i] for i in form.entries_to_share.data or () if i in entries),
    )


@bp.route("/families/<int:family_id>/meetings/new", methods=["GET", "POST"])
@part_view(PlanPart.MEETINGS, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new(ctx: FamilyContext):
    form = MeetingForm()
    entries = _entry_choices(ctx, form)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        meeting = create_meeting(ctx.family.id, _preparation(form, entries), current_user)
        return save_once(form, url_for("meetings.invite_people", family_id=ctx.family.id, meeting_id=meeting.id),
                         _("The meeting is planned. Now invite the people you want there."), code=302)
    return render_template("meetings/form.html", ctx=ctx, form=form, meeting=None, entries=entries)


@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.EDIT_PLAN, "meeting_id")
def edit(ctx: FamilyContext, meeting: Meeting):
    form = MeetingForm(obj=meeting)
    entries = _entry_choices(ctx, form)
    form.show_visibility(meeting)
    if not form.is_submitted():
        form.entries_to_share.data = [entry.id for entry in meeting.shared_entries]
        form.version.data = meeting.version
    if form.validate_on_submit():
        losing_sight = invited_who_would_lose_sight(ctx, meeting, form.chosen_visibility(meeting.visibility))
        if losing_sight:
            form.visibility.errors.append(_(
                "These invited people would no longer see the meeting: %(names)s. "
                "Withdraw their invitations first, or keep the meeting visible to the whole network.",
                names=", ".join(person.name for person in losing_sight)))
            return render_template("meetings/form.html", ctx=ctx, form=form, meeting=meeting, entries=entries)
        try:
            edit_preparation(meeting, _preparation(form, entries, meeting.visibility), seen_version=form.version.data)
        except StaleEdit as refused:
            current = entry_as_it_is_now(Meeting, meeting.id)
            return show_conflict("meetings/form.html", refused, ctx=ctx, form=form, meeting=current,
                                 entries=entries, conflict=True)
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("meetings.show", family_id=ctx.family.id, meeting_id=meeting.id))
    return render_template("meetings/form.html", ctx=ctx, form=form, meeting=meeting, entries=entries)


# One meeting, and its agenda to print ----------------------------------------------------------

def _show(ctx: FamilyContext, meeting: Meeting, bound_reply: tuple[int, ReplyForm] | None = None):
    today = dutch_today()
    open_for_answers = not meeting.is_past(today)
    reply_forms = {}
    if open_for_answers:
        reply_forms = {i.person_id: ReplyForm(formdata=None, note=i.reply_note) for i in meeting.invitations
                       if may_reply_for(ctx, i.person)}
    if bound_reply:
        reply_forms[bound_reply[0]] = bound_reply[1]
    mine = next((i for i in meeting.invitations if i.person_id == ctx.membership.id), None)
    return render_template(
        "meetings/show.html", ctx=ctx, meeting=meeting, today=today, replies=replies_of(meeting),
        my_invitation=mine, reply_forms=reply_forms, shared_entries=shared_entries_seen_by(ctx, meeting),
        agreements=progress_of(outcome_agreements_seen_by(ctx, meeting)),
    )


@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>")
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.VIEW_FAMILY, "meeting_id")
def show(ctx: FamilyContext, meeting: Meeting):
    return _show(ctx, meeting)


@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>/agenda")
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.VIEW_FAMILY, "meeting_id")
def agenda(ctx: FamilyContext, meeting: Meeting):
    return render_template("meetings/agenda.html", ctx=ctx, meeting=meeting, replies=replies_of(meeting),
                           shared_entries=shared_entries_seen_by(ctx, meeting))


# Invitations and answers -----------------------------------------------------------------------

@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>/invite", methods=["GET", "POST"])
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.EDIT_PLAN, "meeting_id")
def invite_people(ctx: FamilyContext, meeting: Meeting):
    candidates = {person.id: person for person in invitable_people(ctx, meeting)}
    form = InviteForm()
    form.people.choices = choices(
        (p.id, f"{p.name} ({p.relation})" if p.relation else p.name) for p in candidates.values())
    if form.validate_on_submit():
        added = invite(meeting, [candidates[i] for i in form.people.data])
        flash(_("Invited: %(names)s.", names=", ".join(i.person.name for i in added)), "success")
        return redirect(url_for("meetings.show", family_id=ctx.family.id, meeting_id=meeting.id))
    return render_template("meetings/invite.html", ctx=ctx, meeting=meeting, form=form)


@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>/invitations/<int:person_id>/withdraw",
          methods=["POST"])
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.EDIT_PLAN, "meeting_id")
def withdraw_invitation(ctx: FamilyContext, meeting: Meeting, person_id: int):
    invitation = invitation_to(meeting, person_id)
    name = invitation.person.name
    withdraw(invitation)
    flash(_("The invitation of %(name)s is withdrawn.", name=name), "success")
    return redirect(url_for("meetings.invite_people", family_id=ctx.family.id, meeting_id=meeting.id), code=303)


@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>/replies/<int:person_id>", methods=["POST"])
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.REPLY_MEETINGS, "meeting_id")
def reply(ctx: FamilyContext, meeting: Meeting, person_id: int):
    invitation = invitation_to_answer(ctx, meeting, person_id)
    back = url_for("meetings.show", family_id=ctx.family.id, meeting_id=meeting.id)
    form = ReplyForm()
    if not form.validate():
        return _show(ctx, meeting, bound_reply=(person_id, form))
    try:
        record_reply(invitation, Reply(form.answer.data), form.note.data or "", current_user, dutch_today())
    except MeetingRefused as refused:
        return answer_refusal(refused, back)
    if invitation.person_id == ctx.membership.id:
        flash(_("Thank you for your answer."), "success")
    else:
        flash(_("The answer of %(name)s is noted.", name=invitation.person.name), "success")
    return redirect(back, code=303)


# Outcome ---------------------------------------------------------------------------------------

@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>/notes", methods=["GET", "POST"])
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.EDIT_PLAN, "meeting_id")
def notes(ctx: FamilyContext, meeting: Meeting):
    form = NotesForm(obj=meeting)
    if not form.is_submitted():
        form.version.data = meeting.version
    if form.validate_on_submit():
        try:
            save_notes(meeting, form.notes.data or "", seen_version=form.version.data)
        except StaleEdit as refused:
            current = entry_as_it_is_now(Meeting, meeting.id)
            return show_conflict("meetings/notes.html", refused, ctx=ctx, form=form, meeting=current, conflict=True)
        flash(_("The notes are saved."), "success")
        return redirect(url_for("meetings.show", family_id=ctx.family.id, meeting_id=meeting.id))
    return render_template("meetings/notes.html", ctx=ctx, form=form, meeting=meeting)


@bp.route("/families/<int:family_id>/meetings/<int:meeting_id>/agreements/new", methods=["GET", "POST"])
@part_entry_view(PlanPart.MEETINGS, Meeting, Access.EDIT_PLAN, "meeting_id")
def add_agreement(ctx: FamilyContext, meeting: Meeting):
    """An agreement made at the meeting: it goes into the plan's agreements, linked to the meeting."""
    form = AgreementForm()
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    form.show_visibility(meeting)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        agreement = add_outcome_agreement(meeting, form.agreement_text(meeting.visibility), ctx.membership)
        return save_once(form, url_for("meetings.show", family_id=ctx.family.id, meeting_id=meeting.id,
                                       _anchor="outcome"),
                         _("“%(title)s” is in the plan, as an agreement from this meeting.", title=agreement.title))
    return render_template("meetings/agreement_form.html", ctx=ctx, form=form, meeting=meeting)
