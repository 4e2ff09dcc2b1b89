"""Delivering the outbox: claim a due row, send it, mark it; one row per transaction.

A row is claimed with `SELECT ... FOR UPDATE SKIP LOCKED` (PostgreSQL): the row stays locked
until it is marked sent, so a second worker passes over it instead of sending it again, and a
worker that dies mid-send leaves the row pending for the next one (at worst one mail twice, never
none). SQLite ignores the clause; there one process delivers, which is all SQLite is for.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from portal.extensions import db, utcnow
from portal.outbox.models import MailStatus, OutboxMessage
from portal.outbox.transport import PermanentRefusal, Transport

log = logging.getLogger(__name__)


@dataclass
class Round:
    """What one round of delivery did, by outbox id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def retry_delay(app: Flask, attempts: int) -> timedelta:
    """Wait before try `attempts + 1`: doubling from MAIL_RETRY_SECONDS, at most six hours."""
    first = app.config.get("MAIL_RETRY_SECONDS", 60)
    return timedelta(seconds=min(first * 2 ** (attempts - 1), 6 * 3600))


def claim_next(session: Session, now: datetime, only: list[int] | None = None) -> OutboxMessage | None:
    """Lock and return the oldest due pending row that no other worker holds, or None."""
    query = (sa.select(OutboxMessage)
             .where(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.next_attempt_at <= now)
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
             .with_for_update(skip_locked=True))
    if only is not None:
        query = query.where(OutboxMessage.id.in_(only))
    return session.scalar(query)


def deliver_due(app: Flask, now: datetime | None = None, limit: int = 100,
                only: list[int] | None = None) -> Round:
    """Send up to `limit` due rows (of `only`, when given), each in a transaction of its own, in a
    session of its own (the caller's session and transaction are not touched). Needs an app context."""
    done = Round()
    with Transport(app) as transport, Session(db.engine, expire_on_commit=False) as session:
        for _ in range(limit):
            moment = now or utcnow()
            with session.begin():
                row = claim_next(session, moment, only)
                if row is None:
                    break
                _try(app, transport, row, moment, done)
    return done


def _try(app: Flask, transport: Transport, row: OutboxMessage, now: datetime, done: Round) -> None:
    row.attempts += 1
    try:
        transport.send(row.message)
    except PermanentRefusal as refusal:
        row.status, row.last_error = MailStatus.FAILED, str(refusal)[:500]
        done.failed.append(row.id)
        log.error("Could not send mail %d to %s, refused for good: %s", row.id, row.recipient, refusal)
    except (OSError, smtplib.SMTPException) as error:
        row.last_error = f"{type(error).__name__}: {error}"[:500]
        if row.attempts >= app.config.get("MAIL_MAX_ATTEMPTS", 10):
            row.status = MailStatus.FAILED
            done.failed.append(row.id)
            log.error("Could not send mail %d to %s after %d tries: %s", row.id, row.recipient,
                      row.attempts, error)
        else:
            row.next_attempt_at = now + retry_delay(app, row.attempts)
            done.retrying.append(row.id)
            log.warning("Could not send mail %d to %s (try %d), trying again at %s: %s", row.id,
                        row.recipient, row.attempts, row.next_attempt_at, error)
    else:
        row.status, row.sent_at, row.last_error = MailStatus.SENT, now, ""
        done.sent.append(row.id)


def failures(session: Session) -> list[OutboxMessage]:
    """Rows given up on, and pending rows that failed at least once: newest first."""
    return list(session.scalars(
        sa.select(OutboxMessage)
        .where(sa.or_(OutboxMessage.status == MailStatus.FAILED,
                      sa.and_(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.attempts > 0)))
        .order_by(OutboxMessage.id.desc())))
