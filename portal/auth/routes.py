"""Logging in and out, registering. The account pages and password reset add their views to the
same blueprint (imported at the bottom), so that every auth endpoint is `auth.*`."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth import limits
from portal.auth.forms import LoginCodeForm, LoginForm, RegisterForm
from portal.audit.models import AuditAction, AuditResult
from portal.audit.services import record_account_event
from portal.auth.services import EmailTaken, authenticate, end_all_sessions, register_user, user_by_email
from portal.auth.sessions import (PENDING_KEY, begin_pending_login, end_this_session, enforce_session_rules,
                                  pending_login, start_session)
from portal.auth.twofactor import WrongCode, unused_recovery_codes, use_second_factor
from portal.extensions import db, limiter
from portal.redirects import safe_next

bp = Blueprint("auth", __name__)
bp.before_app_request(enforce_session_rules)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = register_user(form.name.data, form.email.data, form.password.data,
                                 locale=str(get_locale() or "nl"))
        except EmailTaken:
            form.email.errors.append(
                _("There is already an account with this e-mail address. You can log in with it."))
        else:
            start_session(user)
            flash(_("Welcome to Kring, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("families.new")))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limits.LOGIN_PER_ADDRESS, methods=["POST"])
@limiter.limit(limits.LOGIN_FAILURES_PER_ACCOUNT, methods=["POST"], key_func=limits.typed_email,
               deduct_when=limits.form_was_refused)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            # One answer for an unknown address and a wrong password alike.
            form.password.errors.append(_("The e-mail address or the password is not right."))
            record_account_event(db.session, AuditAction.LOGIN_FAILED, user_by_email(form.email.data),
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
            return redirect(next_url)
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(limits.CODE_PER_ADDRESS, methods=["POST"])
@limiter.limit(limits.CODE_FAILURES_PER_ACCOUNT, methods=["POST"], key_func=limits.pending_account,
               deduct_when=limits.form_was_refused)
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
        try:
            used = use_second_factor(user, form.code.data)
        except WrongCode:
            form.code.errors.append(_("This code is not right, or it was used already. "
                                      "Wait for the next code in your app and try again."))
            record_account_event(db.session, AuditAction.LOGIN_FAILED, user, result=AuditResult.DENIED)
        else:
            record_account_event(db.session, AuditAction.LOGIN, user)
            start_session(user)
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
    return redirect(url_for("main.index"))


# The other views of this blueprint; imported last because they import `bp` from here.
from portal.auth import account_views, reset_views  # noqa: E402,F401
