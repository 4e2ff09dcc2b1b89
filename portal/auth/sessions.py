"""Login sessions: starting and ending them, the half-way state of a two-step login, and the
rules every request of a logged-in user passes.

The session is Flask's signed cookie, so the server cannot delete it. What makes it revocable is
`User.session_version`, part of the id in the cookie (see `loader.py`): raising it makes every
cookie issued before, copies included, log in nobody. Logout, a password change, a password reset,
turning on two-factor login and "log out everywhere else" all raise it.
"""
from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.auth.models import User
from portal.auth.twofactor import requires_two_factor
from portal.extensions import db

LAST_SEEN_KEY = "last_seen"
PENDING_KEY = "login_pending"
LAST_SEEN_STEP = 60  # seconds
# Between the password and the code: long enough to open the app, short enough to go stale.
PENDING_SECONDS = 5 * 60
# What a professional without two-factor login may still reach: setting it up, and leaving.
_ALLOWED_BEFORE_ENROLMENT = frozenset({"static", "auth.two_factor_setup", "auth.logout", "main.language"})


def start_session(user: User) -> None:
    """Log `user` in on a clean session: nothing from before the login carries over."""
    session.clear()
    login_user(user)
    session[LAST_SEEN_KEY] = int(time.time())


def keep_this_session(user: User) -> None:
    """After `end_all_sessions` and the commit: give this browser a cookie with the new version."""
    login_user(user)
    session[LAST_SEEN_KEY] = int(time.time())


def end_this_session() -> None:
    logout_user()
    session.clear()


def begin_pending_login(user: User, next_url: str | None) -> None:
    """The password was right and a code is needed: remember who, briefly, without logging in."""
    session.clear()
    session[PENDING_KEY] = {"user_id": user.id, "version": user.session_version,
                            "until": int(time.time()) + PENDING_SECONDS, "next": next_url or ""}


def pending_login() -> tuple[User, str] | None:
    """The user half-way through logging in and where they were going, or None when expired."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        return None
    user = db.session.get(User, pending.get("user_id"))
    # A password change in the meantime voids the half-finished login.
    if user is None or user.session_version != pending.get("version") or not user.has_two_factor:
        return None
    return user, pending.get("next", "")


def pending_user_id() -> int | None:
    pending = session.get(PENDING_KEY)
    return pending.get("user_id") if isinstance(pending, dict) else None


def enforce_session_rules():
    """Runs before every request of a logged-in user.

    A professional idle for longer than `PROFESSIONAL_IDLE_MINUTES` is logged out. A user who must
    use two-factor login and has not set it up reaches nothing but the set-up page (and logout).
    """
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    professional = requires_two_factor(user)
    if professional:
        idle_limit = int(current_app.config["PROFESSIONAL_IDLE_MINUTES"]) * 60
        now = int(time.time())
        # A login always stores the time; a session without one starts counting now.
        last_seen = session.get(LAST_SEEN_KEY, now)
        if now - last_seen > idle_limit:
            end_this_session()
            flash(_("You were logged out because you were away for a while. Please log in again."), "info")
            target = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("auth.login", next=target), code=303)
        # The clock restarts at most once a minute: a cookie signed and sent on every request
        # costs time, and a minute is nothing against the idle limit.
        if LAST_SEEN_KEY not in session or now - last_seen >= LAST_SEEN_STEP:
            session[LAST_SEEN_KEY] = now
    if professional and not user.has_two_factor and request.endpoint not in _ALLOWED_BEFORE_ENROLMENT:
        return redirect(url_for("auth.two_factor_setup"), code=303)
    return None
