"""The plan's hub: one card per part the member may read, with a one-line summary.

A reader of the part registry: each part gives its title, its page and its summary there, so the
hub imports no part. A part whose page is not in the app gets no card. Summaries count only what the
member may see (`visible_entries`), so a network member's numbers never include an entry the
family narrowed.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from portal.access import FamilyContext
from portal.parts.models import PlanPart
from portal.parts.registry import registered_parts


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
