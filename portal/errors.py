"""Friendly error pages in the user's language; never a bare stack trace."""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app, make_response, render_template
from flask_babel import force_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db
from portal.i18n import locale_without_database

log = logging.getLogger(__name__)

PAGES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html",
         405: "errors/400.html", 413: "errors/413.html", 429: "errors/429.html"}
# How long a browser (or a person) should wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


def database_unreachable(error: BaseException | None) -> bool:
    """True when `error` means the database cannot be reached (down, restarting, connection lost),
    as opposed to a mistake in a query."""
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError)):
        return True
    return isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated


def outage_page() -> Response:
    """503 with a calm page, rendered without the database: no `current_user`, no context
    processors (Flask-Login's loads the user), the language from the cookie alone. The next request
    gets a fresh connection from the pool (`pool_pre_ping`), so Kring recovers by itself."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool replaces it on the next checkout
        log.warning("Rollback failed while the database is unreachable", exc_info=True)
    locale = locale_without_database()
    with force_locale(locale):
        html = current_app.jinja_env.get_template("errors/unavailable.html").render(current_locale=locale)
    response = make_response(html, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, InternalServerError):
            # Flask's last resort, e.g. when an error page itself failed (it needs the database too).
            return unexpected_error(error.original_exception or error)
        template = PAGES.get(error.code or 500)
        if template is None:
            return error
        return render_template(template), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: BaseException):
        if database_unreachable(error):
            log.error("Database unreachable: %s", error.__class__.__name__)
            return outage_page()
        log.error("Unexpected error", exc_info=error)
        db.session.rollback()
        return render_template("errors/500.html"), 500
