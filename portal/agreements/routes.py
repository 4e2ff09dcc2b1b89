from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.access import (Access, FamilyContext, entry_as_it_is_now, part_entry_view, part_view, visible_entries,
                           visible_tasks)
from portal.audit.models import AuditAction
from portal.agreements.forms import AgreementForm
from portal.agreements.models import Agreement
from portal.agreements.services import (create_agreement, edit_agreement,
                                        progress_of, remove_agreement, visible_agreements)
from portal.conditions.models import Condition, condition_agreements
from portal.extensions import db, dutch_today
from portal.forms import ConfirmForm
from portal.parts.forms import drop_visibility_unless, show_conflict
from portal.parts.models import PlanPart
from portal.parts.versioning import StaleEdit
from portal.tasks.models import Task
from portal.tasks.queries import load_tasks
from portal.submissions.services import already_saved, save_once

bp = Blueprint("agreements", __name__)


@bp.route("/families/<int:family_id>/plan/agreements")
@part_view(PlanPart.AGREEMENTS)
def index(ctx: FamilyContext):
    return render_template("agreements/index.html", ctx=ctx, agreements=progress_of(visible_agreements(ctx)))


@bp.route("/families/<int:family_id>/plan/agreements/<int:agreement_id>")
@part_entry_view(PlanPart.AGREEMENTS, Agreement, Access.VIEW_FAMILY, "agreement_id")
def detail(ctx: FamilyContext, agreement: Agreement):
    (progress,) = progress_of([agreement])
    return render_template("agreements/detail.html", ctx=ctx, progress=progress,
                           tasks=load_tasks(ctx, visible_tasks(ctx).where(Task.agreement_id == agreement.id)),
                           conditions=_conditions_of(ctx, agreement), today=dutch_today())


def _conditions_of(ctx: FamilyContext, agreement: Agreement) -> list[Condition]:
    """The conditions, as far as this member may read them, that this agreement counts towards."""
    return list(db.session.scalars(
        visible_entries(ctx, Condition, PlanPart.CONDITIONS)
        .join(condition_agreements, condition_agreements.c.condition_id == Condition.id)
        .where(condition_agreements.c.agreement_id == agreement.id).order_by(Condition.id)))


@bp.route("/families/<int:family_id>/plan/agreements/new", methods=["GET", "POST"])
@part_view(PlanPart.AGREEMENTS, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new(ctx: FamilyContext):
    form = AgreementForm()
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        agreement = create_agreement(ctx.family.id, form.agreement_text(), ctx.membership)
        return save_once(form, url_for("agreements.detail", family_id=ctx.family.id, agreement_id=agreement.id),
                         _("The agreement is in the plan. Now add the tasks that carry it out."))
    return render_template("agreements/form.html", ctx=ctx, form=form, agreement=None, current=None, version=0)


@bp.route("/families/<int:family_id>/plan/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@part_entry_view(PlanPart.AGREEMENTS, Agreement, Access.EDIT_PLAN, "agreement_id", capability_first=True)
def edit(ctx: FamilyContext, agreement: Agreement):
    form = AgreementForm(obj=agreement)
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    form.show_visibility(agreement)
    if form.validate_on_submit():
        try:
            edit_agreement(agreement, form.agreement_text(agreement.visibility), ctx.membership,
                           seen_version=form.version.data)
        except StaleEdit as refused:
            current = entry_as_it_is_now(Agreement, agreement.id)
            # Show the agreement as it is now, and keep what this user typed beside it.
            return show_conflict("agreements/form.html", refused, ctx=ctx, form=form, agreement=current,
                                 current=current, version=current.version)
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("agreements.detail", family_id=ctx.family.id, agreement_id=agreement.id), code=303)
    version = form.version.data if form.is_submitted() else agreement.version
    return render_template("agreements/form.html", ctx=ctx, form=form, agreement=agreement, current=None,
                           version=version)


@bp.route("/families/<int:family_id>/plan/agreements/<int:agreement_id>/remove", methods=["GET", "POST"])
@part_entry_view(PlanPart.AGREEMENTS, Agreement, Access.EDIT_PLAN, "agreement_id",
                 action=AuditAction.DELETE, capability_first=True)
def remove(ctx: FamilyContext, agreement: Agreement):
    form = ConfirmForm()
    if form.validate_on_submit():
        remove_agreement(agreement)
        flash(_("The agreement is removed. Its tasks are still in the plan."), "success")
        return redirect(url_for("agreements.index", family_id=ctx.family.id), code=303)
    (progress,) = progress_of([agreement])
    return render_template("agreements/remove.html", ctx=ctx, form=form, progress=progress)

