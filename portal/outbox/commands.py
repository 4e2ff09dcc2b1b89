"""`flask --app wsgi worker` delivers the outbox (and runs the scheduler); `flask --app wsgi mail
failures` lists what could not be delivered."""
from __future__ import annotations

import logging
import signal
import time

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from portal.extensions import db
from portal.outbox.worker import deliver_due, failures

log = logging.getLogger(__name__)


@click.command("worker")
@click.option("--once", is_flag=True, help="One round, then stop (for tests and cron).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
@with_appcontext
def worker_command(once: bool, interval: float) -> None:
    """Deliver the outbox, round after round, until stopped (SIGTERM or Ctrl-C end it after the
    mail in hand)."""
    app = current_app._get_current_object()
    stopping = []
    if not once:
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while True:
        try:
            for step in worker_steps():
                step(app)
            done = deliver_due(app)
            if done.sent or done.retrying or done.failed:
                click.echo(f"sent {len(done.sent)}, to retry {len(done.retrying)}, failed {len(done.failed)}")
        except Exception:
            if once:
                raise
            # The database away, say: nothing was marked sent that was not; the next round tries again.
            log.exception("The worker's round failed; trying again in %s s", interval)
        finally:
            db.session.remove()
        if once or stopping:
            return
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            return


def worker_steps() -> list:
    """What else the worker does each round before it delivers (the scheduler joins here)."""
    return list(current_app.extensions.get("kring_worker_steps", []))


mail_cli = AppGroup("mail", help="The outbox: what could not be delivered.")


@mail_cli.command("failures")
def failures_command() -> None:
    """List the mails given up on, and those still being retried."""
    rows = failures(db.session)
    if not rows:
        click.echo("No failed mail.")
        return
    for row in rows:
        click.echo(f"{row.id}\t{row.status.value}\t{row.attempts} tries\t{row.recipient}\t{row.subject}"
                   f"\t{row.last_error}")
