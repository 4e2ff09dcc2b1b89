"""One transaction per request, owned by the request (the way Indico's request handler does it).

Views never commit. The view runs; then the request commits once when its answer is below 400, and
rolls back otherwise. The access-log row of a family request joins the change's own transaction;
when the change was rolled back (a refusal, a denied attempt, an error), the row is written in a
transaction of its own, so every request on family data leaves its row however it ends.

A service that may not do what it was asked raises `Refused` (or a subclass) with a message for
the user. A view that shows a form catches it to show the form again with what the user typed; any
other view lets it through, and the request answers with the message and a way back.
"""
from __future__ import annotations

import logging
from functools import wraps
from typing import Callable
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, flash, redirect, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal.audit.hooks import finish_event
from portal.extensions import db
from portal.redirects import safe_next

log = logging.getLogger(__name__)


class Refused(Exception):
    """The rules do not allow this change; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class BrokenForm(Refused):
    """A button's form came back unusable (an expired token, a value that was not offered)."""

    def __init__(self):
        super().__init__(_l("Something went wrong with the form. Please try again."))


def register_transactions(app: Flask) -> None:
    """Wrap every view (static files aside) in the request's one transaction."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = _in_one_transaction(view)


def _in_one_transaction(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(**kwargs):
        try:
            response = current_app.make_response(view(**kwargs))
        except Refused as refused:
            return answer_refusal(refused, _way_back())
        except HTTPException as error:
            end_transaction(error.code or 500)
            raise
        except Exception:
            end_transaction(500)
            raise
        end_transaction(response.status_code)
        return response

    return wrapped


def end_transaction(status_code: int) -> None:
    """Commit when the answer is below 400 (the access-log row joins the change); otherwise roll
    back, then write the request's access-log row, if it has one, in a transaction of its own."""
    if status_code < 400:
        try:
            db.session.commit()
            return
        except Exception:
            # The change is lost (the database refused or went away): its row is still owed.
            db.session.rollback()
            _write_owed_row(500)
            raise
    db.session.rollback()
    _write_owed_row(status_code)


def _write_owed_row(status_code: int) -> None:
    try:
        if finish_event(status_code):
            db.session.commit()
    except SQLAlchemyError:
        # Most likely the database itself is away; the request's own answer is what the user sees.
        log.exception("Could not write the access-log row of a request that ended in %s", status_code)
        db.session.rollback()


def answer_refusal(refused: Refused, back: str) -> Response:
    """A refused button: nothing is saved, the access log says refused, and the user goes `back`
    to read why. A view calls this itself when it knows a better way back than the default."""
    end_transaction(409)
    flash(str(refused.message), "error")
    return redirect(back, code=303)


def _way_back() -> str:
    """Where a refused button sends the user: the form's `next`, else the page it was pressed on."""
    referrer = urlsplit(request.referrer or "")
    same_site = referrer.netloc in ("", request.host)
    page = (referrer.path + ("?" + referrer.query if referrer.query else "")) if same_site else ""
    return safe_next(request.form.get("next"), safe_next(page, "/"))
