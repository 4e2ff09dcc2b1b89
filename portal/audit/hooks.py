"""One access-log row for every family-scoped request.

The access loaders open an `AuditEvent` for the request. When the request commits (its answer is
below 400: see `portal.transactions`), the `before_commit` listener below adds the row to the same
transaction; when it rolls back (a refusal, a denied attempt, an error, or a commit that failed),
`finish_event` adds the row in a transaction of its own. Either way: one row per request, however
it ends.
"""
from __future__ import annotations

from dataclasses import replace

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.audit.models import AuditAction, AuditResult
from portal.audit.services import AuditEvent, record
from portal.extensions import db

_PENDING, _WRITTEN = "kring_audit_event", "kring_audit_written"
# True while the row is in a transaction that has not committed yet: a rollback takes it away.
_UNCOMMITTED = "kring_audit_uncommitted"


def action_for_method() -> AuditAction:
    """A route's access-log action when it does not state one: a GET reads, anything else changes.
    Routes that add or remove say so themselves (`family_view(..., action=AuditAction.CREATE)`)."""
    return AuditAction.READ if request.method in ("GET", "HEAD") else AuditAction.UPDATE


def subject_for_request(family_id: int | None = None) -> str:
    """The endpoint and its arguments; with the family's id, also when the row names no family."""
    args = dict(request.view_args or {})
    if family_id is not None:
        args.setdefault("family_id", family_id)
    listed = ",".join(f"{key}={value}" for key, value in sorted(args.items()))
    return f"{request.endpoint} {listed}".strip()


def open_event(base: AuditEvent) -> None:
    """Start the request's audit row; it is written at the commit, or by `finish_event`."""
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


def finish_event(status_code: int) -> bool:
    """After the request's own transaction was rolled back: add its row, if no commit kept it,
    with the result the answer means (403/404: a denied attempt; 500 and up: an error; anything
    else: a refused change, nothing saved). True when a row was added; the caller commits it."""
    pending = g.get(_PENDING)
    if pending is None or g.get(_WRITTEN):
        return False
    if status_code in (403, 404):
        result = AuditResult.DENIED
    elif status_code >= 500:
        result = AuditResult.ERROR
    elif pending.action == AuditAction.READ and status_code < 400:
        result = AuditResult.ALLOWED
    else:
        result = AuditResult.REFUSED
    _write(db.session, replace(pending, result=result))
    return True


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
    # row is still owed, so `finish_event` writes it afresh.
    if has_request_context() and g.get(_UNCOMMITTED):
        setattr(g, _UNCOMMITTED, False)
        setattr(g, _WRITTEN, False)
