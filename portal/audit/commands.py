"""`flask audit verify`: check that no access-log row was changed or removed."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.audit.services import verify_chain
from portal.extensions import db

audit_cli = AppGroup("audit", help="The access log.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Recompute the hash chain of the access log; exit 1 when it is broken."""
    report = verify_chain(db.session)
    if report.intact:
        click.echo(f"The access log is intact: {report.checked} rows checked.")
        click.echo(f"Seal of all chains (keep it elsewhere to compare later): {report.seal}")
        return
    where = "" if report.chain is None else f" of chain {report.chain}"
    click.echo(f"The access log is BROKEN at row {report.broken_at}{where}: {report.reason}.", err=True)
    raise SystemExit(1)
