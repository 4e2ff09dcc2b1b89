from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from sqlalchemy.orm import selectinload

from portal.access import (Access, FamilyContext, entry_as_it_is_now, family_view, part_entry_view, part_view,
                           visible_entries)
from portal.audit.models import AuditAction
from portal.extensions import db
from portal.plans.forms import EntryForm, PartVisibilityForm, PlanForm
from portal.parts.forms import confirm_removal, drop_visibility_unless, show_conflict
from portal.plans.queries import part_cards
from portal.plans.labels import FIELD_LABELS, KIND_GROUPS
from portal.parts.registry import PART_TITLES, narrowable_parts
from portal.plans.models import EntryKind, PlanEntry, PlanField, PlanStatus
from portal.parts.models import PlanPart, Visibility
from portal.plans.services import (EntryText, PlanText, add_entry, edit_entry, plan_of, remove_entry,
                                   save_plan, set_part_visibility)
from portal.parts.versioning import StaleEdit
from portal.submissions.services import already_saved, save_once
from portal.transactions import BrokenForm, answer_refusal

bp = Blueprint("plans", __name__)


# The hub ---------------------------------------------------------------------------------------

@bp.route("/families/<int:family_id>/plan")
@family_view(Access.VIEW_FAMILY)
def overview(ctx: FamilyContext):
    return render_template("plans/overview.html", ctx=ctx, cards=part_cards(ctx))


@bp.route("/families/<int:family_id>/plan/visibility", methods=["GET", "POST"])
@family_view(Access.NARROW_VISIBILITY)
def visibility(ctx: FamilyContext):
    form = PartVisibilityForm()
    if form.is_submitted():
        if not form.validate():
            return answer_refusal(BrokenForm(), url_for("plans.visibility", family_id=ctx.family.id))
        part, chosen = PlanPart(form.part.data), form.chosen_visibility()
        set_part_visibility(ctx.family.id, part, chosen)
        flash(_("“%(part)s” is now seen by the whole network.", part=PART_TITLES[part])
              if chosen == Visibility.NETWORK else
              _("“%(part)s” is now seen only by the family and the mentor.", part=PART_TITLES[part]), "success")
        return redirect(url_for("plans.visibility", family_id=ctx.family.id), code=303)
    parts = [(part, ctx.seen_by(part)) for part in narrowable_parts()]
    return render_template("plans/visibility.html", ctx=ctx, parts=parts)


# Goal and the family's own words ---------------------------------------------------------------

@bp.route("/families/<int:family_id>/plan/goal")
@part_view(PlanPart.GOAL)
def goal(ctx: FamilyContext):
    return render_template("plans/goal.html", ctx=ctx, plan=plan_of(ctx.family.id))


@bp.route("/families/<int:family_id>/plan/goal/edit", methods=["GET", "POST"])
@part_view(PlanPart.GOAL, Access.EDIT_PLAN)
def edit_goal(ctx: FamilyContext):
    plan = plan_of(ctx.family.id)
    form = PlanForm(obj=plan)
    if not form.is_submitted() and plan is not None:
        form.status.data = plan.status.value
    if form.validate_on_submit():
        text = PlanText(form.goal.data or "", form.own_words.data or "", PlanStatus(form.status.data))
        try:
            save_plan(ctx.family.id, text, ctx.membership, seen_version=form.version.data)
        except StaleEdit as refused:
            current = plan_of(ctx.family.id)
            return show_conflict("plans/goal_form.html", refused, ctx=ctx, form=form, current=current,
                                 version=current.version if current else 0)
        flash(_("The plan is saved. The earlier text is kept in the history."), "success")
        return redirect(url_for("plans.goal", family_id=ctx.family.id), code=303)
    version = form.version.data if form.is_submitted() else (plan.version if plan else 0)
    return render_template("plans/goal_form.html", ctx=ctx, form=form, current=None, version=version)


@bp.route("/families/<int:family_id>/plan/goal/history")
@part_view(PlanPart.GOAL)
def goal_history(ctx: FamilyContext):
    return render_template("plans/history.html", ctx=ctx, plan=plan_of(ctx.family.id), field_labels=FIELD_LABELS,
                           status_field=PlanField.STATUS)


# Concerns, strengths and exceptions ------------------------------------------------------------

@bp.route("/families/<int:family_id>/plan/concerns")
@part_view(PlanPart.CONCERNS)
def concerns(ctx: FamilyContext):
    entries = db.session.scalars(visible_entries(ctx, PlanEntry, PlanPart.CONCERNS)
                                 .options(selectinload(PlanEntry.author))
                                 .order_by(PlanEntry.created_at, PlanEntry.id)).all()
    groups = [(kind, heading, question, [e for e in entries if e.kind == kind])
              for kind, (heading, question) in KIND_GROUPS.items()]
    return render_template("plans/concerns.html", ctx=ctx, groups=groups)


def _entry_text(form: EntryForm, current: Visibility = Visibility.NETWORK) -> EntryText:
    return EntryText(EntryKind(form.kind.data), form.text.data, form.chosen_visibility(current))


@bp.route("/families/<int:family_id>/plan/concerns/new", methods=["GET", "POST"])
@part_view(PlanPart.CONCERNS, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new_entry(ctx: FamilyContext):
    form = EntryForm()
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if not form.is_submitted() and request.args.get("kind") in {k.value for k in EntryKind}:
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        add_entry(ctx.family.id, _entry_text(form), ctx.membership)
        return save_once(form, url_for("plans.concerns", family_id=ctx.family.id), _("Your note is in the plan."))
    return render_template("plans/entry_form.html", ctx=ctx, form=form, entry=None, current=None, version=0)


@bp.route("/families/<int:family_id>/plan/concerns/<int:entry_id>/edit", methods=["GET", "POST"])
@part_entry_view(PlanPart.CONCERNS, PlanEntry, Access.EDIT_PLAN, "entry_id", capability_first=True)
def edit_entry_page(ctx: FamilyContext, entry: PlanEntry):
    form = EntryForm(obj=entry)
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if not form.is_submitted():
        form.kind.data = entry.kind.value
    form.show_visibility(entry)
    if form.validate_on_submit():
        try:
            edit_entry(entry, _entry_text(form, entry.visibility), seen_version=form.version.data)
        except StaleEdit as refused:
            current = entry_as_it_is_now(PlanEntry, entry.id)
            return show_conflict("plans/entry_form.html", refused, ctx=ctx, form=form, entry=current,
                                 current=current, version=current.version)
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("plans.concerns", family_id=ctx.family.id), code=303)
    version = form.version.data if form.is_submitted() else entry.version
    return render_template("plans/entry_form.html", ctx=ctx, form=form, entry=entry, current=None, version=version)


@bp.route("/families/<int:family_id>/plan/concerns/<int:entry_id>/remove", methods=["GET", "POST"])
@part_entry_view(PlanPart.CONCERNS, PlanEntry, Access.EDIT_PLAN, "entry_id",
                 action=AuditAction.DELETE, capability_first=True)
def remove_entry_page(ctx: FamilyContext, entry: PlanEntry):
    return confirm_removal("plans/entry_remove.html", lambda: remove_entry(entry),
                           _("The note is removed from the plan."),
                           redirect(url_for("plans.concerns", family_id=ctx.family.id), code=303), ctx=ctx, entry=entry)
