"""Forgot your password: ask for a link by e-mail, then set a new password with it."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import bp, limits
from portal.auth.forms import ForgotPasswordForm, NewPasswordForm
from portal.auth.password_reset import ResetUnusable, complete_password_reset, find_reset, request_password_reset
from portal.extensions import limiter


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(limits.RESET_REQUESTS_PER_ADDRESS, methods=["POST"])
@limiter.limit(limits.RESET_REQUESTS_PER_EMAIL, methods=["POST"], key_func=limits.typed_email)
def forgot_password():
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        # The same answer whether or not the address has an account.
        flash(_("If there is an account with this address, we have sent it a link to set a new password. "
                "The link works for %(minutes)d minutes. No e-mail? Look in your spam folder too.",
                minutes=current_app.config["PASSWORD_RESET_MINUTES"]), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(limits.RESETS_PER_ADDRESS, methods=["POST"])
def reset_password(token: str):
    reset = find_reset(token)
    if reset is None:
        return render_template("auth/reset_unusable.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            complete_password_reset(reset, form.password.data)
        except ResetUnusable:
            return render_template("auth/reset_unusable.html"), 404
        # Nobody is logged in by a reset: the login (with its code, if any) comes next.
        flash(_("Your new password is set, and you are logged out everywhere. Log in with your new password."),
              "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
