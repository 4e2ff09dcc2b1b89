"""Read models for the needs pages: a fixed number of queries, however many needs and offers."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import joinedload, selectinload

from portal.access import HELPER_ROLES, FamilyContext, may_offer_help_as, visible_entries, visible_people
from portal.extensions import db
from portal.families.models import Person
from portal.needs.models import HelpOffer, Need, OfferStatus, Participation, TakingPart
from portal.needs.services import Cover, covers_of
from portal.parts.models import PlanPart
from portal.tasks.models import Task


def _with_offers_and_tasks(query: sa.Select) -> sa.Select:
    return query.options(
        selectinload(Need.offers).joinedload(HelpOffer.person),
        selectinload(Need.tasks).joinedload(Task.assignee),
        selectinload(Need.tasks).joinedload(Task.offered_to),
    )


def visible_offers(ctx: FamilyContext) -> sa.Select[tuple[HelpOffer]]:
    """The offers on the needs this member may see."""
    needs = visible_entries(ctx, Need, PlanPart.NEEDS).with_only_columns(Need.id)
    return sa.select(HelpOffer).where(HelpOffer.need_id.in_(needs))


@dataclass
class NeedRow:
    need: Need
    covers: list[Cover]
    waiting_offers: list[HelpOffer]

    @property
    def is_covered(self) -> bool:
        return bool(self.covers)


@dataclass
class NeedsOverview:
    looking: list[NeedRow]       # nobody takes care of these yet
    covered: list[NeedRow]       # a task or an accepted offer already does
    my_way: TakingPart | None    # how the member takes part, when they are a helper
    taking_part: dict[TakingPart | None, list[Person]] = field(default_factory=dict)  # None: not said yet


def needs_overview(ctx: FamilyContext) -> NeedsOverview:
    needs = db.session.scalars(_with_offers_and_tasks(visible_entries(ctx, Need, PlanPart.NEEDS))
                               .order_by(Need.created_at.desc(), Need.id.desc())).all()
    rows = [NeedRow(n, covers_of(n), [o for o in n.offers if o.status == OfferStatus.PENDING]) for n in needs]
    taking_part = helpers_by_way(ctx)
    my_way = next((way for way, people in taking_part.items()
                   if any(p.id == ctx.membership.id for p in people)), None)
    return NeedsOverview(looking=[r for r in rows if not r.is_covered], covered=[r for r in rows if r.is_covered],
                         my_way=my_way, taking_part=taking_part)


def load_need(need: Need) -> Need:
    """`need` with its offers and tasks loaded in one go (for its own page)."""
    return db.session.scalars(_with_offers_and_tasks(sa.select(Need).where(Need.id == need.id))
                              .execution_options(populate_existing=True)).one()


def helpers_by_way(ctx: FamilyContext) -> dict[TakingPart | None, list[Person]]:
    """The helpers of the family (network members and mentors) that this member may see (see
    `visible_people`), grouped by how they take part, in the order of `TakingPart`; None holds
    those who have not said yet."""
    rows = db.session.execute(
        sa.select(Person, Participation.way)
        .outerjoin(Participation, Participation.person_id == Person.id)
        .where(Person.id.in_(visible_people(ctx).with_only_columns(Person.id)), Person.role.in_(HELPER_ROLES))
        .order_by(Person.name, Person.id)
    ).all()
    grouped: dict[TakingPart | None, list[Person]] = {way: [] for way in (*TakingPart, None)}
    for person, way in rows:
        grouped[way].append(person)
    return grouped


def offer_candidates(ctx: FamilyContext) -> list[Person]:
    """Who the user may offer help as: themselves first, then helpers without an account."""
    helpers = db.session.scalars(
        sa.select(Person).where(Person.family_id == ctx.family.id, Person.role.in_(HELPER_ROLES),
                                Person.left_at.is_(None))
        .order_by(Person.name, Person.id)).all()
    allowed = [p for p in helpers if may_offer_help_as(ctx, p)]
    return sorted(allowed, key=lambda p: p.id != ctx.membership.id)


def needs_summary(ctx: FamilyContext) -> str:
    """One line for the plan's hub: how many needs this member sees, and how many still need someone.
    Only the needs with their offers and tasks (three statements): the hub shows no names."""
    needs = db.session.scalars(visible_entries(ctx, Need, PlanPart.NEEDS)
                               .options(selectinload(Need.offers), selectinload(Need.tasks))).all()
    if not needs:
        return _("Nothing written yet.")
    looking = sum(1 for need in needs if not covers_of(need))
    return ngettext("%(num)d need, %(looking)d still looking for someone",
                    "%(num)d needs, %(looking)d still looking for someone", len(needs), looking=looking)
