"""Friendly error pages in the user's language; never a bare stack trace."""
from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.extensions import db

log = logging.getLogger(__name__)

PAGES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html",
         405: "errors/400.html", 429: "errors/429.html"}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        template = PAGES.get(error.code or 500)
        if template is None:
            return error
        return render_template(template), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("Unexpected error")
        db.session.rollback()
        return render_template("errors/500.html"), 500
