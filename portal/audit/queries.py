"""Read model of "who looked at our plan": one page of the access-log rows this member may read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import get_timezone

from portal.access import FamilyContext, visible_access_log
from portal.audit.describe import sentence
from portal.audit.models import AccessLogEntry, AuditResult
from portal.consent.models import Consent
from portal.extensions import db
from portal.families.models import Role

PAGE_SIZE = 50
# Whose lines the family sees first: those of professionals and of anyone from outside the family's
# network. The network's own reading (grandpa opening his tasks, day after day) is one choice away.
GUESTS, EVERYONE = "guests", "everyone"
NETWORK_ROLES = tuple(role.value for role in Role if role != Role.PROFESSIONAL)


@dataclass(frozen=True)
class LogFilters:
    user_id: int | None = None
    start: date | None = None
    end: date | None = None       # inclusive
    whose: str = GUESTS

    @property
    def active(self) -> bool:
        return bool(self.user_id or self.start or self.end or self.whose != GUESTS)


@dataclass(frozen=True)
class LogLine:
    entry: AccessLogEntry
    text: str
    by_professional: bool
    refused: bool


@dataclass(frozen=True)
class AccessLogPage:
    lines: list[LogLine]   # newest first
    number: int            # from 1
    has_older: bool


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` where the family lives, in UTC (the log's time)."""
    zone = ZoneInfo(str(get_timezone() or "UTC"))
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(timezone.utc)


def people_in_log(ctx: FamilyContext) -> list[tuple[int, str]]:
    """(user id, name) of everyone in the rows this member may read, by name: the person filter."""
    rows = visible_access_log(ctx).with_only_columns(AccessLogEntry.user_id, sa.func.max(AccessLogEntry.user_name)) \
        .where(AccessLogEntry.user_id.is_not(None)).group_by(AccessLogEntry.user_id)
    return sorted(((user_id, name) for user_id, name in db.session.execute(rows)),
                  key=lambda row: (row[1].lower(), row[0]))


def _guests_only(query: sa.Select) -> sa.Select:
    return query.where(sa.or_(AccessLogEntry.role.is_(None), AccessLogEntry.role.not_in(NETWORK_ROLES)))


def lines_of_the_network(ctx: FamilyContext) -> int:
    """How many lines the guests-only view leaves out: the family's and the network's own."""
    return db.session.scalar(visible_access_log(ctx).with_only_columns(sa.func.count())
                             .where(AccessLogEntry.role.in_(NETWORK_ROLES)))


def _filtered(ctx: FamilyContext, filters: LogFilters) -> sa.Select[tuple[AccessLogEntry]]:
    query = visible_access_log(ctx)
    if filters.whose == GUESTS and not filters.user_id:
        query = _guests_only(query)
    if filters.user_id:
        query = query.where(AccessLogEntry.user_id == filters.user_id)
    if filters.start:
        query = query.where(AccessLogEntry.at >= _start_of(filters.start))
    if filters.end:
        query = query.where(AccessLogEntry.at < _start_of(filters.end + timedelta(days=1)))
    return query


def access_log_page(ctx: FamilyContext, filters: LogFilters, number: int) -> AccessLogPage:
    """Page `number` of the rows this member may read, newest first, each in plain words (two queries)."""
    rows = list(db.session.scalars(_filtered(ctx, filters).order_by(AccessLogEntry.id.desc())
                                   .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    shown = rows[:PAGE_SIZE]
    consent_ids = {row.consent_id for row in shown if row.consent_id}
    given = dict(db.session.execute(sa.select(Consent.id, Consent.created_at).where(Consent.id.in_(consent_ids)))
                 .all()) if consent_ids else {}
    lines = [LogLine(row, sentence(row, given.get(row.consent_id) if row.consent_id else None),
                     by_professional=row.role == Role.PROFESSIONAL.value,
                     refused=row.result != AuditResult.ALLOWED)
             for row in shown]
    return AccessLogPage(lines, number, len(rows) > PAGE_SIZE)
