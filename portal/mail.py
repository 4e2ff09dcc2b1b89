"""Outgoing mail.

Services call `queue_mail`; it writes the message to the outbox table (`portal.outbox`) in the
same transaction as the change that caused it, so a rolled-back change sends nothing and a saved
one is never lost. The worker (`flask --app wsgi worker`) delivers the rows: over SMTP with
`MAIL_SERVER` set, else to `instance/outbox/`. With `MAIL_SEND_AT_ONCE` (the tests) the rows a
commit wrote are delivered right after it, through the same worker code.
"""
from __future__ import annotations

import email.policy
import logging
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.outbox.models import OutboxMessage

log = logging.getLogger(__name__)
# As it goes over the wire: CRLF line ends; headers folded only past SMTP's own limit, so a long
# List-Unsubscribe address stays one readable URL instead of an encoded word.
WIRE_POLICY = email.policy.SMTP.clone(max_line_length=998)
_WRITTEN_KEY = "kring_outbox_written"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    body: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    # For notifications: whose mail it is, in which family, of which kind.
    family_id: int | None = None
    person_id: int | None = None
    kind: str = ""


def build_message(message: OutgoingMail, sender: str) -> EmailMessage:
    built = EmailMessage()
    built["From"] = sender
    built["To"] = message.to
    built["Subject"] = message.subject
    built["Message-ID"] = make_msgid(domain="kring.local")
    built.set_content(message.body)
    if message.html:
        built.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        built.add_attachment(attachment.content, maintype=attachment.maintype, subtype=attachment.subtype,
                             filename=attachment.filename, params=attachment.params)
    # After the content: setting it replaces every Content-* header.
    for name, value in message.headers.items():
        built[name] = value
    return built


def queue_mail(session: Session, message: OutgoingMail) -> OutboxMessage:
    """Write `message` to the outbox in `session`'s transaction: it leaves only if that commits."""
    row = OutboxMessage(recipient=message.to, subject=message.subject[:300],
                        message=build_message(message, current_app.config["MAIL_DEFAULT_SENDER"]).as_bytes(policy=WIRE_POLICY),
                        family_id=message.family_id, person_id=message.person_id, kind=message.kind)
    session.add(row)
    return row


@event.listens_for(Session, "after_flush")
def _note_written(session: Session, _context) -> None:
    written = [o.id for o in session.new if isinstance(o, OutboxMessage)]
    if written:
        session.info.setdefault(_WRITTEN_KEY, []).extend(written)


# Registered once, at import, for every session: the listeners find the app through current_app.
@event.listens_for(Session, "after_commit")
def _send_at_once(session: Session) -> None:
    written = session.info.pop(_WRITTEN_KEY, None)
    if not written or not has_app_context() or not current_app.config.get("MAIL_SEND_AT_ONCE"):
        return
    from portal.outbox.worker import deliver_due

    try:
        deliver_due(current_app._get_current_object(), only=written)
    except Exception:
        # The change is saved and so are its mails: a worker sends what is left.
        log.exception("Could not send %d mail(s) right after the commit", len(written))


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_WRITTEN_KEY, None)
