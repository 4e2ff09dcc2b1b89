"""The relapse plan: read by the network, kept by the family and the mentor."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.access import Access, FamilyContext, part_entry_view, part_view
from portal.audit.models import AuditAction
from portal.parts.forms import confirm_removal, drop_visibility_unless
from portal.parts.models import PlanPart, Visibility
from portal.relapse.forms import AlarmPairForm, RelapseEntryForm
from portal.relapse.models import AlarmPair, RelapseEntry, RelapseKind
from portal.relapse.queries import alarm_pairs, relapse_sections
from portal.relapse.services import (AlarmDetails, RelapseRefused, delete_alarm_pair, delete_entry, save_alarm_pair,
                                     save_entry)
from portal.submissions.services import already_saved, save_once, twin_saved_first
from portal.tasks.queries import load_people

bp = Blueprint("relapse", __name__)

RELAPSE = PlanPart.RELAPSE


def _back(ctx: FamilyContext, anchor: str | None = None):
    return redirect(url_for("relapse.index", family_id=ctx.family.id, _anchor=anchor), code=303)


@bp.route("/families/<int:family_id>/relapse")
@part_view(RELAPSE)
def index(ctx: FamilyContext):
    return render_template("relapse/index.html", ctx=ctx, sections=relapse_sections(ctx), pairs=alarm_pairs(ctx))


# Entries: warning signs, what happens then, when agreements are not kept ---------------------------

def _render_entry_form(ctx: FamilyContext, form: RelapseEntryForm, entry: RelapseEntry | None):
    return render_template("relapse/entry_form.html", ctx=ctx, form=form, entry=entry)


@bp.route("/families/<int:family_id>/relapse/new", methods=["GET", "POST"])
@part_view(RELAPSE, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new_entry(ctx: FamilyContext):
    form = RelapseEntryForm()
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if not form.is_submitted() and request.args.get("kind") in set(RelapseKind):
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        entry = save_entry(ctx.family, RelapseKind(form.kind.data), form.text.data,
                           form.chosen_visibility())
        return save_once(form, _back(ctx, f"entry-{entry.id}").location, _("It is in the relapse plan."))
    return _render_entry_form(ctx, form, None)


@bp.route("/families/<int:family_id>/relapse/entries/<int:relapse_entry_id>/edit", methods=["GET", "POST"])
@part_entry_view(RELAPSE, RelapseEntry, Access.EDIT_PLAN, "relapse_entry_id")
def edit_entry(ctx: FamilyContext, entry: RelapseEntry):
    form = RelapseEntryForm(obj=entry)
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if not form.is_submitted():
        form.kind.data = entry.kind.value
    form.show_visibility(entry)
    if form.validate_on_submit():
        save_entry(ctx.family, RelapseKind(form.kind.data), form.text.data,
                   form.chosen_visibility(entry.visibility), entry)
        flash(_("Your changes are saved."), "success")
        return _back(ctx, f"entry-{entry.id}")
    return _render_entry_form(ctx, form, entry)


@bp.route("/families/<int:family_id>/relapse/entries/<int:relapse_entry_id>/delete", methods=["GET", "POST"])
@part_entry_view(RELAPSE, RelapseEntry, Access.EDIT_PLAN, "relapse_entry_id", action=AuditAction.DELETE)
def delete_entry_view(ctx: FamilyContext, entry: RelapseEntry):
    return confirm_removal("relapse/confirm_delete.html", lambda: delete_entry(entry),
                           _("It is removed from the relapse plan."), _back(ctx), ctx=ctx, what=entry.text)


# Who may raise the alarm, and with whom --------------------------------------------------------

def _alarm_form(ctx: FamilyContext, pair: AlarmPair | None = None) -> AlarmPairForm:
    data = None
    if pair is not None:
        data = dict(raiser=pair.raiser_id, contact=pair.contact_id, note=pair.note, visibility=pair.visibility.value)
    form = AlarmPairForm(data=data, people=load_people(ctx))
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    return form


def _save_alarm(ctx: FamilyContext, form: AlarmPairForm, pair: AlarmPair | None):
    """Save the form's pair and go back to the plan; on a refusal, show the form again with the reason."""
    details = AlarmDetails(
        raiser=form.people_by_id[form.raiser.data], contact=form.people_by_id[form.contact.data],
        note=form.note.data or "",
        visibility=form.chosen_visibility(pair.visibility if pair else Visibility.NETWORK))
    if pair is None and (resent := already_saved(form)) is not None:
        return resent
    try:
        saved = save_alarm_pair(ctx.family, details, pair)
    except RelapseRefused as refused:
        # A twin post of this same form may have saved the pair a moment ago: answer like a resend.
        if pair is None and (resent := already_saved(form)) is not None:
            return resent
        form.contact.errors.append(str(refused.message))
        return render_template("relapse/alarm_form.html", ctx=ctx, form=form, pair=pair), 422
    except IntegrityError:
        # The pair is unique: a twin post of this same form may have saved it a moment ago.
        if pair is None and (resent := twin_saved_first(form)) is not None:
            return resent
        raise
    if pair is None:
        return save_once(form, _back(ctx, f"alarm-{saved.id}").location, _("Your changes are saved."))
    flash(_("Your changes are saved."), "success")
    return _back(ctx, f"alarm-{saved.id}")


@bp.route("/families/<int:family_id>/relapse/alarms/new", methods=["GET", "POST"])
@part_view(RELAPSE, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new_alarm(ctx: FamilyContext):
    form = _alarm_form(ctx)
    if form.validate_on_submit():
        return _save_alarm(ctx, form, None)
    return render_template("relapse/alarm_form.html", ctx=ctx, form=form, pair=None)


@bp.route("/families/<int:family_id>/relapse/alarms/<int:alarm_id>/edit", methods=["GET", "POST"])
@part_entry_view(RELAPSE, AlarmPair, Access.EDIT_PLAN, "alarm_id")
def edit_alarm(ctx: FamilyContext, pair: AlarmPair):
    form = _alarm_form(ctx, pair)
    if form.validate_on_submit():
        return _save_alarm(ctx, form, pair)
    return render_template("relapse/alarm_form.html", ctx=ctx, form=form, pair=pair)


@bp.route("/families/<int:family_id>/relapse/alarms/<int:alarm_id>/delete", methods=["GET", "POST"])
@part_entry_view(RELAPSE, AlarmPair, Access.EDIT_PLAN, "alarm_id", action=AuditAction.DELETE)
def delete_alarm(ctx: FamilyContext, pair: AlarmPair):
    what = _("%(raiser)s may raise the alarm with %(contact)s", raiser=pair.raiser.name, contact=pair.contact.name)
    return confirm_removal("relapse/confirm_delete.html", lambda: delete_alarm_pair(pair),
                           _("It is removed from the relapse plan."), _back(ctx, "alarms"), ctx=ctx, what=what)
