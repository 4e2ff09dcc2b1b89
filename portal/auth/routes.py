from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth.forms import LoginForm, RegisterForm
from portal.auth.services import EmailTaken, authenticate, register_user
from portal.extensions import db, limiter
from portal.redirects import safe_next

bp = Blueprint("auth", __name__)


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
            db.session.commit()
            login_user(user)
            flash(_("Welcome to Kring, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("families.new")))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            # One answer for an unknown address and a wrong password alike.
            form.password.errors.append(_("The e-mail address or the password is not right."))
        else:
            db.session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are logged out. See you soon."), "info")
    return redirect(url_for("main.index"))
