"""Read models of the log: one page of entries, and the line for the plan's hub."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.access import FamilyContext, visible_entries
from portal.extensions import db
from portal.logbook.models import LogEntry
from portal.parts.models import PlanPart

PAGE_SIZE = 30


@dataclass(frozen=True)
class LogPage:
    entries: list[LogEntry]   # newest first
    number: int               # from 1
    has_older: bool


def newest_first(ctx: FamilyContext) -> sa.Select[tuple[LogEntry]]:
    return visible_entries(ctx, LogEntry, PlanPart.LOG).order_by(LogEntry.created_at.desc(), LogEntry.id.desc())


def log_page(ctx: FamilyContext, number: int) -> LogPage:
    """Page `number` of the entries this member may see, with their authors, in two queries."""
    rows = db.session.scalars(newest_first(ctx).options(selectinload(LogEntry.author))
                              .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return LogPage(list(rows[:PAGE_SIZE]), number, len(rows) > PAGE_SIZE)


def log_summary(ctx: FamilyContext) -> str:
    """One line for the plan's hub: when the latest update this member may see was written."""
    latest = db.session.scalar(newest_first(ctx).limit(1))
    if latest is None:
        return _("Nothing in the log yet.")
    return _("Latest update: %(when)s", when=format_datetime(latest.created_at, "d MMMM, HH:mm"))
