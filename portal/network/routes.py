"""The network map: read by whoever reads the part (professionals only with consent), kept by the
family and the mentor (who may change what they may also give: see `may_edit_person`)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.access import (Access, FamilyContext, entry_as_it_is_now, may_edit_contact_details, may_edit_person,
                           may_read_private_notes, part_entry_view, part_view, visible_people)
from portal.audit.models import AuditAction
from portal.extensions import dutch_today
from portal.families.models import Person, Shape
from portal.network.forms import PersonDetailsForm, QuestionForm, TieForm, chosen_circles, placement_form
from portal.network.labels import TIE_WORDS, question_text
from portal.network.models import CircleQuestion, FamilyTie, Sociogram
from portal.network.queries import (family_ties, genogram, map_people, people_around, person_page, placements,
                                    sociogram_view, sociograms)
from portal.network.services import (PersonDetails, TieRefused, add_sociogram, add_tie, place_people,
                                     remove_sociogram, remove_tie, save_person)
from portal.parts.forms import confirm_removal, show_conflict
from portal.parts.models import PlanPart
from portal.parts.versioning import StaleEdit
from portal.submissions.services import already_saved, save_once, twin_saved_first

bp = Blueprint("network", __name__)

MAP = PlanPart.NETWORK_MAP


def _of_family(model):
    return lambda ctx: sa.select(model).where(model.family_id == ctx.family.id)


@bp.route("/families/<int:family_id>/map")
@part_view(MAP)
def index(ctx: FamilyContext):
    return render_template("network/index.html", ctx=ctx, people=map_people(ctx), ties=family_ties(ctx),
                           sociograms=sociograms(ctx), today=dutch_today())


@bp.route("/families/<int:family_id>/map/family-tree")
@part_view(MAP)
def family_tree(ctx: FamilyContext):
    return render_template("network/genogram.html", ctx=ctx, tree=genogram(ctx, dutch_today()))


# One person ----------------------------------------------------------------------------------------

@bp.route("/families/<int:family_id>/map/people/<int:person_id>")
@part_entry_view(MAP, Person, id_arg="person_id", scope=visible_people)
def person(ctx: FamilyContext, person: Person):
    return render_template("network/person.html", ctx=ctx, page=person_page(ctx, person), today=dutch_today(),
                           notes=may_read_private_notes(ctx))


def _details(form: PersonDetailsForm, person: Person) -> PersonDetails:
    return PersonDetails(
        relation=form.relation.data, birth_year=form.birth_year() if "age_or_year" in form else person.birth_year,
        gender=form.gender.data or "", shape=Shape(form.shape.data), lives=form.chosen_lives(),
        deceased=form.deceased.data,
        name=form.name.data if "name" in form else None, phone=form.phone.data if "phone" in form else None,
        email=form.email.data if "email" in form else None,
        private_notes=form.private_notes.data or "" if "private_notes" in form else None)


@bp.route("/families/<int:family_id>/map/people/<int:person_id>/edit", methods=["GET", "POST"])
@part_entry_view(MAP, Person, Access.MANAGE_PEOPLE, "person_id", scope=visible_people, allowed=may_edit_person,
                 capability_first=True)
def edit_person(ctx: FamilyContext, person: Person):
    form = PersonDetailsForm()
    form.fit_to(person, may_edit_contact_details(person), may_read_private_notes(ctx))
    form.show(person)
    page = dict(ctx=ctx, form=form, person=person, current=None)
    if form.validate_on_submit():
        try:
            save_person(person, _details(form, person), form.version.data)
        except StaleEdit as refused:
            current = entry_as_it_is_now(Person, person.id)
            form.version.data = current.version
            return show_conflict("network/person_form.html", refused, **{**page, "current": current})
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("network.person", family_id=ctx.family.id, person_id=person.id), code=303)
    return render_template("network/person_form.html", **page)


# Family ties ---------------------------------------------------------------------------------------

@bp.route("/families/<int:family_id>/map/ties/new", methods=["GET", "POST"])
@part_view(MAP, Access.MANAGE_PEOPLE, action=AuditAction.CREATE)
def new_tie(ctx: FamilyContext):
    form = TieForm()
    people = map_people(ctx)
    form.offer(people)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        by_id = {p.id: p for p in people}
        try:
            add_tie(ctx.family, by_id[form.person.data], form.chosen_kind(), by_id[form.other.data])
        except TieRefused as refused:
            form.other.errors.append(str(refused.message))
            return render_template("network/tie_form.html", ctx=ctx, form=form), 422
        except IntegrityError:
            if (resent := twin_saved_first(form)) is not None:
                return resent
            raise
        return save_once(form, url_for("network.index", family_id=ctx.family.id, _anchor="ties"),
                         _("The family tie is on the map."))
    return render_template("network/tie_form.html", ctx=ctx, form=form)


@bp.route("/families/<int:family_id>/map/ties/<int:tie_id>/remove", methods=["GET", "POST"])
@part_entry_view(MAP, FamilyTie, Access.MANAGE_PEOPLE, "tie_id", scope=_of_family(FamilyTie),
                 action=AuditAction.DELETE, capability_first=True)
def remove_tie_view(ctx: FamilyContext, tie: FamilyTie):
    what = _("%(person)s is %(tie)s %(other)s", person=tie.person.name, tie=TIE_WORDS[tie.kind], other=tie.other.name)
    return confirm_removal("network/confirm_remove.html", lambda: remove_tie(tie), _("The family tie is removed."),
                           redirect(url_for("network.index", family_id=ctx.family.id, _anchor="ties"), code=303),
                           ctx=ctx, what=what)


# The sociogram -------------------------------------------------------------------------------------

def _chosen(all_sociograms: list[Sociogram], name: str, fallback: int) -> Sociogram | None:
    wanted = request.args.get(name, "")
    for sociogram in all_sociograms:
        if wanted == str(sociogram.id):
            return sociogram
    return all_sociograms[fallback] if len(all_sociograms) > fallback else None


@bp.route("/families/<int:family_id>/map/circles")
@part_view(MAP)
def circles(ctx: FamilyContext):
    """One or two questions side by side (`?left=` and `?right=` name them)."""
    every = sociograms(ctx)
    people = people_around(ctx)
    left, right = _chosen(every, "left", 0), _chosen(every, "right", 1)
    shown = [sociogram_view(s, people) for s in (left, right) if s is not None]
    return render_template("network/circles.html", ctx=ctx, every=every, shown=shown, people=people,
                           left=left, right=right)


@bp.route("/families/<int:family_id>/map/circles/new", methods=["GET", "POST"])
@part_view(MAP, Access.MANAGE_PEOPLE, action=AuditAction.CREATE)
def new_circles(ctx: FamilyContext):
    form = QuestionForm()
    form.offer({s.question for s in sociograms(ctx)})
    if not form.question.choices:
        flash(_("You already use all three questions."), "info")
        return redirect(url_for("network.circles", family_id=ctx.family.id), code=303)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        try:
            sociogram = add_sociogram(ctx.family, CircleQuestion(form.question.data))
        except IntegrityError:
            if (resent := twin_saved_first(form)) is not None:
                return resent
            raise
        return save_once(form, url_for("network.place", family_id=ctx.family.id, sociogram_id=sociogram.id),
                         _("Now place the people in the circles."))
    return render_template("network/question_form.html", ctx=ctx, form=form)


@bp.route("/families/<int:family_id>/map/circles/<int:sociogram_id>/place", methods=["GET", "POST"])
@part_entry_view(MAP, Sociogram, Access.MANAGE_PEOPLE, "sociogram_id", scope=_of_family(Sociogram),
                 action=AuditAction.UPDATE, capability_first=True)
def place(ctx: FamilyContext, sociogram: Sociogram):
    people = people_around(ctx)
    form = placement_form(sociogram.question, people, placements(sociogram))
    if form.validate_on_submit():
        place_people(sociogram, chosen_circles(form, people))
        flash(_("The circles are saved."), "success")
        return redirect(url_for("network.circles", family_id=ctx.family.id, left=sociogram.id), code=303)
    return render_template("network/place.html", ctx=ctx, form=form, sociogram=sociogram, people=people,
                           title=question_text(sociogram.question), view=sociogram_view(sociogram, people))


@bp.route("/families/<int:family_id>/map/circles/<int:sociogram_id>/remove", methods=["GET", "POST"])
@part_entry_view(MAP, Sociogram, Access.MANAGE_PEOPLE, "sociogram_id", scope=_of_family(Sociogram),
                 action=AuditAction.DELETE, capability_first=True)
def remove_circles(ctx: FamilyContext, sociogram: Sociogram):
    return confirm_removal("network/confirm_remove.html", lambda: remove_sociogram(sociogram),
                           _("The question and its circles are removed."),
                           redirect(url_for("network.circles", family_id=ctx.family.id), code=303),
                           ctx=ctx, what=question_text(sociogram.question))
