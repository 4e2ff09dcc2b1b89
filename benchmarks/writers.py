"""How many access-log rows per second concurrent writers get in, with 1, 2, 4 and 8 writers.

Each writer is a process of its own with its own connection, and writes rows the way requests do:
one row per transaction, each for a family picked at random from `families` (a region: writers
seldom share a chain), or all for one family (`families=1`: every writer in one chain, as the whole
installation was before migration 0019).

The writers are lean, so that what is measured is what the database and the chain design take,
not the writers' own Python (8 writer processes on 2 CPUs ran out of CPU before the database did):
the very SQL `portal.audit.services.record` sends (compiled here from its own statement objects),
the row's hash computed as it does, over psycopg with prepared statements; no app, no ORM session.
"""
from __future__ import annotations

import multiprocessing
import random
import time

import sqlalchemy as sa

from portal.audit.models import AuditAction, AuditResult, chain_of
from portal.audit.services import _BUMP, _INSERT, entry_hash
from portal.extensions import utcnow

# A row as `record` writes it for a network member's "my tasks" (`seq`, `at`, `family_id`,
# `prev_hash`, `entry_hash` and `chain` are filled in per row).
_ROW = dict(user_id=1, user_name="Bench", role="network", on_behalf_of="", part="agreements",
            action=AuditAction.READ, result=AuditResult.ALLOWED, consent_id=None, subject="tasks.mine family_id=1")
_COLUMNS = ("seq", "at", "user_id", "user_name", "role", "on_behalf_of", "family_id", "part", "action", "result",
            "consent_id", "subject", "prev_hash", "entry_hash", "chain")


def app_sql(database_url: str) -> tuple[str, dict, str]:
    """The two statements `record` sends, as the app's engine compiles them (psycopg's %(name)s),
    and the bump's own constant parameters."""
    dialect = sa.create_engine(database_url).dialect
    bump = _BUMP["postgresql"].compile(dialect=dialect)
    insert = _INSERT.compile(dialect=dialect, column_keys=list(_COLUMNS))
    return str(bump), dict(bump.params), str(insert)


def _writer(database_url: str, families: int, seconds: float, hold: float, ready, counts) -> None:
    import psycopg

    bump, bump_params, insert = app_sql(database_url)
    written, in_record, in_commit = 0, 0.0, 0.0
    with psycopg.connect(sa.make_url(database_url).set(drivername="postgresql").render_as_string(False)) as connection:
        connection.execute("SELECT 1")  # connect before the clock starts
        connection.commit()
        ready.wait()  # every writer has started and connected
        until = time.time() + seconds
        while time.time() < until:
            started = time.perf_counter()
            family_id = random.randint(1, families)
            chain = chain_of(family_id)
            # Waits here while another writer of the same chain has bumped its head and not committed.
            seq, prev_hash = connection.execute(bump, dict(bump_params, chain=chain), prepare=True).fetchone()
            values = dict(_ROW, seq=seq, at=utcnow(), family_id=family_id, prev_hash=prev_hash)
            values["entry_hash"] = entry_hash(values)
            values["chain"] = chain
            values["action"], values["result"] = str(values["action"]), str(values["result"])
            connection.execute(insert, values, prepare=True)
            if hold:  # the rest of a request's transaction after its row: its own changes, a slow disk
                time.sleep(hold)
            recorded = time.perf_counter()  # record_ms: the row, its wait for the chain, and the hold
            connection.commit()
            in_record, in_commit = in_record + recorded - started, in_commit + time.perf_counter() - recorded
            written += 1
    counts.put((written, in_record, in_commit))


def rows_per_second(database_url: str, writers: int, families: int, seconds: float, hold: float = 0.0) -> dict:
    """Rows/s of all writers together, and the mean milliseconds per row spent writing the row
    (bumping the head: waiting for the chain) and committing."""
    context = multiprocessing.get_context("spawn")
    counts, ready = context.Queue(), context.Barrier(writers)
    processes = [context.Process(target=_writer, args=(database_url, families, seconds, hold, ready, counts))
                 for _ in range(writers)]
    for process in processes:
        process.start()
    reports = [counts.get() for _ in processes]
    for process in processes:
        process.join()
    rows = sum(written for written, _, _ in reports) or 1
    return {"rows_per_s": round(rows / seconds, 1),
            "record_ms": round(sum(spent for _, spent, _ in reports) * 1000 / rows, 2),
            "commit_ms": round(sum(spent for _, _, spent in reports) * 1000 / rows, 2)}


def run(database_url: str, seconds: float = 3.0, families: int = 10_000,
        writer_counts: tuple[int, ...] = (1, 2, 4, 8), holds_ms: tuple[int, ...] = (0, 5)) -> list[dict]:
    """Rows/s per number of writers, for a region (`families` chains) and for a single chain; each
    also with the transaction held open `hold_ms` after the row (where waiting for a chain shows
    even when the writers' own CPU is what limits them)."""
    results = []
    for hold_ms in holds_ms:
        for chains in (families, 1):
            for writers in writer_counts:
                results.append({"writers": writers, "chains": chains, "hold_ms": hold_ms,
                                **rows_per_second(database_url, writers, chains, seconds, hold_ms / 1000)})
    return results
