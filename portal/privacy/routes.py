"""Privacy rights: everything Kring holds about you, deleting your account, deleting a family's
space, and taking someone out of a family's network."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.access import Access, FamilyContext, family_view, may_remove_person, part_entry_view, visible_people
from portal.audit.models import AuditAction
from portal.auth import limits
from portal.auth.forms import ConfirmWithPasswordForm
from portal.auth.services import password_matches
from portal.auth.sessions import end_this_session
from portal.extensions import db, dutch_today, limiter
from portal.families.models import Person
from portal.forms import ConfirmForm
from portal.parts.models import PlanPart
from portal.privacy import services
from portal.privacy.export import personal_data
from portal.privacy.forms import DeleteFamilyForm
from portal.privacy.labels import SECTION_TITLES, column_label, readable

bp = Blueprint("privacy", __name__)


@bp.route("/account/data")
@login_required
def my_data():
    user = current_user._get_current_object()
    data = personal_data(user)
    services.record_export(user, "html")
    return render_template("privacy/data.html", data=data, section_titles=SECTION_TITLES,
                           column_label=column_label, readable=readable)


@bp.route("/account/data.json")
@login_required
def my_data_json():
    user = current_user._get_current_object()
    data = personal_data(user)
    services.record_export(user, "json")
    response = jsonify(data.as_json())
    filename = f"kring-{data.exported_at:%Y-%m-%d}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.PASSWORD_CHECKS_PER_ACCOUNT, methods=["POST"], key_func=limits.current_account,
               deduct_when=limits.form_was_refused)
def delete_account():
    user = current_user._get_current_object()
    kept = services.families_only_kept_by(user)
    form = ConfirmWithPasswordForm()
    if not kept and form.validate_on_submit():
        if not password_matches(user, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            services.delete_account(user)
            end_this_session()
            flash(_("Your account is deleted. What you did in the families' plans stays there for them."),
                  "success")
            return redirect(url_for("main.index"), code=303)
    return render_template("privacy/delete_account.html", form=form, kept=kept)


@bp.route("/families/<int:family_id>/delete", methods=["GET", "POST"])
@family_view(Access.DELETE_FAMILY, action=AuditAction.DELETE)
def delete_family(ctx: FamilyContext):
    form = DeleteFamilyForm(ctx.family.name)
    if form.validate_on_submit():
        name = ctx.family.name
        services.delete_family(ctx, current_user._get_current_object())
        flash(_("The space of %(family)s is deleted, with everything in it.", family=name), "success")
        return redirect(url_for("main.index"), code=303)
    people = db.session.scalars(visible_people(ctx).where(Person.user_id.is_not(None))).all()
    return render_template("privacy/delete_family.html", ctx=ctx, form=form, accounts=len(people))


@bp.route("/families/<int:family_id>/people/<int:person_id>/remove", methods=["GET", "POST"])
@part_entry_view(PlanPart.NETWORK_MAP, Person, Access.MANAGE_PEOPLE, "person_id", scope=visible_people,
                 allowed=may_remove_person, family_page=True)
def remove_person(ctx: FamilyContext, person: Person):
    form = ConfirmForm()
    if form.validate_on_submit():
        name = person.name
        services.remove_person(ctx, person, current_user._get_current_object(), dutch_today())
        flash(_("%(name)s is no longer in the network. Everything they did stays in the plan.", name=name),
              "success")
        return redirect(url_for("families.people", family_id=ctx.family.id), code=303)
    return render_template("privacy/remove_person.html", ctx=ctx, form=form,
                           departure=services.departure_of(ctx, person))
