"""Read models for the relapse plan, built on `visible_entries`, so that a narrowed entry never
shows (nor counts) for someone outside the family and the mentor."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from portal.access import FamilyContext, visible_entries
from portal.extensions import db
from portal.parts.models import PlanPart
from portal.relapse.labels import KIND_SECTIONS
from portal.relapse.models import AlarmPair, RelapseEntry, RelapseKind

RELAPSE = PlanPart.RELAPSE


def relapse_sections(ctx: FamilyContext) -> list[tuple[RelapseKind, str, str, list[RelapseEntry]]]:
    """Per kind, in the order of the plan: (kind, heading, question, the entries this member sees)."""
    entries = list(db.session.scalars(visible_entries(ctx, RelapseEntry, RELAPSE).order_by(RelapseEntry.id)))
    return [(kind, *KIND_SECTIONS[kind], [e for e in entries if e.kind == kind]) for kind in RelapseKind]


def alarm_pairs(ctx: FamilyContext) -> list[AlarmPair]:
    return list(db.session.scalars(
        visible_entries(ctx, AlarmPair, RELAPSE)
        .options(selectinload(AlarmPair.raiser), selectinload(AlarmPair.contact)).order_by(AlarmPair.id)))


def relapse_summary(ctx: FamilyContext) -> str:
    """One line for the plan's hub: how many warning signs and alarm agreements this member sees."""
    signs = db.session.scalar(visible_entries(ctx, RelapseEntry, RELAPSE).where(
        RelapseEntry.kind == RelapseKind.WARNING_SIGN).with_only_columns(sa.func.count()))
    pairs = db.session.scalar(visible_entries(ctx, AlarmPair, RELAPSE).with_only_columns(sa.func.count()))
    return ", ".join((ngettext("%(num)d warning sign", "%(num)d warning signs", signs),
                      ngettext("%(num)d agreement on raising the alarm", "%(num)d agreements on raising the alarm",
                               pairs)))
