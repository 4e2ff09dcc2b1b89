"""Handing built messages to the mail server, or to `instance/outbox/` when none is configured."""
from __future__ import annotations

import email
import email.policy
import logging
import smtplib
from pathlib import Path

from flask import Flask

from portal.extensions import utcnow

log = logging.getLogger(__name__)

# What a try may end in that is worth trying again: the server is away, busy, or said "later".
TRANSIENT_ERRORS = (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


class PermanentRefusal(Exception):
    """The mail server refused this message for good (a 5xx answer): trying again will not help."""


class Transport:
    """One connection per round of the worker, opened at the first message. Use as a context manager."""

    def __init__(self, app: Flask):
        self.config = app.config
        self.outbox_folder = Path(app.instance_path) / "outbox"
        self._smtp: smtplib.SMTP | None = None
        self._written = 0

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None

    def send(self, raw: bytes) -> None:
        """Send one message. Raises `PermanentRefusal` for a 5xx answer; any other error
        (`OSError`, `smtplib.SMTPException`) means: try again later."""
        if not self.config.get("MAIL_SERVER"):
            self._write_to_folder(raw)
            return
        try:
            self._connection().sendmail(*_envelope(raw), raw)
        except smtplib.SMTPRecipientsRefused as refused:
            codes = [code for code, _ in refused.recipients.values()]
            self._drop()
            if all(code >= 500 for code in codes):
                raise PermanentRefusal(str(refused.recipients)) from refused
            raise
        except smtplib.SMTPResponseException as answer:
            self._drop()
            if answer.smtp_code >= 500:
                raise PermanentRefusal(f"{answer.smtp_code} {answer.smtp_error!r}") from answer
            raise
        except (OSError, smtplib.SMTPException):
            self._drop()
            raise

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            config = self.config
            smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
            smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10)
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            self._smtp = smtp
        return self._smtp

    def _drop(self) -> None:
        """After an error the connection's state is unknown: the next message opens a new one."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.close()
            except OSError:
                pass

    def _write_to_folder(self, raw: bytes) -> None:
        self.outbox_folder.mkdir(parents=True, exist_ok=True)
        self._written += 1
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        (self.outbox_folder / f"{stamp}-{self._written}.eml").write_bytes(raw)
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        log.info("Mail to %s written to the outbox: %s", parsed["To"], parsed["Subject"])


def _envelope(raw: bytes) -> tuple[str, list[str]]:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    return str(parsed["From"].addresses[0].addr_spec), [a.addr_spec for a in parsed["To"].addresses]
