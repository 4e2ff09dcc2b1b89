from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user

from portal.access import memberships_of_user
from portal.i18n import LANGUAGE_COOKIE
from portal.invitations.services import pending_invitations_for
from portal.main.forms import LanguageForm
from portal.extensions import db
from portal.redirects import safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    memberships = memberships_of_user(current_user.id)
    invitations = db.session.scalars(pending_invitations_for(current_user)).all()
    # One family and nothing to answer: straight to it. An open invitation keeps this page first.
    if len(memberships) == 1 and not invitations:
        return redirect(url_for("families.home", family_id=memberships[0].family_id))
    return render_template("main/families.html", memberships=memberships, invitations=invitations)


@bp.route("/language", methods=["POST"])
def language():
    form = LanguageForm()
    back = safe_next(form.next.data, url_for("main.index"))
    response = redirect(back, code=303)
    if form.validate_on_submit():
        chosen = form.language.data
        if current_user.is_authenticated:
            current_user.locale = chosen
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False), httponly=True)
    return response

