"""Engine settings per database: SQLite gets foreign keys and waits for a busy lock (and, in
tests, skips waiting for the disk)."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event


from portal.extensions import db


def configure_engines(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    # Test runs only: a database thrown away after the run need not wait for the disk.
    extra_pragmas = tuple(app.config.get("SQLITE_TEST_PRAGMAS", ()))

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        for pragma in extra_pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
