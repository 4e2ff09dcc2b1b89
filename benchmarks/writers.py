"""How many access-log rows per second concurrent writers get in, with 1, 2, 4 and 8 writers.

Each writer is a process of its own with its own connection, and writes rows the way requests do:
one row per transaction (`record` and a commit), each for a family picked at random from
`families` (a region: writers seldom share a chain), or all for one family (`families=1`: every
writer in one chain, as the whole installation was before migration 0019).
"""
from __future__ import annotations

import multiprocessing
import random
import time

from portal.audit.models import AuditAction
from portal.audit.services import AuditEvent, record


def _writer(database_url: str, families: int, seconds: float, hold: float, ready, counts) -> None:
    from portal import create_app
    from portal.extensions import db

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    written, in_record, in_commit = 0, 0.0, 0.0
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))  # connect before the clock starts
        db.session.commit()
        ready.wait()  # every writer has started and connected
        until = time.time() + seconds
        while time.time() < until:
            started = time.perf_counter()
            # Waits here while another writer of the same chain has bumped its head and not committed.
            record(db.session, AuditEvent(action=AuditAction.READ, user_id=1, user_name="Bench", role="network",
                                          family_id=random.randint(1, families), part="agreements",
                                          subject="tasks.mine family_id=1"))
            if hold:  # the rest of a request's transaction after its row: its own changes, a slow disk
                time.sleep(hold)
            recorded = time.perf_counter()  # record_ms: the row, its wait for the chain, and the hold
            db.session.commit()
            in_record, in_commit = in_record + recorded - started, in_commit + time.perf_counter() - recorded
            written += 1
        db.session.remove()
        db.engine.dispose()
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
