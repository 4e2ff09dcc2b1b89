"""The account page and what hangs off it: password, two-factor login, other sessions, language."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.access import memberships_of_user
from portal.auth import bp, limits, services, twofactor
from portal.auth.forms import ButtonForm, ChangePasswordForm, ConfirmWithPasswordForm, EnrolCodeForm
from portal.auth.services import WrongPassword, end_all_sessions, password_matches
from portal.auth.sessions import keep_this_session
from portal.auth.twofactor import (WrongCode, confirm_enrolment, disable_two_factor, provisioning_uri,
                                   qr_code_data_uri, requires_two_factor, unused_recovery_codes)
from portal.extensions import limiter
from portal.main.forms import LanguageForm


@bp.route("/account")
@login_required
def account():
    user = current_user
    return render_template(
        "auth/account.html",
        must_use_two_factor=requires_two_factor(user),
        recovery_codes_left=unused_recovery_codes(user) if user.has_two_factor else 0,
        end_sessions_form=ButtonForm(),
        account_language_form=LanguageForm(language=user.locale, next=url_for("auth.account")),
        **_calendar(user),
        memberships=memberships_of_user(user.id),
    )


def _calendar(user) -> dict:
    """The private calendar addresses, per family (see `portal.notifications.feeds`); a new one is
    shown once, right after it was made."""
    from flask import session

    from portal.notifications.feeds import feed_cards

    cards = feed_cards(user)
    fresh = {key: session.pop(key) for key in list(session) if key.startswith("calendar_feed_")}
    return dict(feed_cards=cards, fresh_feeds=fresh, feed_form=ButtonForm())


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.PASSWORD_CHECKS_PER_ACCOUNT, methods=["POST"], key_func=limits.current_account,
               deduct_when=limits.form_was_refused)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current_password.data, form.password.data)
        except WrongPassword:
            form.current_password.errors.append(_("This is not your current password."))
        else:
            keep_this_session(user)
            flash(_("Your password is changed. Wherever else you were logged in, you are logged out now."),
                  "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/sessions/end", methods=["POST"])
@login_required
def end_other_sessions():
    user = current_user._get_current_object()
    end_all_sessions(user)
    keep_this_session(user)
    flash(_("You are logged out on every other device. You are still logged in here."), "success")
    return redirect(url_for("auth.account"), code=303)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.CODE_PER_ADDRESS, methods=["POST"])
def two_factor_setup():
    user = current_user._get_current_object()
    if user.has_two_factor:
        return redirect(url_for("auth.account"))
    # On the server, never in the session: the cookie is readable by whatever sits in the browser.
    secret = twofactor.pending_secret(user)
    form = EnrolCodeForm()
    if form.validate_on_submit():
        try:
            codes = confirm_enrolment(user, form.code.data)
        except WrongCode:
            form.code.errors.append(_("This code is not right. Check that you scanned the code on this "
                                      "page, and that the time on your phone is correct."))
        else:
            keep_this_session(user)
            flash(_("Two-factor login is on. From now on you log in with your password and a code."),
                  "success")
            # Shown once, in this response: the codes are never stored in the clear, not even in a cookie.
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_template("auth/two_factor_setup.html", form=form, secret=secret,
                           qr_code=qr_code_data_uri(provisioning_uri(secret, user.email)),
                           must_use_two_factor=requires_two_factor(user))


@bp.route("/account/two-factor/off", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.PASSWORD_CHECKS_PER_ACCOUNT, methods=["POST"], key_func=limits.current_account,
               deduct_when=limits.form_was_refused)
def two_factor_off():
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("auth.account"))
    if requires_two_factor(user):
        flash(_("As a professional you always log in with a code: it keeps the families' plans safe."), "info")
        return redirect(url_for("auth.account"))
    form = ConfirmWithPasswordForm()
    if form.validate_on_submit():
        if not password_matches(user, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            disable_two_factor(user)
            flash(_("Two-factor login is off. You log in with your password alone."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/confirm_password.html", form=form, title=_("Turn off two-factor login"),
                           explanation=_("Without it, your password alone opens your account. "
                                         "Type your password to turn it off."),
                           button=_("Turn off two-factor login"))


@bp.route("/account/two-factor/recovery-codes", methods=["GET", "POST"])
@login_required
@limiter.limit(limits.PASSWORD_CHECKS_PER_ACCOUNT, methods=["POST"], key_func=limits.current_account,
               deduct_when=limits.form_was_refused)
def recovery_codes():
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("auth.account"))
    form = ConfirmWithPasswordForm()
    if form.validate_on_submit():
        if not password_matches(user, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            codes = twofactor.new_recovery_codes(user)
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_template("auth/confirm_password.html", form=form, title=_("New recovery codes"),
                           explanation=_("You get ten new codes; the old ones stop working. "
                                         "Type your password to continue."),
                           button=_("Make new recovery codes"))
