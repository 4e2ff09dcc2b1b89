"""One access-log row for every family-scoped request, written by the access decorators.

The decorator opens an `AuditEvent` for the request. A change commits it in the same transaction
(the `before_commit` listener below adds the row); a read, a refused change or a denied attempt
has no commit of its own, so the decorator writes the row afterwards. Either way: one row per
action.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.audit.models import AuditAction, AuditResult
from portal.audit.services import AuditEvent, record
from portal.extensions import db

log = logging.getLogger(__name__)

_PENDING, _WRITTEN = "kring_audit_event", "kring_audit_written"
# True while the row is in a transaction that has not committed yet: a rollback takes it away.
_UNCOMMITTED = "kring_audit_uncommitted"
_CREATE_WORDS = ("new", "add", "create", "comment", "offer", "agree", "invite", "answer", "write")
_DELETE_WORDS = ("remove", "delete", "withdraw", "unlink")


def action_for_request() -> AuditAction:
    """Reads are GETs; for a POST, the endpoint's name says whether it adds, removes or changes."""
    if request.method in ("GET", "HEAD"):
        return AuditAction.READ
    name = (request.endpoint or "").rsplit(".", 1)[-1]
    if any(word in name for word in _DELETE_WORDS):
        return AuditAction.DELETE
    if any(word in name for word in _CREATE_WORDS):
        return AuditAction.CREATE
    return AuditAction.UPDATE


def subject_for_request() -> str:
    args = ",".join(f"{key}={value}" for key, value in sorted((request.view_args or {}).items()))
    return f"{request.endpoint} {args}".strip()


def open_event(base: AuditEvent) -> None:
    """Start the request's audit row; it is written at the first commit, or by `close_event`."""
    setattr(g, _PENDING, base)
    setattr(g, _WRITTEN, False)


def amend(**changes) -> bool:
    """Say more about this request's row (e.g. `action=`, `subject=`, `consent_id=`) instead of
    writing a second one. False when the request has no open row (then `record` one yourself)."""
    pending = g.get(_PENDING)
    if pending is None or g.get(_WRITTEN):
        return False
    setattr(g, _PENDING, replace(pending, **changes))
    return True


def note_on_behalf_of(name: str) -> None:
    """The user acts for someone else in this request (e.g. marks grandma's task done)."""
    amend(on_behalf_of=name)


def close_event(status_code: int) -> None:
    """Write the row if no commit did: a read, a refused change (nothing saved), a view's own
    403/404 (a denied attempt, like the decorators' own) or an error (500 and up: the request's
    transaction is rolled back first, so the row is written in a transaction of its own)."""
    if status_code >= 500:
        _write_error_row()
        return
    pending = g.get(_PENDING)
    if pending is None or g.get(_WRITTEN):
        return
    if status_code in (403, 404):
        result = AuditResult.DENIED
    elif pending.action == AuditAction.READ and status_code < 400:
        result = AuditResult.ALLOWED
    else:
        result = AuditResult.REFUSED
    _write(db.session, replace(pending, result=result))
    db.session.commit()


def _write_error_row() -> None:
    pending = g.get(_PENDING)
    if pending is None:
        return
    # Whatever the view wrote is undone, its row too unless a commit already took it (see below).
    db.session.rollback()
    if g.get(_WRITTEN):
        return
    try:
        _write(db.session, replace(pending, result=AuditResult.ERROR))
        db.session.commit()
    except Exception:
        # Most likely the database itself is away; the request's own error is what the user sees.
        log.exception("Could not write the access-log row of a failed request: %s", pending.subject)
        db.session.rollback()


def write_denied(base: AuditEvent) -> None:
    """A denied attempt: its own row, committed at once (the request ends in 403 or 404)."""
    db.session.rollback()
    _write(db.session, replace(base, result=AuditResult.DENIED))
    db.session.commit()


def _write(session: Session, audit_event: AuditEvent) -> None:
    setattr(g, _WRITTEN, True)
    setattr(g, _UNCOMMITTED, True)
    record(session, audit_event)


@event.listens_for(Session, "before_commit")
def _write_with_the_change(session: Session) -> None:
    if not has_request_context():
        return
    pending = g.get(_PENDING)
    if pending is None or g.get(_WRITTEN):
        return
    _write(session, replace(pending, result=AuditResult.ALLOWED))


@event.listens_for(Session, "after_commit")
def _row_is_kept(session: Session) -> None:
    if has_request_context():
        setattr(g, _UNCOMMITTED, False)


@event.listens_for(Session, "after_rollback")
def _row_went_with_the_rollback(session: Session) -> None:
    # A commit that failed (or a rollback after an error) took this request's row with it: the
    # row is still owed, so `close_event` writes it afresh.
    if has_request_context() and g.get(_UNCOMMITTED):
        setattr(g, _UNCOMMITTED, False)
        setattr(g, _WRITTEN, False)
