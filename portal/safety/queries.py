"""Read models for the safety pages, built on the scoped queries of `portal.access`, so that no
page can show a chain or a safe place the member may not see."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import ngettext
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from portal.access import FamilyContext, visible_entries, visible_safe_places, visible_safety_situations
from portal.extensions import db
from portal.families.models import Person, Role
from portal.parts.models import PlanPart
from portal.safety.models import ChainLink, ChildrenBriefing, SafePlace, SafetySituation
from portal.tasks.queries import load_people


def load_situations(ctx: FamilyContext, query: sa.Select | None = None) -> list[SafetySituation]:
    """The situations this member sees: chains for the whole network first, then per youth."""
    query = query if query is not None else visible_safety_situations(ctx)
    return list(db.session.scalars(
        # The people (many-to-one) are joined into the statement that loads what points at them.
        query.options(selectinload(SafetySituation.links).joinedload(ChainLink.person),
                      joinedload(SafetySituation.for_youth))
        .order_by(SafetySituation.for_youth_id.is_not(None), SafetySituation.for_youth_id, SafetySituation.id)
    ))


def load_safe_places(ctx: FamilyContext, query: sa.Select | None = None) -> list[SafePlace]:
    query = query if query is not None else visible_safe_places(ctx)
    return list(db.session.scalars(
        query.options(joinedload(SafePlace.person), joinedload(SafePlace.youth))
        .order_by(SafePlace.youth_id, SafePlace.id)
    ))


def load_briefing(ctx: FamilyContext) -> ChildrenBriefing | None:
    return db.session.scalar(visible_entries(ctx, ChildrenBriefing, PlanPart.SAFETY))


def youths_of(people: list[Person]) -> list[Person]:
    return sorted((p for p in people if p.role == Role.YOUTH), key=lambda p: (p.name, p.id))


@dataclass
class SafetyPage:
    """A "what do I do now" page: the chains to call, and where a child can go."""

    own: list[SafetySituation]      # the reader's own chains (for a youth: made for them; else: they are in it)
    others: list[SafetySituation]   # the rest they may see, folded away below their own
    safe_places: list[SafePlace]
    briefing: ChildrenBriefing | None
    youths: list[Person]          # other children's pages this member may open (family and mentor)


def youth_safety_page(ctx: FamilyContext, youth: Person) -> SafetyPage:
    """What `youth` needs when they do not feel safe: their chains, the ones for the whole network,
    and their safe places. The caller checks `may_open_safety_page_of` first."""
    situations = load_situations(ctx, visible_safety_situations(ctx).where(sa.or_(
        SafetySituation.for_youth_id.is_(None), SafetySituation.for_youth_id == youth.id)))
    places = load_safe_places(ctx, visible_safe_places(ctx).where(SafePlace.youth_id == youth.id))
    own = [s for s in situations if s.for_youth_id == youth.id]
    return SafetyPage(own, [s for s in situations if s not in own], places, load_briefing(ctx), [])


def member_safety_page(ctx: FamilyContext) -> SafetyPage:
    """The chains of the whole network and the ones this member is called in; the family and the
    mentor also get a link to each child's page."""
    me = ctx.membership.id
    called_in = sa.select(ChainLink.id).where(
        ChainLink.situation_id == SafetySituation.id, ChainLink.person_id == me).exists()
    situations = load_situations(ctx, visible_safety_situations(ctx).where(
        sa.or_(SafetySituation.for_youth_id.is_(None), called_in)))
    places = load_safe_places(ctx, visible_safe_places(ctx).where(SafePlace.person_id == me))
    youths = youths_of(load_people(ctx)) if ctx.in_family_circle else []
    own = [s for s in situations if any(link.person_id == me for link in s.links)]
    return SafetyPage(own, [s for s in situations if s not in own], places, None, youths)


def safety_summary(ctx: FamilyContext) -> str:
    """One line for the plan's hub: the chains and safe places this member sees."""
    chains = db.session.scalar(visible_safety_situations(ctx).with_only_columns(sa.func.count()))
    places = db.session.scalar(visible_safe_places(ctx).with_only_columns(sa.func.count()))
    return ", ".join((ngettext("%(num)d chain of people to call", "%(num)d chains of people to call", chains),
                      ngettext("%(num)d safe place", "%(num)d safe places", places)))


def first_call(ctx: FamilyContext, youth: Person) -> ChainLink | None:
    """The first number in the first chain made for `youth` that this member may see (one query):
    the call button a youth's start page shows before anything else."""
    own = visible_safety_situations(ctx).where(SafetySituation.for_youth_id == youth.id) \
        .with_only_columns(SafetySituation.id)
    number = sa.or_(ChainLink.phone != "", Person.phone.is_not(None) & (Person.phone != ""))
    return db.session.scalar(
        sa.select(ChainLink).outerjoin(Person, ChainLink.person_id == Person.id)
        .where(ChainLink.situation_id.in_(own), number)
        .options(contains_eager(ChainLink.person))
        .order_by(ChainLink.situation_id, ChainLink.position).limit(1))
