"""Logging in and out, registering. The account pages and password reset are views of the same
blueprint (`portal.auth.bp`) in their own modules; importing them here registers their views, and
the app finds the blueprint here like every feature's (`portal.auth.routes.bp`)."""
from __future__ import annotations

import math

from flask import flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal.auth import bp, limits, throttle
from portal.auth import account_views, reset_views  # noqa: F401 (importing them adds their views to bp)
from portal.auth.devices import is_known_device, remember_device
from portal.auth.email_proof import ConfirmationUnusable, find_confirmation, register_or_warn, send_confirmation
from portal.auth.email_proof import confirm_email as confirm_email_with
from portal.auth.forms import ConfirmEmailForm, LoginCodeForm, LoginForm, RegisterForm, SendConfirmationForm
from portal.audit.models import AuditAction, AuditResult
from portal.audit.services import record_account_event
from portal.auth.services import authenticate, end_all_sessions, normalise_email, user_by_email
from portal.auth.sessions import (PENDING_KEY, begin_pending_login, end_this_session, enforce_session_rules,
                                  pending_login, start_session)
from portal.auth.twofactor import WrongCode, unused_recovery_codes, use_second_factor
from portal.extensions import db, limiter
from portal.redirects import safe_next

bp.before_app_request(enforce_session_rules)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        # The same page for a new address and one that has an account: only the mailbox learns which.
        register_or_warn(form.name.data, form.email.data, form.password.data, locale=str(get_locale() or "nl"),
                         next_path=safe_next(request.args.get("next"), url_for("families.new")))
        return render_template("auth/check_mail.html", email=normalise_email(form.email.data))
    return render_template("auth/register.html", form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(limits.RESETS_PER_ADDRESS, methods=["POST"])
def confirm_email(token: str):
    confirmation = find_confirmation(token)
    if confirmation is None:
        return render_template("auth/confirm_unusable.html"), 404
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        try:
            user = confirm_email_with(confirmation)
        except ConfirmationUnusable:
            return render_template("auth/confirm_unusable.html"), 404
        flash(_("Thank you: your e-mail address %(email)s is confirmed.", email=user.email), "success")
        next_url = safe_next(request.args.get("next"), url_for("main.index"))
        if current_user.is_authenticated:
            return redirect(next_url)
        # The link proves the address, not who is at the keyboard: logging in comes next.
        return redirect(url_for("auth.login", next=next_url))
    return render_template("auth/confirm_email.html", form=form)


@bp.route("/email/send-confirmation", methods=["POST"])
@login_required
@limiter.limit(limits.RESET_REQUESTS_PER_ADDRESS)
def send_confirmation_again():
    if SendConfirmationForm().validate_on_submit() and not current_user.email_is_proven:
        send_confirmation(current_user)
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("main.index"))


def _wait_page(template: str, form, seconds: int):
    """Too many tries: ask to wait (429), with the form as it was typed (the secret left out)."""
    message = ngettext("There were many wrong tries in a short while. Please wait a moment and try again, "
                       "in about %(num)d minute.",
                       "There were many wrong tries in a short while. Please wait a moment and try again, "
                       "in about %(num)d minutes.", math.ceil(seconds / 60))
    response = make_response(render_template(template, form=form, wait_message=message), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        account = normalise_email(form.email.data)
        owner = user_by_email(account)
        wait = throttle.seconds_to_wait(limits.PASSWORD, account, known_device=is_known_device(owner))
        if wait is not None:
            return _wait_page("auth/login.html", form, wait)
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            # One answer for an unknown address and a wrong password alike.
            form.password.errors.append(_("The e-mail address or the password is not right."))
            throttle.record_failure(limits.PASSWORD, account, owner)
            record_account_event(db.session, AuditAction.LOGIN_FAILED, owner,
                                 typed_email=form.email.data, result=AuditResult.DENIED)
        else:
            if not user.has_two_factor:
                record_account_event(db.session, AuditAction.LOGIN, user)
            next_url = safe_next(request.args.get("next"), url_for("main.index"))
            if user.has_two_factor:
                # Not logged in yet: that takes the code as well.
                begin_pending_login(user, next_url)
                return redirect(url_for("auth.login_code"))
            start_session(user)
            remember_device(user)
            return redirect(next_url)
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    pending = pending_login()
    if pending is None:
        if session.pop(PENDING_KEY, None) is not None:
            flash(_("That took a while. Please log in again."), "info")
        return redirect(url_for("auth.login"))
    user, next_url = pending
    form = LoginCodeForm()
    if form.validate_on_submit():
        wait = throttle.seconds_to_wait(limits.CODE, user.email, known_device=is_known_device(user))
        if wait is not None:
            return _wait_page("auth/login_code.html", form, wait)
        try:
            used = use_second_factor(user, form.code.data)
        except WrongCode:
            form.code.errors.append(_("This code is not right, or it was used already. "
                                      "Wait for the next code in your app and try again."))
            throttle.record_failure(limits.CODE, user.email, user)
            record_account_event(db.session, AuditAction.LOGIN_FAILED, user, result=AuditResult.DENIED)
        else:
            record_account_event(db.session, AuditAction.LOGIN, user)
            start_session(user)
            remember_device(user)
            if used == "recovery":
                flash(_("You used a recovery code. You have %(count)d left; you can make new ones "
                        "on your account page.", count=unused_recovery_codes(user)), "info")
            return redirect(safe_next(next_url, url_for("main.index")))
    return render_template("auth/login_code.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Ends this session and every other one of the account: a copied cookie stops working too.
    end_all_sessions(current_user)
    record_account_event(db.session, AuditAction.LOGOUT, current_user)
    end_this_session()
    flash(_("You are logged out. See you soon."), "info")
    response = redirect(url_for("main.index"))
    # Nothing of the plan stays on this device: the offline copy of the safety page (the service
    # worker and its cache) goes too. Cookies stay: the language and the known-device cookie.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response

