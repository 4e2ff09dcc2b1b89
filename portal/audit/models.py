"""The access log (NEN 7513): who did what with which family's data, when, and on what grounds.

Rows are only ever added. Each row carries the hash of the row before it in its chain, so a
changed, removed or reordered row breaks the chain (`flask audit verify`). Every family has a chain
of its own, and the rows about no family (logins) one more: writers in different families never
wait for each other (see the README, "The access log"). Rows hold plain values, no foreign keys:
deleting an account or a family never rewrites the log.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import UTCDateTime, db, enum_column, utcnow

GENESIS_HASH = "0" * 64
# The chain of rows about no family (logins, failed logins, logouts).
NO_FAMILY_CHAIN = 0
# The one chain every row was in before each family had its own (migration 0018); still verified.
FIRST_CHAIN = -1


def chain_of(family_id: int | None) -> int:
    """The chain a row about `family_id` belongs to."""
    return NO_FAMILY_CHAIN if family_id is None else family_id


class AuditAction(enum.StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    CONSENT = "consent"            # a consent given, confirmed, withdrawn or ended
    VIEW_LOG = "view_log"          # reading the access log itself


class AuditResult(enum.StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"              # the access policy said no
    REFUSED = "refused"            # allowed, but the change could not be made (stale, invalid)
    ERROR = "error"                # allowed, but the request failed on our side (a 500): nothing changed


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"
    __table_args__ = (sa.UniqueConstraint("chain", "seq", name="uq_access_log_chain_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Which chain the row is in: `chain_of(family_id)`, or FIRST_CHAIN for rows from before 0018.
    chain: Mapped[int] = mapped_column()
    # Position in its chain: 1, 2, 3... without gaps.
    seq: Mapped[int] = mapped_column()
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(index=True)
    user_name: Mapped[str] = mapped_column(sa.String(120), default="")
    role: Mapped[str] = mapped_column(sa.String(20), default="")
    # The person the user acted for, when not themselves (e.g. a task noted for grandma).
    on_behalf_of: Mapped[str] = mapped_column(sa.String(120), default="")
    family_id: Mapped[int | None] = mapped_column(index=True)
    part: Mapped[str] = mapped_column(sa.String(20), default="")
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    result: Mapped[AuditResult] = mapped_column(enum_column(AuditResult))
    consent_id: Mapped[int | None] = mapped_column()
    # What was touched, e.g. "task:12" or the route, never the content itself.
    subject: Mapped[str] = mapped_column(sa.String(200), default="")
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    entry_hash: Mapped[str] = mapped_column(sa.String(64))


class AuditChainHead(db.Model):
    """One row per chain: its last position and hash. Bumping it serialises the writers of one
    chain (one family), and no one else. A trigger on `access_log` (migration 0018) sets
    `last_hash` whenever a row is added, so a writer sends two statements, not three."""

    __tablename__ = "access_log_heads"

    chain: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS_HASH)
