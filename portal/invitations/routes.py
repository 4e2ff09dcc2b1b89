from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user

import sqlalchemy as sa

from portal.access import Access, FamilyContext, family_view
from portal.audit.models import AuditAction
from portal.auth.services import EmailTaken, register_user
from portal.extensions import db, limiter, utcnow
from portal.families.forms import InviteForm
from portal.families.models import Person
from portal.invitations.forms import ConfirmJoinForm, JoinForm
from portal.invitations.models import Invitation
from portal.invitations.services import InvitationError, find_invitation, invite, join_url, redeem
from portal.transactions import answer_refusal

bp = Blueprint("invitations", __name__)


@bp.route("/families/<int:family_id>/people/<int:person_id>/invite", methods=["GET", "POST"])
@family_view(Access.MANAGE_PEOPLE, action=AuditAction.CREATE)
@limiter.limit("30 per hour", methods=["POST"])
def new(ctx: FamilyContext, person_id: int):
    person = db.session.scalar(sa.select(Person).where(Person.id == person_id, Person.family_id == ctx.family.id))
    if person is None:
        return render_template("errors/404.html"), 404
    form = InviteForm(email=person.email)
    if person.has_account:
        flash(_("%(name)s already has an account in this family.", name=person.name), "info")
        return redirect(url_for("families.people", family_id=ctx.family.id))
    if form.validate_on_submit():
        try:
            outcome = invite(person, current_user, email=form.email.data,
                             send_mail=form.invite_how.data == "email")
        except InvitationError as error:
            form.email.errors.append(str(error))
        else:
            return after_invite(ctx, person, outcome, form.invite_how.data)
    return render_template("invitations/new.html", ctx=ctx, form=form, person=person)


@bp.route("/families/<int:family_id>/invitations/<int:invitation_id>")
@family_view(Access.MANAGE_PEOPLE)
def show(ctx: FamilyContext, invitation_id: int):
    invitation = db.session.scalar(sa.select(Invitation).where(
        Invitation.id == invitation_id, Invitation.family_id == ctx.family.id))
    if invitation is None:
        return render_template("errors/404.html"), 404
    token = session.pop(f"invitation_link_{invitation.id}", None)
    return render_template("invitations/show.html", ctx=ctx, invitation=invitation,
                           link=join_url(token) if token else None, now=utcnow())


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def join(token: str):
    invitation = find_invitation(token)
    if invitation is None:
        return render_template("invitations/unusable.html"), 404
    if current_user.is_authenticated:
        form = ConfirmJoinForm()
        if form.validate_on_submit():
            return _redeem_and_go(invitation, current_user)
        return render_template("invitations/confirm.html", invitation=invitation, form=form)
    form = JoinForm(name=invitation.person.name, email=invitation.email or invitation.person.email)
    if form.validate_on_submit():
        try:
            user = register_user(form.name.data, form.email.data, form.password.data,
                                 locale=str(get_locale() or "nl"))
        except EmailTaken:
            form.email.errors.append(_("There is already an account with this e-mail address. "
                                       "Log in first, then open the link again."))
        else:
            return _redeem_and_go(invitation, user, log_in=True)
    return render_template("invitations/join.html", invitation=invitation, form=form, token=token)


def _redeem_and_go(invitation: Invitation, user, log_in: bool = False):
    try:
        person = redeem(invitation, user)
    except InvitationError as error:
        return answer_refusal(error, url_for("main.index"))
    family_id, family_name = person.family_id, invitation.family.name
    if log_in:
        login_user(user)
    flash(_("Welcome to the plan of %(family)s.", family=family_name), "success")
    return redirect(url_for("families.home", family_id=family_id))


def after_invite(ctx: FamilyContext, person: Person, outcome, how: str):
    """Tell the inviter what happened; a fresh link is shown once, on the next page."""
    if outcome.added_to_existing_account:
        flash(_("%(name)s already has an account in Kring, and can now see your family there.",
                name=person.name), "success")
        return redirect(url_for("families.people", family_id=ctx.family.id))
    if how == "email":
        flash(_("The invitation to %(name)s is on its way.", name=person.name), "success")
    session[f"invitation_link_{outcome.invitation.id}"] = outcome.token
    return redirect(url_for("invitations.show", family_id=ctx.family.id, invitation_id=outcome.invitation.id))
