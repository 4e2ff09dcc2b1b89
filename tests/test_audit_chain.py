"""The access log is append-only and hash-chained: any changed or removed row is detected."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from portal.audit.models import AccessLogEntry, AuditAction, AuditResult
from portal.audit.services import AuditEvent, record, verify_chain
from portal.extensions import db


def _write(count: int, family_id: int = 7) -> None:
    for number in range(count):
        record(db.session, AuditEvent(action=AuditAction.READ, user_id=number, user_name=f"Gebruiker {number}",
                                      role="network", family_id=family_id, part="agreements",
                                      subject=f"task:{number}"))
    db.session.commit()


def test_an_untouched_chain_verifies(app):
    _write(5)
    report = verify_chain(db.session)
    assert report.intact and report.checked == 5
    seqs = db.session.scalars(sa.select(AccessLogEntry.seq).order_by(AccessLogEntry.seq)).all()
    assert seqs == [1, 2, 3, 4, 5]


def test_an_empty_log_verifies(app):
    assert verify_chain(db.session).intact


@pytest.mark.parametrize("column, value", [
    ("user_name", "Iemand anders"), ("family_id", 8), ("result", "denied"), ("subject", "task:999"),
])
def test_a_changed_row_breaks_the_chain_at_that_row(app, column, value):
    _write(4)
    db.session.execute(sa.text(f"UPDATE access_log SET {column} = :value WHERE seq = 3"), {"value": value})
    db.session.commit()
    report = verify_chain(db.session)
    assert report.broken_at == 3
    assert "changed" in report.reason


def test_a_removed_row_breaks_the_chain(app):
    _write(4)
    db.session.execute(sa.text("DELETE FROM access_log WHERE seq = 2"))
    db.session.commit()
    assert verify_chain(db.session).broken_at == 2


def test_removing_the_last_rows_is_noticed_too(app):
    _write(4)
    db.session.execute(sa.text("DELETE FROM access_log WHERE seq = 4"))
    db.session.commit()
    report = verify_chain(db.session)
    assert not report.intact and report.broken_at == 4


def test_a_rolled_back_action_leaves_no_row(app):
    _write(1)
    record(db.session, AuditEvent(action=AuditAction.UPDATE, result=AuditResult.ALLOWED))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessLogEntry)) == 1
    assert verify_chain(db.session).intact


def test_the_verify_command_reports_intact_and_broken(app, runner):
    _write(3)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "3 rows" in result.output
    db.session.execute(sa.text("UPDATE access_log SET role = 'family' WHERE seq = 1"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "row 1" in result.output


def test_concurrent_writers_never_fork_the_chain(app):
    """Writers in separate threads and sessions take turns; the chain stays one line."""
    writers, per_writer = 4, 10
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with app.app_context():
                barrier.wait()
                for _ in range(per_writer):
                    record(db.session, AuditEvent(action=AuditAction.READ, role="family"))
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain(db.session)
    assert report.intact and report.checked == writers * per_writer
