"""The outbox: a mail is a row written with the change that caused it, and the worker delivers it
to a real SMTP server on loopback (aiosmtpd): once, after an outage too, never for a rolled-back
change, and never twice when two workers run side by side (PostgreSQL)."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from portal.extensions import db, utcnow
from portal.mail import OutgoingMail, queue_mail
from portal.outbox.models import MailStatus, OutboxMessage
from portal.outbox.worker import deliver_due, retry_delay
from tests.mailserver import Inbox, free_port
from tests.test_mail import invite_aunt


@pytest.fixture()
def app_config(smtp_server) -> dict:
    # As in production: only the worker sends.
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_SEND_AT_ONCE": False}


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_worker_delivers_a_committed_mail_once(app, world, smtp_server, runner):
    invite_aunt(app, world)
    db.session.commit()
    assert smtp_server.messages == [], "the request itself sends nothing: the worker does"
    [row] = rows()
    assert row.status == MailStatus.PENDING and row.recipient == "els@example.org"
    row_id, invitation_subject = row.id, row.subject

    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["worker", "--once"])

    # (The worker's round also runs the scheduler: the week's digests leave with it.)
    assert [m["To"] for m in smtp_server.messages if m["Subject"] == invitation_subject] == ["els@example.org"]
    row = db.session.get(OutboxMessage, row_id)
    assert row.status == MailStatus.SENT and row.attempts == 1 and row.sent_at is not None
    assert {r.status for r in rows()} == {MailStatus.SENT}
    assert len(smtp_server.messages) == len(rows()), "each row sent once"


def test_a_rolled_back_change_leaves_no_mail(app, world, smtp_server):
    invite_aunt(app, world)
    db.session.rollback()

    deliver_due(app)

    assert rows() == []
    assert smtp_server.messages == []


def test_after_an_outage_the_mail_is_delivered_with_backoff(app, world, smtp_server, runner):
    app.config["MAIL_PORT"] = free_port()   # the mail server is away
    invite_aunt(app, world)
    db.session.commit()
    start = utcnow()

    first = deliver_due(app, now=start)
    [row] = rows()
    assert first.retrying == [row.id] and row.status == MailStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at == start + retry_delay(app, 1)
    assert "els@example.org" in runner.invoke(args=["mail", "failures"]).output

    # Not due yet: nothing is tried before the wait is over.
    assert deliver_due(app, now=start + timedelta(seconds=1)).retrying == []
    second_try = row.next_attempt_at
    second = deliver_due(app, now=second_try)
    assert second.retrying == [row.id] and rows()[0].attempts == 2
    assert rows()[0].next_attempt_at == second_try + retry_delay(app, 2)
    assert retry_delay(app, 2) == 2 * retry_delay(app, 1), "the wait doubles"

    app.config["MAIL_PORT"] = smtp_server.port   # back
    deliver_due(app, now=start + timedelta(days=1))
    deliver_due(app, now=start + timedelta(days=2))

    assert smtp_server.recipients == [["els@example.org"]]
    assert rows()[0].status == MailStatus.SENT
    assert runner.invoke(args=["mail", "failures"]).output.strip() == "No failed mail."


def test_after_the_last_try_a_mail_is_marked_failed_and_listed(app, world, smtp_server, runner):
    app.config.update(MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=2)
    invite_aunt(app, world)
    db.session.commit()

    deliver_due(app, now=utcnow() + timedelta(days=1))
    done = deliver_due(app, now=utcnow() + timedelta(days=2))

    [row] = rows()
    assert done.failed == [row.id] and row.status == MailStatus.FAILED and row.last_error
    listing = runner.invoke(args=["mail", "failures"]).output
    assert "failed" in listing and "els@example.org" in listing
    assert deliver_due(app, now=utcnow() + timedelta(days=30)).sent == [], "a failed mail is not tried again"


class Refusing(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox"


def test_a_permanent_refusal_fails_at_once(app, world):
    controller = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config["MAIL_PORT"] = controller.port
        invite_aunt(app, world)
        db.session.commit()
        done = deliver_due(app)
    finally:
        controller.stop()
    [row] = rows()
    assert done.failed == [row.id] and row.status == MailStatus.FAILED and "550" in row.last_error


def test_without_a_mail_server_the_worker_writes_to_the_outbox_folder(app, world, smtp_server, runner):
    app.config["MAIL_SERVER"] = ""
    invite_aunt(app, world)
    db.session.commit()
    invitation_subject = rows()[0].subject

    runner.invoke(args=["worker", "--once"])

    from tests.accounts import outbox
    assert [m["To"] for m in outbox(app) if m["Subject"] == invitation_subject] == ["els@example.org"]
    assert rows()[0].status == MailStatus.SENT


@pytest.mark.postgres
def test_two_workers_never_send_a_row_twice(app, world, smtp_server):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL; on SQLite one process delivers")
    with app.test_request_context():
        for number in range(40):
            queue_mail(db.session, OutgoingMail(to=f"person{number}@example.org", subject=f"Mail {number}",
                                                body="Hello"))
    db.session.commit()
    db.session.remove()
    rounds = []

    def work():
        with app.app_context():
            rounds.append(deliver_due(app))

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    received = sorted(r[0] for r in smtp_server.recipients)
    assert received == sorted(f"person{n}@example.org" for n in range(40)), "each mail exactly once"
    assert sorted(rounds[0].sent + rounds[1].sent) == sorted(r.id for r in rows())
    assert set(rounds[0].sent).isdisjoint(rounds[1].sent)
    assert all(r.status == MailStatus.SENT and r.attempts == 1 for r in rows())
