"""The access log is append-only and hash-chained: any changed or removed row is detected."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from portal.audit.models import (FIRST_CHAIN, GENESIS_HASH, NO_FAMILY_CHAIN, AccessLogEntry, AuditAction,
                                 AuditChainHead, AuditResult)
from portal.audit.services import (HASHED_FIELDS, AuditEvent, entry_hash, record, record_account_event,
                                   verify_chain)
from portal.extensions import db
from tests.querycount import counted_queries


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


def test_each_family_has_a_chain_of_its_own(app):
    _write(3, family_id=7)
    _write(2, family_id=8)
    record_account_event(db.session, AuditAction.LOGIN_FAILED, typed_email="iemand@example.org",
                         result=AuditResult.DENIED)
    db.session.commit()
    rows = db.session.execute(sa.select(AccessLogEntry.chain, AccessLogEntry.seq, AccessLogEntry.family_id)
                              .order_by(AccessLogEntry.id)).all()
    assert rows == [(7, 1, 7), (7, 2, 7), (7, 3, 7), (8, 1, 8), (8, 2, 8), (NO_FAMILY_CHAIN, 1, None)]
    heads = dict(db.session.execute(sa.select(AuditChainHead.chain, AuditChainHead.seq)).all())
    assert heads == {7: 3, 8: 2, NO_FAMILY_CHAIN: 1}
    report = verify_chain(db.session)
    assert report.intact and report.checked == 6 and len(report.seal) == 64


def test_the_head_follows_the_newest_row(app):
    """The trigger sets the head's hash to the last row's, so the next row links to it."""
    _write(2, family_id=7)
    last = db.session.scalar(sa.select(AccessLogEntry.entry_hash).where(AccessLogEntry.seq == 2))
    assert db.session.get(AuditChainHead, 7).last_hash == last


def test_writing_a_row_sends_two_statements(app):
    _write(1)
    with counted_queries() as statements:
        record(db.session, AuditEvent(action=AuditAction.READ, family_id=7, role="family"))
        db.session.flush()
    assert len(statements) == 2, statements


def test_a_row_removed_in_one_family_breaks_only_that_chain(app):
    _write(3, family_id=7)
    _write(3, family_id=8)
    db.session.execute(sa.text("DELETE FROM access_log WHERE chain = 8 AND seq = 2"))
    db.session.commit()
    report = verify_chain(db.session)
    assert (report.chain, report.broken_at) == (8, 2) and "missing" in report.reason


def test_two_rows_swapped_break_the_chain(app):
    """Reordering: the rows keep their hashes but trade places."""
    _write(4)
    db.session.execute(sa.text("UPDATE access_log SET seq = 100 WHERE chain = 7 AND seq = 2"))
    db.session.execute(sa.text("UPDATE access_log SET seq = 2 WHERE chain = 7 AND seq = 3"))
    db.session.execute(sa.text("UPDATE access_log SET seq = 3 WHERE chain = 7 AND seq = 100"))
    db.session.commit()
    report = verify_chain(db.session)
    assert report.broken_at == 2 and not report.intact


def test_a_row_moved_to_another_chain_is_noticed(app):
    _write(2, family_id=7)
    _write(1, family_id=8)
    db.session.execute(sa.text("UPDATE access_log SET chain = 8, seq = 2 WHERE chain = 7 AND seq = 2"))
    db.session.execute(sa.text("UPDATE access_log_heads SET seq = 1 WHERE chain = 7"))
    db.session.commit()
    assert not verify_chain(db.session).intact


def test_a_whole_chain_taken_away_changes_the_seal(app):
    _write(2, family_id=7)
    _write(2, family_id=8)
    seal = verify_chain(db.session).seal
    db.session.execute(sa.text("DELETE FROM access_log WHERE chain = 8"))
    db.session.execute(sa.text("DELETE FROM access_log_heads WHERE chain = 8"))
    db.session.commit()
    report = verify_chain(db.session)
    assert report.intact and report.seal != seal


def test_a_chain_without_its_head_is_broken(app):
    _write(2, family_id=7)
    db.session.execute(sa.text("DELETE FROM access_log_heads WHERE chain = 7"))
    db.session.commit()
    report = verify_chain(db.session)
    assert not report.intact and report.chain == 7


def test_concurrent_writers_in_many_families_keep_every_chain_whole(app):
    writers, per_writer = 4, 10
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                for count in range(per_writer):
                    # Two writers share each family, so chains are both shared and separate.
                    record(db.session, AuditEvent(action=AuditAction.READ, role="family",
                                                  family_id=100 + (number + count) % 2))
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain(db.session)
    assert report.intact and report.checked == writers * per_writer


def test_rows_from_before_the_family_chains_stay_one_chain_that_verifies(app):
    """Migration 0019 leaves the earlier rows, of every family, in FIRST_CHAIN with their hashes."""
    _write(2, family_id=7)
    _write(1, family_id=8)
    # As the migration leaves an installation whose three rows were one chain: renumber them into
    # FIRST_CHAIN and relink them the way the old single chain did.
    rows = db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id)).all()
    prev = GENESIS_HASH
    for seq, row in enumerate(rows, start=1):
        row.chain, row.seq, row.prev_hash = FIRST_CHAIN, seq, prev
        row.entry_hash = prev = entry_hash({name: getattr(row, name) for name in HASHED_FIELDS})
    db.session.execute(sa.delete(AuditChainHead))
    db.session.add(AuditChainHead(chain=FIRST_CHAIN, seq=3, last_hash=prev))
    db.session.commit()
    _write(1, family_id=7)  # a new row after the migration starts the family's own chain
    assert verify_chain(db.session).intact

    db.session.execute(sa.text(f"UPDATE access_log SET family_id = 9 WHERE chain = {FIRST_CHAIN} AND seq = 2"))
    db.session.commit()
    report = verify_chain(db.session)
    assert (report.chain, report.broken_at) == (FIRST_CHAIN, 2)
