"""Save a create form once: a resend or a double click answers like the first save.

The view calls `already_saved(form)` before it creates anything and `save_once(...)` when it has
added its rows. Two posts at the same moment both pass the first check; the unique token then lets
only one save (the second waits for the first's transaction and breaks the key), and the other is
rolled back and answered like a resend. The request commits, as always (`portal.transactions`).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, flash, redirect
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.submissions.models import FormSubmission


def first_save_of(token: str) -> FormSubmission | None:
    return db.session.scalar(sa.select(FormSubmission).where(FormSubmission.token == token))


def already_saved(form) -> Response | None:
    """The answer to a form whose token was saved before (a redirect to where the first save
    went, with a calm message), or None when this is the first time."""
    first = first_save_of(form.form_token.data)
    if first is None:
        return None
    flash(_("This was already saved. You sent the form twice, so nothing was added twice."), "info")
    return redirect(first.location, code=303)


def commit_once(form, location: str) -> Response | None:
    """Record the form's token with the rows the view has just added. Returns None when this post
    saves them, or the resend answer when a twin post saved first (this one is rolled back)."""
    db.session.add(FormSubmission(token=form.form_token.data, location=location))
    try:
        db.session.flush()
    except IntegrityError:
        answer = twin_saved_first(form)
        if answer is None:
            raise
        return answer
    return None


def twin_saved_first(form) -> Response | None:
    """After a unique key broke: when a twin post of this same form saved first, roll this one
    back and answer like a resend; None when the key broke for another reason."""
    db.session.rollback()
    return already_saved(form)


def save_once(form, location: str, message: str, code: int = 303) -> Response:
    """`commit_once`, then send the browser to `location` with `message`."""
    lost_race = commit_once(form, location)
    if lost_race is not None:
        return lost_race
    flash(message, "success")
    return redirect(location, code=code)
