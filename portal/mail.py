"""Outgoing mail.

Services call `queue_mail`; the message leaves only after the database transaction that queued
it commits (a rolled-back change sends nothing). With `MAIL_SERVER` set it goes out over SMTP;
without one it is written to `instance/outbox/` and its text logged, so a demo works offline.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import utcnow

log = logging.getLogger(__name__)
_PENDING_KEY = "kring_pending_mail"


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    body: str


def queue_mail(session: Session, message: OutgoingMail) -> None:
    """Send `message` once `session` commits."""
    session.info.setdefault(_PENDING_KEY, []).append(message)


def _build(message: OutgoingMail, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="kring.local")
    email.set_content(message.body)
    return email


def deliver(app: Flask, messages: list[OutgoingMail]) -> None:
    config = app.config
    built = [_build(m, config["MAIL_DEFAULT_SENDER"]) for m in messages]
    if not config.get("MAIL_SERVER"):
        outbox = Path(app.instance_path) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        for number, email in enumerate(built):
            (outbox / f"{stamp}-{number}.eml").write_bytes(bytes(email))
            log.info("Mail to %s written to the outbox: %s\n%s", email["To"], email["Subject"],
                     email.get_content())
        return
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        for email in built:
            smtp.send_message(email)


# Registered once, at import, for every session: the listeners find the app through current_app.
@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if not pending:
        return
    try:
        deliver(current_app._get_current_object(), pending)
    except (OSError, smtplib.SMTPException):
        # The change itself is saved; the family can still share the link by hand.
        log.exception("Could not send %d message(s)", len(pending))


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
