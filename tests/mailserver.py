"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives. A test asks for the
`smtp_server` fixture (tests/conftest.py offers it) and points the app at `smtp_server.port`.

One server per test process, its inbox emptied for each test: the port then stays the same, so the
tests that mail share one app (an app is built per setting) instead of building one each."""
from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def _running_smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture()
def smtp_server(_running_smtp_server):
    inbox = _running_smtp_server
    inbox.messages.clear()
    inbox.recipients.clear()
    yield inbox
    inbox.messages.clear()
    inbox.recipients.clear()
