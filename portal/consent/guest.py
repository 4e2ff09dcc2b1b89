"""The professional's view of a family: exactly the parts a permission in force opens to them."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app

from portal.access import FamilyContext
from portal.consent.labels import LEVEL_LABELS
from portal.consent.models import Consent, ConsentLevel
from portal.extensions import db
from portal.families.models import Role
from portal.parts.registry import PART_PAGES
from portal.parts.registry import PART_TITLES
from portal.parts.models import PlanPart

# The network map has no page of its own yet (`PART_PAGES` names the one to come); until then the
# people page shows it.
_PAGE_UNTIL_THEN = {PlanPart.NETWORK_MAP: "families.people"}


def part_page(part: PlanPart) -> str | None:
    """The endpoint of the main page of `part`, when the app has one."""
    for endpoint in (PART_PAGES.get(part), _PAGE_UNTIL_THEN.get(part)):
        if endpoint and endpoint in current_app.view_functions:
            return endpoint
    return None


def months_later(day: date, months: int) -> date:
    """The same day `months` months later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class GuestPart:
    part: PlanPart
    title: str
    endpoint: str | None
    level: str
    until: date


def guest_parts(ctx: FamilyContext) -> list[GuestPart]:
    """For a professional: the parts they may read today under a permission, in the order of the
    plan, with what they may do and until when. Empty for anyone else, or without permission."""
    if ctx.role != Role.PROFESSIONAL or not ctx.grant.parts:
        return []
    ids = {consent_id for _part, consent_id in ctx.grant.consent_for_part}
    until = dict(db.session.execute(sa.select(Consent.id, Consent.valid_until).where(Consent.id.in_(ids)))
                 .all())
    return [
        GuestPart(part, str(PART_TITLES[part]), part_page(part),
                  str(LEVEL_LABELS[ConsentLevel.COMMENT if part in ctx.grant.can_comment else ConsentLevel.READ]),
                  until[ctx.grant.consent_id(part)])
        for part in PlanPart if part in ctx.grant.parts and ctx.can_read(part)
    ]
