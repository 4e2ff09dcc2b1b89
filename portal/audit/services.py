"""Writing and checking the access log."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.audit.models import (FIRST_CHAIN, GENESIS_HASH, AccessLogEntry, AuditAction, AuditChainHead,
                                 AuditResult, chain_of)
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


def _bump_statement(dialect: str) -> sa.Executable:
    """Take the next position in a chain and the hash of its last row, in one statement.

    The upsert creates the chain's head at its first row and otherwise locks and bumps it: writers
    of one chain take turns there until they commit, so the chain never forks; writers of other
    chains do not wait. Built once per dialect: building a statement costs more than sending it."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database: {dialect}")
    heads = AuditChainHead.__table__
    statement = insert(heads).values(chain=sa.bindparam("chain"), seq=1, last_hash=GENESIS_HASH)
    return statement.on_conflict_do_update(index_elements=["chain"], set_={"seq": heads.c.seq + 1}) \
        .returning(heads.c.seq, heads.c.last_hash)


_BUMP = {name: _bump_statement(name) for name in ("postgresql", "sqlite")}
# Core statements on the tables: no ORM object to track (the row is never read back in the request),
# and `inline`: no RETURNING of the new row's id, which nobody reads.
_INSERT = sa.insert(AccessLogEntry.__table__).inline()


def record(session: Session, event: AuditEvent) -> None:
    """Append `event` to its family's chain in the caller's transaction (the caller commits).

    Two statements: bump the chain's head, insert the row. The database's trigger on `access_log`
    then sets the head's `last_hash` to the new row's hash (migration 0018).
    """
    chain = chain_of(event.family_id)
    # The transaction's connection itself: Core statements need nothing of the ORM session.
    connection = session.connection()
    seq, prev_hash = connection.execute(_BUMP[connection.dialect.name], {"chain": chain}).one()
    values = dict(
        seq=seq, at=utcnow(), user_id=event.user_id, user_name=event.user_name[:120],
        role=event.role[:20], on_behalf_of=event.on_behalf_of[:120], family_id=event.family_id,
        part=event.part[:20], action=event.action, result=event.result, consent_id=event.consent_id,
        subject=event.subject[:200], prev_hash=prev_hash,
    )
    values["entry_hash"] = entry_hash(values)
    values["chain"] = chain
    connection.execute(_INSERT, values)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None   # the seq of the first row that does not fit, or None when all is well
    reason: str = ""
    chain: int | None = None  # the chain it is in (a family's id; 0: rows about no family)
    seal: str = ""            # when intact: see `seal_of`

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, batch_size: int = 1000) -> ChainReport:
    """Walk every chain in order and recompute every hash and link; then check that each chain
    ends where its head says (so rows cut off at the end are noticed too)."""
    result = session.execute(sa.select(AccessLogEntry).order_by(AccessLogEntry.chain, AccessLogEntry.seq)
                             .execution_options(yield_per=batch_size))
    try:
        report, ends = _walk(result.scalars())
    finally:
        result.close()  # a server-side cursor on PostgreSQL: close it even when stopping early
    if report is not None:
        return report
    checked = sum(seq for seq, _ in ends.values())
    heads = list(session.execute(sa.select(AuditChainHead.chain, AuditChainHead.seq, AuditChainHead.last_hash)
                                 .order_by(AuditChainHead.chain)))
    for chain, seq, last_hash in heads:
        end_seq, end_hash = ends.pop(chain, (0, GENESIS_HASH))
        if (seq, last_hash) != (end_seq, end_hash):
            return ChainReport(checked, end_seq + 1, "rows at the end are missing", chain)
    for chain in ends:
        return ChainReport(checked, 1, "the chain has no head", chain)
    return ChainReport(checked, None, seal=seal_of(heads))


def seal_of(heads) -> str:
    """One hash over every chain's head: kept outside the database (printed by `flask audit verify`),
    it shows later that no whole chain, head and all, was taken away or rewritten."""
    payload = ";".join(f"{chain}:{seq}:{last_hash}" for chain, seq, last_hash in heads)
    return hashlib.sha256(payload.encode()).hexdigest()


def _walk(rows) -> tuple[ChainReport | None, dict[int, tuple[int, str]]]:
    """The first break in `rows` (ordered by chain, then seq), or None when every row fits; and
    where each chain ends: {chain: (last seq, last hash)}."""
    ends: dict[int, tuple[int, str]] = {}
    chain, expected_prev, expected_seq, checked = None, GENESIS_HASH, 1, 0
    for row in rows:
        if row.chain != chain:
            if chain is not None:
                ends[chain] = (expected_seq - 1, expected_prev)
            chain, expected_prev, expected_seq = row.chain, GENESIS_HASH, 1
        if row.seq != expected_seq:
            return ChainReport(checked, expected_seq, "a row is missing", chain), ends
        if row.prev_hash != expected_prev:
            return ChainReport(checked, row.seq, "the link to the row before does not match", chain), ends
        if entry_hash({name: getattr(row, name) for name in HASHED_FIELDS}) != row.entry_hash:
            return ChainReport(checked, row.seq, "the row was changed after it was written", chain), ends
        if row.chain != FIRST_CHAIN and row.chain != chain_of(row.family_id):
            return ChainReport(checked, row.seq, "the row was moved to another chain", chain), ends
        expected_prev, expected_seq, checked = row.entry_hash, expected_seq + 1, checked + 1
    if chain is not None:
        ends[chain] = (expected_seq - 1, expected_prev)
    return None, ends


def record_account_event(session: Session, action: AuditAction, user=None, typed_email: str = "",
                         result: AuditResult = AuditResult.ALLOWED) -> None:
    """A login, failed login or logout: not about one family, but about an account (or an attempt)."""
    record(session, AuditEvent(
        action=action, result=result, user_id=user.id if user else None,
        user_name=user.name if user else typed_email.strip().lower(), subject="account",
    ))
