from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.audit.models import AuditAction
from portal.access import (Access, FamilyContext, family_view, grantable_roles, may_grant,
                           part_view)
from portal.access.inner import refuse_grant_past_the_form
from portal.consent.queries import guest_parts, pause_notice
from portal.consent.services import consents_in_force, paused_consents
from portal.extensions import db, dutch_today
from portal.families.forms import FamilyForm, PersonForm
from portal.families.models import Person, Role
from portal.forms import choices
from portal.families.services import NewChild, add_person, create_family
from portal.invitations.routes import after_invite
from portal.invitations.services import InvitationError, invite
from portal.parts.models import PlanPart
from portal.safety.queries import first_call
from portal.tasks.queries import load_people, youth_page
from portal.submissions.services import already_saved, commit_once, save_once

bp = Blueprint("families", __name__)

# Where each role lands when it opens a family.
ROLE_HOME = {
    Role.FAMILY: "review.today",
    Role.MENTOR: "review.today",
    Role.NETWORK: "tasks.mine",
}


@bp.route("/families/new", methods=["GET", "POST"])
@login_required
def new():
    form = FamilyForm()
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        children = [NewChild(row.form.name.data, row.form.date_of_birth.data)
                    for row in form.children if row.form.name.data]
        family = create_family(current_user, form.name.data, form.your_relation.data,
                               form.has_parental_authority.data, children)
        return save_once(form, url_for("families.people", family_id=family.id),
                         _("The space for %(family)s is ready. Now add the people around you.", family=family.name),
                         code=302)
    return render_template("families/new.html", form=form)


@bp.route("/families/<int:family_id>/")
@family_view(Access.VIEW_FAMILY)
def home(ctx: FamilyContext):
    endpoint = ROLE_HOME.get(ctx.role)
    if endpoint:
        return redirect(url_for(endpoint, family_id=ctx.family.id))
    if ctx.role == Role.YOUTH:
        first = first_call(ctx, ctx.membership) if ctx.can_read(PlanPart.SAFETY) else None
        return render_template("families/youth_home.html", ctx=ctx, page=youth_page(ctx), first_call=first,
                               with_buttons=True)
    return render_template("families/guest_home.html", ctx=ctx, shared=guest_parts(ctx))


@bp.route("/families/<int:family_id>/people")
@part_view(PlanPart.NETWORK_MAP)
def people(ctx: FamilyContext):
    keeper = ctx.can(Access.MANAGE_PEOPLE)
    return render_template("families/people.html", ctx=ctx, people=load_people(ctx),
                           shared_links=_shared_links(ctx) if keeper else {},
                           unreached_ids=_unreached_ids(ctx) if keeper else set())


def _unreached_ids(ctx: FamilyContext) -> set[int]:
    """Who could not be reached by mail, to say "not reached" on their card (see `portal.notifications`)."""
    from portal.notifications.queries import unreached_people

    return {entry.person.id for entry in unreached_people(ctx, limit_per_person=1)}


def _shared_links(ctx: FamilyContext) -> dict:
    """The unused hand-shared invitation links, ready to send again (see `portal.invitations`)."""
    from portal.invitations.services import shared_links_of
    from portal.notifications.sharing import SharedInvitation, invitation_message

    return {person_id: SharedInvitation(link, invitation_message(invitation, link))
            for person_id, (invitation, link) in shared_links_of(ctx.family.id).items()}


def _youth_choices(ctx: FamilyContext) -> list:
    youths = db.session.scalars(sa.select(Person).where(
        Person.family_id == ctx.family.id, Person.role == Role.YOUTH, Person.left_at.is_(None)).order_by(Person.name))
    return choices([(0, _("Nobody in particular"))] + [(p.id, p.name) for p in youths])


def _posted_grant(form: PersonForm) -> tuple[Role, bool] | None:
    """The role (and parental authority) a POST asks to give; None when the role is no role at all
    (the form's own check then says so)."""
    try:
        role = Role(form.role.data)
    except ValueError:
        return None
    return role, bool(form.has_parental_authority.data) and role == Role.FAMILY


@bp.route("/families/<int:family_id>/people/new", methods=["GET", "POST"])
@family_view(Access.MANAGE_PEOPLE, part=PlanPart.NETWORK_MAP, action=AuditAction.CREATE)
def add(ctx: FamilyContext):
    form = PersonForm()
    grantable = grantable_roles(ctx)
    form.limit_roles_to(grantable)
    form.mentor_for.choices = _youth_choices(ctx)
    refuse_grant_past_the_form(ctx, _posted_grant(form) if request.method == "POST" else None)
    if form.validate_on_submit():
        if (resent := already_saved(form)) is not None:
            return resent
        role = Role(form.role.data)
        mentor_for = db.session.get(Person, form.mentor_for.data) if form.mentor_for.data else None
        if mentor_for is not None and mentor_for.family_id != ctx.family.id:
            mentor_for = None
        today = dutch_today()
        in_force_before = consents_in_force(ctx.family.id, today) if role == Role.YOUTH else set()
        person = add_person(
            ctx.family, name=form.name.data, relation=form.relation.data, role=role,
            email=form.email.data, phone=form.phone.data, date_of_birth=form.date_of_birth.data,
            mentor_for=mentor_for, has_parental_authority=form.has_parental_authority.data,
        )
        notice = pause_notice(person, paused_consents(ctx.family.id, in_force_before, today))
        people_page = url_for("families.people", family_id=ctx.family.id)
        if form.invite_how.data == "none":
            if notice:
                flash(notice, "info")
            return save_once(form, people_page, _("%(name)s has been added to the network.", name=person.name),
                             code=302)
        try:
            outcome = invite(person, current_user, email=form.email.data,
                             send_mail=form.invite_how.data == "email")
        except InvitationError as error:
            form.email.errors.append(str(error))
            return _person_form(ctx, form, grantable), 422
        if (lost_race := commit_once(form, people_page)) is not None:
            return lost_race
        if notice:
            flash(notice, "info")
        return after_invite(ctx, person, outcome, form.invite_how.data)
    return _person_form(ctx, form, grantable)


def _person_form(ctx: FamilyContext, form: PersonForm, grantable: list[Role]):
    return render_template("families/person_form.html", ctx=ctx, form=form,
                           asks_birth_date=Role.YOUTH in grantable, asks_mentor_of=Role.MENTOR in grantable,
                           asks_authority=may_grant(ctx, Role.FAMILY, parental_authority=True))
