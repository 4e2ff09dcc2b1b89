"""The safety plan: the chains to call, where the children can go, and the "what do I do now" pages."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.access import (Access, FamilyContext, may_open_safety_page_of, part_entry_view, part_view,
                           visible_people, visible_safe_places, visible_safety_situations)
from portal.access.inner import link_of
from portal.audit.models import AuditAction
from portal.extensions import utcnow
from portal.families.models import Person, Role
from portal.parts.forms import confirm_removal, drop_visibility_unless
from portal.parts.models import PlanPart, Visibility
from portal.safety.forms import SOMEONE_ELSE, BriefingForm, MoveForm, SafePlaceForm, SituationForm
from portal.safety.models import SafePlace, SafetySituation
from portal.safety.queries import (load_briefing, load_safe_places, load_situations, member_safety_page,
                                   youth_safety_page, youths_of)
from portal.safety.services import (LinkDetails, SafePlaceDetails, SafetyRefused, SituationDetails, allowed_moves,
                                    create_situation, delete_safe_place, delete_situation, move_link,
                                    save_briefing, save_safe_place, update_situation)
from portal.tasks.queries import load_people
from portal.submissions.services import already_saved, save_once
from portal.transactions import BrokenForm, answer_refusal

bp = Blueprint("safety", __name__)

SAFETY = PlanPart.SAFETY


def _back_to_plan(ctx: FamilyContext, anchor: str | None = None):
    return redirect(url_for("safety.index", family_id=ctx.family.id, _anchor=anchor), code=303)


@bp.route("/families/<int:family_id>/safety")
@part_view(SAFETY)
def index(ctx: FamilyContext):
    situations = load_situations(ctx)
    moves = {situation.id: allowed_moves(situation) for situation in situations} if ctx.can(Access.EDIT_PLAN) else {}
    return render_template("safety/plan.html", ctx=ctx, situations=situations, moves=moves,
                           safe_places=load_safe_places(ctx), briefing=load_briefing(ctx))


@bp.route("/families/<int:family_id>/safety/now")
@part_view(SAFETY)
def now(ctx: FamilyContext):
    """What do I do now: a youth gets their own page; anyone else the chains that concern them."""
    # The member's own page is the one kept on their device for when there is no connection.
    offline_scope = url_for("safety.now", family_id=ctx.family.id)
    if ctx.role == Role.YOUTH:
        page = youth_safety_page(ctx, ctx.membership)
        return render_template("safety/now.html", ctx=ctx, page=page, youth=ctx.membership,
                               offline_scope=offline_scope, updated_at=utcnow())
    return render_template("safety/now.html", ctx=ctx, page=member_safety_page(ctx), youth=None,
                           offline_scope=offline_scope, updated_at=utcnow())


@bp.route("/families/<int:family_id>/safety/now/<int:youth_id>")
@part_entry_view(SAFETY, Person, Access.VIEW_FAMILY, "youth_id", scope=visible_people,
                 sees=may_open_safety_page_of)
def now_for_youth(ctx: FamilyContext, youth: Person):
    return render_template("safety/now.html", ctx=ctx, page=youth_safety_page(ctx, youth), youth=youth,
                           updated_at=utcnow())


# Chains -----------------------------------------------------------------------------------------

def _situation_form(ctx: FamilyContext, situation: SafetySituation | None = None) -> SituationForm:
    people = load_people(ctx)
    data = None
    if situation is not None:
        data = dict(title=situation.title, for_youth=situation.for_youth_id or 0,
                    visibility=situation.visibility.value,
                    links=[dict(person=link.person_id or SOMEONE_ELSE, name=link.name, phone=link.phone,
                                note=link.note, kind=link.kind.value) for link in situation.links])
    form = SituationForm(data=data, people=people, youths=youths_of(people))
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if not form.is_submitted():
        form.offer_blank_rows()
    return form


def _situation_details(form: SituationForm, situation: SafetySituation | None) -> SituationDetails:
    youth = form.people_by_id.get(form.for_youth.data)
    return SituationDetails(
        title=form.title.data,
        for_youth=youth if youth is not None and youth.role == Role.YOUTH else None,
        visibility=form.chosen_visibility(situation.visibility if situation else Visibility.NETWORK),
        links=[LinkDetails(person=form.people_by_id.get(row.person.data), name=row.name.data or "",
                           phone=row.phone.data or "", note=row.note.data or "", kind=row.link_kind)
               for row in form.filled_rows()],
    )


@bp.route("/families/<int:family_id>/safety/situations/new", methods=["GET", "POST"])
@part_view(SAFETY, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new_situation(ctx: FamilyContext):
    form = _situation_form(ctx)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        try:
            situation = create_situation(ctx.family, _situation_details(form, None))
        except SafetyRefused as refused:
            flash(str(refused.message), "error")
            return render_template("safety/situation_form.html", ctx=ctx, form=form, situation=None), 422
        return save_once(form, _back_to_plan(ctx, f"situation-{situation.id}").location,
                         _("The chain is in the safety plan."))
    return render_template("safety/situation_form.html", ctx=ctx, form=form, situation=None)


@bp.route("/families/<int:family_id>/safety/situations/<int:situation_id>/edit", methods=["GET", "POST"])
@part_entry_view(SAFETY, SafetySituation, Access.EDIT_PLAN, "situation_id", scope=visible_safety_situations)
def edit_situation(ctx: FamilyContext, situation: SafetySituation):
    form = _situation_form(ctx, situation)
    if form.validate_on_submit():
        try:
            update_situation(situation, _situation_details(form, situation))
        except SafetyRefused as refused:
            flash(str(refused.message), "error")
            return render_template("safety/situation_form.html", ctx=ctx, form=form, situation=situation), 422
        flash(_("Your changes are saved."), "success")
        return _back_to_plan(ctx, f"situation-{situation.id}")
    return render_template("safety/situation_form.html", ctx=ctx, form=form, situation=situation)


@bp.route("/families/<int:family_id>/safety/situations/<int:situation_id>/delete", methods=["GET", "POST"])
@part_entry_view(SAFETY, SafetySituation, Access.EDIT_PLAN, "situation_id", scope=visible_safety_situations, action=AuditAction.DELETE)
def delete_situation_view(ctx: FamilyContext, situation: SafetySituation):
    return confirm_removal("safety/confirm_delete.html", lambda: delete_situation(situation),
                           _("The chain is removed from the safety plan."), _back_to_plan(ctx),
                           ctx=ctx, what=situation.title)


@bp.route("/families/<int:family_id>/safety/situations/<int:situation_id>/links/<int:link_id>/move",
          methods=["POST"])
@part_entry_view(SAFETY, SafetySituation, Access.EDIT_PLAN, "situation_id", scope=visible_safety_situations)
def move(ctx: FamilyContext, situation: SafetySituation, link_id: int):
    link = link_of(situation, link_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return answer_refusal(BrokenForm(), _back_to_plan(ctx, f"situation-{situation.id}").location)
    move_link(situation, link, form.direction.data)  # a refusal goes back to the plan with its reason
    flash(_("The order is changed."), "success")
    return _back_to_plan(ctx, f"situation-{situation.id}")


# Who tells the children ------------------------------------------------------------------------

@bp.route("/families/<int:family_id>/safety/briefing", methods=["GET", "POST"])
@part_view(SAFETY, Access.EDIT_PLAN)
def edit_briefing(ctx: FamilyContext):
    briefing = load_briefing(ctx)
    form = BriefingForm(obj=briefing)
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    if briefing is not None:
        form.show_visibility(briefing)
    if form.validate_on_submit():
        save_briefing(ctx.family, form.told_by.data, form.why.data or "",
                      form.chosen_visibility(briefing.visibility if briefing else Visibility.NETWORK))
        flash(_("Your changes are saved."), "success")
        return _back_to_plan(ctx, "children")
    return render_template("safety/briefing_form.html", ctx=ctx, form=form)


# Safe places -----------------------------------------------------------------------------------

def _safe_place_form(ctx: FamilyContext, place: SafePlace | None = None) -> SafePlaceForm:
    people = load_people(ctx)
    data = None
    if place is not None:
        data = dict(youth=place.youth_id, description=place.description, person=place.person_id or SOMEONE_ELSE,
                    phone=place.phone, visibility=place.visibility.value)
    form = SafePlaceForm(data=data, people=people, youths=youths_of(people))
    drop_visibility_unless(form, ctx.can(Access.NARROW_VISIBILITY))
    return form


def _save_safe_place(ctx: FamilyContext, form: SafePlaceForm, place: SafePlace | None):
    details = SafePlaceDetails(
        youth=form.people_by_id[form.youth.data], description=form.description.data,
        person=form.people_by_id.get(form.person.data), phone=form.phone.data or "",
        visibility=form.chosen_visibility(place.visibility if place else Visibility.NETWORK))
    if place is None and (resent := already_saved(form)) is not None:
        return resent
    saved = save_safe_place(ctx.family, details, place)
    if place is None:
        return save_once(form, _back_to_plan(ctx, f"place-{saved.id}").location, _("Your changes are saved."))
    flash(_("Your changes are saved."), "success")
    return _back_to_plan(ctx, f"place-{saved.id}")


@bp.route("/families/<int:family_id>/safety/places/new", methods=["GET", "POST"])
@part_view(SAFETY, Access.EDIT_PLAN, action=AuditAction.CREATE)
def new_safe_place(ctx: FamilyContext):
    form = _safe_place_form(ctx)
    if form.validate_on_submit():
        return _save_safe_place(ctx, form, None)
    return render_template("safety/safe_place_form.html", ctx=ctx, form=form, place=None)


@bp.route("/families/<int:family_id>/safety/places/<int:place_id>/edit", methods=["GET", "POST"])
@part_entry_view(SAFETY, SafePlace, Access.EDIT_PLAN, "place_id", scope=visible_safe_places)
def edit_safe_place(ctx: FamilyContext, place: SafePlace):
    form = _safe_place_form(ctx, place)
    if form.validate_on_submit():
        return _save_safe_place(ctx, form, place)
    return render_template("safety/safe_place_form.html", ctx=ctx, form=form, place=place)


@bp.route("/families/<int:family_id>/safety/places/<int:place_id>/delete", methods=["GET", "POST"])
@part_entry_view(SAFETY, SafePlace, Access.EDIT_PLAN, "place_id", scope=visible_safe_places, action=AuditAction.DELETE)
def delete_safe_place_view(ctx: FamilyContext, place: SafePlace):
    return confirm_removal("safety/confirm_delete.html", lambda: delete_safe_place(place),
                           _("The safe place is removed."), _back_to_plan(ctx), ctx=ctx, what=place.description)
