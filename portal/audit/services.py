"""Writing and checking the access log."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.audit.models import GENESIS_HASH, AccessLogEntry, AuditAction, AuditChainHead, AuditResult
from portal.extensions import utcnow

HASHED_FIELDS = ("seq", "at", "user_id", "user_name", "role", "on_behalf_of", "family_id", "part",
                 "action", "result", "consent_id", "subject", "prev_hash")


@dataclass(frozen=True)
class AuditEvent:
    action: AuditAction
    result: AuditResult = AuditResult.ALLOWED
    user_id: int | None = None
    user_name: str = ""
    role: str = ""
    on_behalf_of: str = ""
    family_id: int | None = None
    part: str = ""
    consent_id: int | None = None
    subject: str = ""


def entry_hash(values: dict) -> str:
    """The SHA-256 of a row's fields (canonical JSON) chained to the previous row's hash."""
    canonical = {name: values[name] for name in HASHED_FIELDS}
    canonical["at"] = values["at"].isoformat(timespec="microseconds")
    canonical["action"], canonical["result"] = str(values["action"]), str(values["result"])
    payload = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _ensure_head(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database: {dialect}")
    session.execute(insert(AuditChainHead).values(id=1, seq=0, last_hash=GENESIS_HASH)
                    .on_conflict_do_nothing(index_elements=["id"]))


def record(session: Session, event: AuditEvent) -> AccessLogEntry:
    """Append `event` to the log in the caller's transaction (the caller commits).

    The head row is updated first: that write lock makes concurrent writers take turns, so
    the chain never forks.
    """
    _ensure_head(session)
    seq, prev_hash = session.execute(
        sa.update(AuditChainHead).where(AuditChainHead.id == 1)
        .values(seq=AuditChainHead.seq + 1)
        .returning(AuditChainHead.seq, AuditChainHead.last_hash)
        .execution_options(synchronize_session=False)
    ).one()
    values = dict(
        seq=seq, at=utcnow(), user_id=event.user_id, user_name=event.user_name[:120],
        role=event.role[:20], on_behalf_of=event.on_behalf_of[:120], family_id=event.family_id,
        part=event.part[:20], action=event.action, result=event.result, consent_id=event.consent_id,
        subject=event.subject[:200], prev_hash=prev_hash,
    )
    values["entry_hash"] = entry_hash(values)
    entry = AccessLogEntry(**values)
    session.add(entry)
    session.execute(sa.update(AuditChainHead).where(AuditChainHead.id == 1)
                    .values(last_hash=values["entry_hash"]).execution_options(synchronize_session=False))
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None   # the seq of the first row that does not fit, or None when all is well
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, batch_size: int = 1000) -> ChainReport:
    """Walk the whole log in order and recompute every hash and link."""
    result = session.execute(sa.select(AccessLogEntry).order_by(AccessLogEntry.seq)
                             .execution_options(yield_per=batch_size))
    try:
        report = _walk(result.scalars())
    finally:
        result.close()  # a server-side cursor on PostgreSQL: close it even when stopping early
    if report is not None:
        return report
    checked = session.scalar(sa.select(sa.func.count()).select_from(AccessLogEntry)) or 0
    last_hash = session.scalar(sa.select(AccessLogEntry.entry_hash).order_by(AccessLogEntry.seq.desc()).limit(1))
    head = session.get(AuditChainHead, 1)
    if head is not None and (head.seq != checked or head.last_hash != (last_hash or GENESIS_HASH)):
        return ChainReport(checked, checked + 1, "rows at the end are missing")
    return ChainReport(checked, None)


def _walk(rows) -> ChainReport | None:
    """The first break in `rows`, or None when every row fits."""
    expected_prev, expected_seq = GENESIS_HASH, 1
    for row in rows:
        checked = expected_seq - 1
        if row.seq != expected_seq:
            return ChainReport(checked, expected_seq, "a row is missing")
        if row.prev_hash != expected_prev:
            return ChainReport(checked, row.seq, "the link to the row before does not match")
        if entry_hash({name: getattr(row, name) for name in HASHED_FIELDS}) != row.entry_hash:
            return ChainReport(checked, row.seq, "the row was changed after it was written")
        expected_prev, expected_seq = row.entry_hash, expected_seq + 1
    return None


def record_account_event(session: Session, action: AuditAction, user=None, typed_email: str = "",
                         result: AuditResult = AuditResult.ALLOWED) -> AccessLogEntry:
    """A login, failed login or logout: not about one family, but about an account (or an attempt)."""
    return record(session, AuditEvent(
        action=action, result=result, user_id=user.id if user else None,
        user_name=user.name if user else typed_email.strip().lower(), subject="account",
    ))
