"""The plan's hub: one card per part the member may read, with a one-line summary.

Each part's page registers here by endpoint; a part whose page is not (yet) in the app gets no card.
Summaries count only what the member may see (`visible_entries`), so a network member's numbers
never include an entry the family narrowed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.access import FamilyContext, visible_entries
from portal.extensions import db
from portal.plans.labels import PART_TITLES, STATUS_LABELS
from portal.plans.models import EntryKind, PlanEntry, PlanPart, Visibility
from portal.plans.services import plan_of

# The main page of each part. Parts built in other packages are listed by the endpoint they give.
PART_PAGES: dict[PlanPart, str] = {
    PlanPart.GOAL: "plans.goal",
    PlanPart.CONCERNS: "plans.concerns",
    PlanPart.NEEDS: "needs.index",
    PlanPart.AGREEMENTS: "agreements.index",
    PlanPart.SAFETY: "safety.index",
    PlanPart.RELAPSE: "relapse.index",
    PlanPart.CONDITIONS: "conditions.index",
    PlanPart.SCORES: "scores.index",
    PlanPart.MEETINGS: "meetings.index",
    PlanPart.LOG: "log.index",
    PlanPart.NETWORK_MAP: "network.index",
}


@dataclass(frozen=True)
class PartCard:
    part: PlanPart
    title: str
    endpoint: str
    summary: str            # one line; empty when the part has nothing to count
    visibility: Visibility  # who sees the part as a whole


def part_visibility(ctx: FamilyContext, part: PlanPart) -> Visibility:
    """Who sees `part` as a whole: the whole network, or only the family and the mentor."""
    return Visibility.FAMILY_AND_MENTOR if part in ctx.narrowed_parts else Visibility.NETWORK


def _goal_summary(ctx: FamilyContext) -> str:
    plan = plan_of(ctx.family.id)
    if plan is None or not (plan.goal or plan.own_words):
        return _("Nothing written yet.")
    return _("Status: %(status)s", status=STATUS_LABELS[plan.status])


def _concerns_summary(ctx: FamilyContext) -> str:
    query = visible_entries(ctx, PlanEntry, PlanPart.CONCERNS).with_only_columns(
        PlanEntry.kind, sa.func.count()).group_by(PlanEntry.kind)
    counts = {kind: number for kind, number in db.session.execute(query)}
    return ", ".join((
        ngettext("%(num)d concern", "%(num)d concerns", counts.get(EntryKind.CONCERN, 0)),
        ngettext("%(num)d strength", "%(num)d strengths", counts.get(EntryKind.STRENGTH, 0)),
        ngettext("%(num)d exception", "%(num)d exceptions", counts.get(EntryKind.EXCEPTION, 0)),
    ))


def _summaries() -> dict[PlanPart, Callable[[FamilyContext], str]]:
    # Imported here: these packages build on the plans package.
    from portal.agreements.services import agreements_summary
    from portal.conditions.services import conditions_summary
    from portal.logbook.overview import log_summary
    from portal.needs.overview import needs_summary
    from portal.relapse.queries import relapse_summary
    from portal.safety.queries import safety_summary
    from portal.scores.overview import scores_summary

    return {PlanPart.GOAL: _goal_summary, PlanPart.CONCERNS: _concerns_summary,
            PlanPart.AGREEMENTS: agreements_summary, PlanPart.CONDITIONS: conditions_summary,
            PlanPart.NEEDS: needs_summary, PlanPart.SAFETY: safety_summary, PlanPart.RELAPSE: relapse_summary,
            PlanPart.SCORES: scores_summary, PlanPart.LOG: log_summary}


def part_cards(ctx: FamilyContext) -> list[PartCard]:
    """The cards of the hub, in the order of the plan, for the parts this member may read."""
    summaries = _summaries()
    cards = []
    for part in PlanPart:
        endpoint = PART_PAGES.get(part)
        if not ctx.can_read(part) or endpoint not in current_app.view_functions:
            continue
        summary = summaries[part](ctx) if part in summaries else ""
        cards.append(PartCard(part, str(PART_TITLES[part]), endpoint, summary, part_visibility(ctx, part)))
    return cards
