from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.access import part_view, Access, FamilyContext, family_view
from portal.audit.models import AuditAction
from portal.extensions import db
from portal.families.forms import FamilyForm, PersonForm
from portal.families.models import Person, Role
from portal.forms import choices
from portal.families.services import NewChild, add_person, create_family
from portal.invitations.routes import after_invite
from portal.invitations.services import InvitationError, invite
from portal.parts.models import PlanPart
from portal.tasks.forms import TaskActionForm
from portal.tasks.overview import load_people, youth_page

bp = Blueprint("families", __name__)

# Where each role lands when it opens a family.
ROLE_HOME = {
    Role.FAMILY: "plans.overview",
    Role.MENTOR: "tasks.commitments",
    Role.NETWORK: "tasks.mine",
}


@bp.route("/families/new", methods=["GET", "POST"])
@login_required
def new():
    form = FamilyForm()
    if form.validate_on_submit():
        children = [NewChild(row.form.name.data, row.form.date_of_birth.data)
                    for row in form.children if row.form.name.data]
        family = create_family(current_user, form.name.data, form.your_relation.data,
                               form.has_parental_authority.data, children)
        flash(_("The space for %(family)s is ready. Now add the people around you.", family=family.name),
              "success")
        return redirect(url_for("families.people", family_id=family.id))
    return render_template("families/new.html", form=form)


@bp.route("/families/<int:family_id>/")
@family_view(Access.VIEW_FAMILY)
def home(ctx: FamilyContext):
    endpoint = ROLE_HOME.get(ctx.role)
    if endpoint:
        return redirect(url_for(endpoint, family_id=ctx.family.id))
    if ctx.role == Role.YOUTH:
        return render_template("families/youth_home.html", ctx=ctx, page=youth_page(ctx),
                               action_form=TaskActionForm())
    return render_template("families/guest_home.html", ctx=ctx)


@bp.route("/families/<int:family_id>/people")
@part_view(PlanPart.NETWORK_MAP)
def people(ctx: FamilyContext):
    return render_template("families/people.html", ctx=ctx, people=load_people(ctx))


def _youth_choices(ctx: FamilyContext) -> list:
    youths = db.session.scalars(sa.select(Person).where(
        Person.family_id == ctx.family.id, Person.role == Role.YOUTH, Person.left_at.is_(None)).order_by(Person.name))
    return choices([(0, _("Nobody in particular"))] + [(p.id, p.name) for p in youths])


@bp.route("/families/<int:family_id>/people/new", methods=["GET", "POST"])
@family_view(Access.MANAGE_PEOPLE, part=PlanPart.NETWORK_MAP, action=AuditAction.CREATE)
def add(ctx: FamilyContext):
    form = PersonForm()
    form.mentor_for.choices = _youth_choices(ctx)
    if form.validate_on_submit():
        mentor_for = db.session.get(Person, form.mentor_for.data) if form.mentor_for.data else None
        if mentor_for is not None and mentor_for.family_id != ctx.family.id:
            mentor_for = None
        person = add_person(
            ctx.family, name=form.name.data, relation=form.relation.data, role=Role(form.role.data),
            email=form.email.data, phone=form.phone.data, date_of_birth=form.date_of_birth.data,
            mentor_for=mentor_for, has_parental_authority=form.has_parental_authority.data,
        )
        if form.invite_how.data == "none":
            flash(_("%(name)s has been added to the network.", name=person.name), "success")
            return redirect(url_for("families.people", family_id=ctx.family.id))
        try:
            outcome = invite(person, current_user, email=form.email.data,
                             send_mail=form.invite_how.data == "email")
        except InvitationError as error:
            form.email.errors.append(str(error))
            return render_template("families/person_form.html", ctx=ctx, form=form), 422
        return after_invite(ctx, person, outcome, form.invite_how.data)
    return render_template("families/person_form.html", ctx=ctx, form=form)
