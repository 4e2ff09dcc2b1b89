"""Count the SQL statements a block of code sends: for query budgets ("no query per row")."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa

from portal.extensions import db


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """Yield a list that fills with every statement sent to the database inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def reads(statements: list[str]) -> list[str]:
    """The SELECTs among `statements`: the access log adds the same few writes to every request."""
    return [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]
