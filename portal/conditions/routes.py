from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.access import Access, FamilyContext, entry_as_it_is_now, part_entry_view, part_view
from portal.access.inner import agreement_seen_by
from portal.audit.models import AuditAction
from portal.agreements.services import visible_agreements
from portal.conditions.forms import CommentForm, ConditionForm, ConditionVisibilityForm, LinkAgreementForm
from portal.conditions.models import Condition
from portal.conditions.services import (add_comment, add_condition, edit_condition, link_agreement,
                                        set_condition_visibility, statuses_of, unlink_agreement,
                                        visible_conditions)
from portal.forms import choices
from portal.parts.forms import show_conflict
from portal.parts.models import PlanPart, Visibility
from portal.parts.versioning import StaleEdit
from portal.submissions.services import already_saved, save_once
from portal.transactions import BrokenForm, answer_refusal

bp = Blueprint("conditions", __name__)

PART = PlanPart.CONDITIONS


def _back(ctx: FamilyContext, condition: Condition):
    return redirect(url_for("conditions.detail", family_id=ctx.family.id, condition_id=condition.id), code=303)


@bp.route("/families/<int:family_id>/plan/conditions")
@part_view(PART)
def index(ctx: FamilyContext):
    return render_template("conditions/index.html", ctx=ctx, statuses=statuses_of(visible_conditions(ctx)))


@bp.route("/families/<int:family_id>/plan/conditions/<int:condition_id>")
@part_entry_view(PART, Condition, Access.VIEW_FAMILY, "condition_id")
def detail(ctx: FamilyContext, condition: Condition):
    return _detail_page(ctx, condition, CommentForm())


def _detail_page(ctx: FamilyContext, condition: Condition, comment_form: CommentForm):
    (condition_status,) = statuses_of([condition])
    # The linked agreements this member may read: none for professionals (agreements are the family's).
    readable = {a.id for a in visible_agreements(ctx)}
    shown = [p for p in condition_status.linked if p.agreement.id in readable]
    link_form = None
    if ctx.can(Access.EDIT_PLAN):
        link_form = LinkAgreementForm()
        link_form.agreement_id.choices = _link_choices(ctx, condition)
    return render_template("conditions/detail.html", ctx=ctx, status=condition_status, shown_agreements=shown,
                           comment_form=comment_form, link_form=link_form)


def _link_choices(ctx: FamilyContext, condition: Condition) -> list:
    linked = {a.id for a in condition.agreements}
    return choices((a.id, a.title) for a in visible_agreements(ctx) if a.id not in linked)


@bp.route("/families/<int:family_id>/plan/conditions/new", methods=["GET", "POST"])
@part_view(PART, Access.ADD_CONDITIONS, action=AuditAction.CREATE)
def new(ctx: FamilyContext):
    form = ConditionForm()
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        condition = add_condition(ctx.family.id, form.text.data, ctx.membership)
        return save_once(form, _back(ctx, condition).location,
                         _("The condition is added. The family decides whether the whole network sees it."))
    return render_template("conditions/form.html", ctx=ctx, form=form, condition=None, current=None, version=0)


@bp.route("/families/<int:family_id>/plan/conditions/<int:condition_id>/edit", methods=["GET", "POST"])
@part_entry_view(PART, Condition, Access.ADD_CONDITIONS, "condition_id", capability_first=True)
def edit(ctx: FamilyContext, condition: Condition):
    form = ConditionForm(obj=condition)
    if form.validate_on_submit():
        try:
            edit_condition(condition, form.text.data, seen_version=form.version.data)
        except StaleEdit as refused:
            current = entry_as_it_is_now(Condition, condition.id)
            return show_conflict("conditions/form.html", refused, ctx=ctx, form=form, condition=current,
                                 current=current, version=current.version)
        flash(_("Your changes are saved."), "success")
        return _back(ctx, condition)
    version = form.version.data if form.is_submitted() else condition.version
    return render_template("conditions/form.html", ctx=ctx, form=form, condition=condition, current=None,
                           version=version)


@bp.route("/families/<int:family_id>/plan/conditions/<int:condition_id>/comments", methods=["POST"])
@part_entry_view(PART, Condition, Access.COMMENT_CONDITIONS, "condition_id",
                 action=AuditAction.CREATE, capability_first=True)
def comment(ctx: FamilyContext, condition: Condition):
    form = CommentForm()
    if not form.validate_on_submit():
        return _detail_page(ctx, condition, form)
    if (resent := already_saved(form)) is not None:
        return resent
    add_comment(condition, form.text.data, ctx.membership)
    return save_once(form, _back(ctx, condition).location, _("Your comment is added."))


@bp.route("/families/<int:family_id>/plan/conditions/<int:condition_id>/agreements", methods=["POST"])
@part_entry_view(PART, Condition, Access.EDIT_PLAN, "condition_id", capability_first=True)
def link(ctx: FamilyContext, condition: Condition):
    form = LinkAgreementForm()
    form.agreement_id.choices = _link_choices(ctx, condition)
    if not form.validate_on_submit():
        flash(_("Please choose one of the agreements."), "error")
        return _back(ctx, condition)
    agreement = agreement_seen_by(ctx, form.agreement_id.data)
    link_agreement(condition, agreement)
    flash(_("The agreement now counts towards this condition."), "success")
    return _back(ctx, condition)


@bp.route("/families/<int:family_id>/plan/conditions/<int:condition_id>/agreements/<int:agreement_id>/unlink",
          methods=["POST"])
@part_entry_view(PART, Condition, Access.EDIT_PLAN, "condition_id",
                 action=AuditAction.DELETE, capability_first=True)
def unlink(ctx: FamilyContext, condition: Condition, agreement_id: int):
    agreement = agreement_seen_by(ctx, agreement_id)
    unlink_agreement(condition, agreement)
    flash(_("The agreement no longer counts towards this condition."), "success")
    return _back(ctx, condition)


@bp.route("/families/<int:family_id>/plan/conditions/<int:condition_id>/visibility", methods=["POST"])
@part_entry_view(PART, Condition, Access.NARROW_VISIBILITY, "condition_id", capability_first=True)
def visibility(ctx: FamilyContext, condition: Condition):
    form = ConditionVisibilityForm()
    if not form.validate_on_submit():
        return answer_refusal(BrokenForm(), _back(ctx, condition).location)
    set_condition_visibility(condition, form.chosen_visibility())
    flash(_("The whole network now sees this condition.") if condition.visibility == Visibility.NETWORK
          else _("Only the family, the mentor and the professionals see this condition now."), "success")
    return _back(ctx, condition)
