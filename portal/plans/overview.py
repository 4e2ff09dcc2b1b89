"""One-line summaries of the goal and the concerns, for the hub's cards."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.access import FamilyContext, visible_entries
from portal.extensions import db
from portal.parts.models import PlanPart
from portal.plans.labels import STATUS_LABELS
from portal.plans.models import EntryKind, PlanEntry
from portal.plans.services import plan_of


def goal_summary(ctx: FamilyContext) -> str:
    plan = plan_of(ctx.family.id)
    if plan is None or not (plan.goal or plan.own_words):
        return _("Nothing written yet.")
    return _("Status: %(status)s", status=STATUS_LABELS[plan.status])


def concerns_summary(ctx: FamilyContext) -> str:
    query = visible_entries(ctx, PlanEntry, PlanPart.CONCERNS).with_only_columns(
        PlanEntry.kind, sa.func.count()).group_by(PlanEntry.kind)
    counts = {kind: number for kind, number in db.session.execute(query)}
    return ", ".join((
        ngettext("%(num)d concern", "%(num)d concerns", counts.get(EntryKind.CONCERN, 0)),
        ngettext("%(num)d strength", "%(num)d strengths", counts.get(EntryKind.STRENGTH, 0)),
        ngettext("%(num)d exception", "%(num)d exceptions", counts.get(EntryKind.EXCEPTION, 0)),
    ))
