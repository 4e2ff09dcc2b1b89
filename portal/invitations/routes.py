from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.audit.models import AuditAction
from portal.access import Access, FamilyContext, account_entry_view, may_invite, part_entry_view
from portal.access.inner import family_invitations, people_of_family
from portal.auth.email_proof import mark_email_proven, register_or_warn
from portal.auth.services import normalise_email, register_user, user_by_email
from portal.extensions import dutch_today, limiter, utcnow
from portal.families.forms import InviteForm
from portal.families.models import Person
from portal.invitations.forms import ConfirmJoinForm, JoinForm
from portal.invitations.models import Invitation
from portal.invitations.services import (InvitationError, decline, find_invitation, invite, join_url,
                                        pending_invitation, redeem, shared_link)
from portal.notifications.sharing import invitation_message, waiting_for
from portal.transactions import answer_refusal

bp = Blueprint("invitations", __name__)


@bp.route("/families/<int:family_id>/people/<int:person_id>/invite", methods=["GET", "POST"])
# An invitation hands over the person's role: only for whoever may give it (`may_invite`).
@part_entry_view(None, Person, Access.MANAGE_PEOPLE, "person_id", scope=people_of_family, allowed=may_invite,
                 action=AuditAction.CREATE, family_page=True)
@limiter.limit("30 per hour", methods=["POST"])
def new(ctx: FamilyContext, person: Person):
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
@part_entry_view(None, Invitation, Access.MANAGE_PEOPLE, "invitation_id", scope=family_invitations,
                 family_page=True)
def show(ctx: FamilyContext, invitation: Invitation):
    token = session.pop(f"invitation_link_{invitation.id}", None)
    link = join_url(token) if token else shared_link(invitation)
    return render_template("invitations/show.html", ctx=ctx, invitation=invitation, link=link, now=utcnow(),
                           message=invitation_message(invitation, link) if link else None)


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def join(token: str):
    invitation = find_invitation(token)
    if invitation is None:
        return render_template("invitations/unusable.html"), 404
    if current_user.is_authenticated:
        # The link is the key, but joining is never automatic: the account says yes with a POST.
        form = ConfirmJoinForm()
        if form.validate_on_submit():
            return _redeem_and_go(invitation, current_user)
        return render_template("invitations/confirm.html", invitation=invitation, form=form, can_decline=False,
                               waiting=waiting_for(invitation.person, dutch_today()))
    form = JoinForm(name=invitation.person.name, email=invitation.email or invitation.person.email)
    if form.validate_on_submit():
        typed = normalise_email(form.email.data)
        locale = str(get_locale() or "nl")
        if invitation.email is None or typed != invitation.email:
            # A link shared by hand, or another address than the one it was mailed to: the address
            # is unproven, so this is an ordinary registration that answers the same for every
            # address; after confirming it, the link leads back here to say yes.
            register_or_warn(form.name.data, typed, form.password.data, locale=locale,
                             next_path=url_for("invitations.join", token=token))
            return render_template("auth/check_mail.html", email=typed, invitation=invitation)
        # The link was mailed to this address (the inviter never sees such a link): whoever opened
        # it reads that mailbox, so the address is proven and may be told it has an account.
        if user_by_email(typed) is not None:
            form.email.errors.append(_("There is already an account with this e-mail address. "
                                       "Log in first, then open the link again."))
        else:
            user = register_user(form.name.data, typed, form.password.data, locale=locale)
            mark_email_proven(user)
            return _redeem_and_go(invitation, user, log_in=True)
    return render_template("invitations/join.html", invitation=invitation, form=form, token=token,
                           waiting=waiting_for(invitation.person, dutch_today()))


@bp.route("/invitations/<int:invitation_id>", methods=["GET", "POST"])
@account_entry_view(pending_invitation, "invitation_id")
@limiter.limit("20 per hour", methods=["POST"])
def answer(invitation: Invitation):
    """An invitation mailed to the account's proven address, opened from the start page."""
    form = ConfirmJoinForm()
    if form.validate_on_submit():
        return _redeem_and_go(invitation, current_user)
    return render_template("invitations/confirm.html", invitation=invitation, form=form, can_decline=True,
                           waiting=waiting_for(invitation.person, dutch_today()))


@bp.route("/invitations/<int:invitation_id>/decline", methods=["POST"])
@account_entry_view(pending_invitation, "invitation_id")
def decline_invitation(invitation: Invitation):
    if ConfirmJoinForm().validate_on_submit():
        family_name = invitation.family.name
        decline(invitation)
        flash(_("You said no to the invitation of %(family)s.", family=family_name), "info")
    return redirect(url_for("main.index"))


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
    """Tell the inviter what happened, in words that do not say whether the address has an account.

    A link to share by hand is shown once, on the next page. A mailed link never is: opening it
    proves the address it went to, so only that mailbox may hold it.
    """
    if how == "email":
        flash(_("An invitation has been sent to %(email)s.", email=outcome.invitation.email), "success")
    else:
        session[f"invitation_link_{outcome.invitation.id}"] = outcome.token
    return redirect(url_for("invitations.show", family_id=ctx.family.id, invitation_id=outcome.invitation.id))
