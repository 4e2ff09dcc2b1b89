"""The scale questions page: every question, everyone's latest score, and the history as a chart."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import Access, FamilyContext, part_entry_view, part_view
from portal.audit.models import AuditAction
from portal.parts.forms import drop_visibility_unless
from portal.parts.models import PlanPart
from portal.scores.forms import AnswerForm, QuestionForm, parse_score
from portal.scores.models import ScaleQuestion
from portal.scores.queries import load_question, question_view, scores_overview
from portal.scores.services import add_question, answer_question, edit_question
from portal.submissions.services import already_saved, save_once

bp = Blueprint("scores", __name__)




@bp.route("/families/<int:family_id>/scores")
@part_view(PlanPart.SCORES)
def index(ctx: FamilyContext):
    return render_template("scores/index.html", ctx=ctx, questions=scores_overview(ctx))


@bp.route("/families/<int:family_id>/scores/new", methods=["GET", "POST"])
@part_view(PlanPart.SCORES, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new(ctx: FamilyContext):
    form = QuestionForm()
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        add_question(ctx.family.id, form.text.data, form.chosen_visibility(), current_user)
        return save_once(form, url_for("scores.index", family_id=ctx.family.id),
                         _("The question is in the plan. Everyone who sees it can now give their score."))
    return render_template("scores/question_form.html", ctx=ctx, form=form, question=None)


@bp.route("/families/<int:family_id>/scores/<int:question_id>/edit", methods=["GET", "POST"])
@part_entry_view(PlanPart.SCORES, ScaleQuestion, Access.EDIT_PLAN, "question_id")
def edit(ctx: FamilyContext, question: ScaleQuestion):
    form = QuestionForm(obj=question)
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    form.show_visibility(question)
    if form.validate_on_submit():
        edit_question(question, form.text.data, form.chosen_visibility(question.visibility))
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("scores.index", family_id=ctx.family.id, _anchor=f"question-{question.id}"),
                        code=303)
    return render_template("scores/question_form.html", ctx=ctx, form=form, question=question)


@bp.route("/families/<int:family_id>/scores/<int:question_id>/answer", methods=["GET", "POST"])
@part_entry_view(PlanPart.SCORES, ScaleQuestion, Access.ANSWER_SCALES, "question_id")
def answer(ctx: FamilyContext, question: ScaleQuestion):
    form = AnswerForm()
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        answer_question(question, ctx.membership, parse_score(form.score.data), form.note.data or "")
        return save_once(form, url_for("scores.index", family_id=ctx.family.id, _anchor=f"question-{question.id}"),
                         _("Thank you! Your score is saved."))
    view = question_view(load_question(question), ctx.membership)
    return render_template("scores/answer.html", ctx=ctx, form=form, view=view)
