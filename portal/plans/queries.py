"""Read models of the plan: the hub, with one card per part the member may read and a one-line
summary, and the summaries of the goal and the concerns.

The hub reads the part registry: each part gives its title, its page and its summary there, so the
hub imports no part. A part whose page is not in the app gets no card. Summaries count only what the
member may see (`visible_entries`), so a network member's numbers never include an entry the
family narrowed."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import ngettext
from flask_babel import gettext as _

from portal.access import FamilyContext, visible_entries
from portal.extensions import db
from portal.parts.models import PlanPart
from portal.parts.registry import registered_parts
from portal.plans.labels import STATUS_LABELS
from portal.plans.models import EntryKind, PlanEntry
from portal.plans.services import plan_of


@dataclass(frozen=True)
class PartCard:
    part: PlanPart
    title: str
    endpoint: str
    summary: str            # one line; empty when the part has nothing to count


def part_cards(ctx: FamilyContext) -> list[PartCard]:
    """The cards of the hub, in the order of the plan, for the parts this member may read."""
    return [PartCard(info.part, str(info.title), info.endpoint, info.summary(ctx) if info.summary else "")
            for info in registered_parts()
            if ctx.can_read(info.part) and info.endpoint in current_app.view_functions]


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
