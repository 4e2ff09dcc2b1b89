"""Read models of the network map, each scoped to what its reader may see (see `portal.access`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from portal.access import FamilyContext, visible_entries, visible_people, visible_safe_places, visible_tasks
from portal.access.scopes import visible_safety_situations
from portal.extensions import db
from portal.families.models import Person, Role
from portal.needs.models import Participation, TakingPart
from portal.network.circles import CircleLayout, layout_circles
from portal.network.layout import Layout, MapPerson, MapTie, layout_genogram
from portal.network.models import FamilyTie, Placement, Sociogram
from portal.parts.models import PlanPart
from portal.relapse.models import AlarmPair
from portal.safety.models import ChainLink, SafePlace, SafetySituation
from portal.tasks.models import Task, TaskStatus


def map_people(ctx: FamilyContext) -> list[Person]:
    """Everyone on the map: the network this member sees, without the professionals (guests)."""
    return list(db.session.scalars(visible_people(ctx).where(Person.role != Role.PROFESSIONAL)
                                   .order_by(Person.id)))


def family_ties(ctx: FamilyContext) -> list[FamilyTie]:
    """The family's ties between people still in the network (whoever left is history, not map)."""
    if not ctx.can_read(PlanPart.NETWORK_MAP):
        return []
    ties = db.session.scalars(
        sa.select(FamilyTie).where(FamilyTie.family_id == ctx.family.id)
        .options(joinedload(FamilyTie.person), joinedload(FamilyTie.other)).order_by(FamilyTie.id))
    return [t for t in ties if not t.person.has_left and not t.other.has_left]


def people_around(ctx: FamilyContext) -> list[Person]:
    """Who the sociogram places around the family: everyone living on the map but the family itself
    (the parents, carers and children in the middle)."""
    return [p for p in map_people(ctx) if p.role not in (Role.FAMILY, Role.YOUTH) and not p.deceased]


def map_person(person: Person, today: date) -> MapPerson:
    return MapPerson(person.id, person.name, person.shape.value, person.deceased,
                     None if person.deceased else person.about_age_on(today), person.role == Role.YOUTH)


@dataclass
class Genogram:
    layout: Layout
    people: list[Person]          # everyone on the map, for the table
    ties: list[FamilyTie]
    drawn: set[int]               # who is in the drawing (the rest only in the table)


def genogram(ctx: FamilyContext, today: date) -> Genogram:
    """The family tree: everyone with a family tie, and the family's own members; others are listed."""
    people, ties = map_people(ctx), family_ties(ctx)
    tied = {p for t in ties for p in (t.person_id, t.other_id)}
    drawn = [p for p in people if p.id in tied or p.role in (Role.FAMILY, Role.YOUTH)]
    layout = layout_genogram([map_person(p, today) for p in drawn],
                             [MapTie(t.person_id, t.other_id, t.kind) for t in ties])
    return Genogram(layout, people, ties, {p.id for p in drawn})


@dataclass
class SociogramView:
    sociogram: Sociogram
    circles: CircleLayout
    placed: dict[int, int]                     # person id: circle
    left_out: list[Person]
    names_in: dict[int, list[str]] = field(default_factory=dict)   # circle: full names, for the table


def sociograms(ctx: FamilyContext) -> list[Sociogram]:
    return list(db.session.scalars(sa.select(Sociogram).where(Sociogram.family_id == ctx.family.id)
                                   .order_by(Sociogram.id)))


def placements(sociogram: Sociogram) -> dict[int, int]:
    return dict(db.session.execute(sa.select(Placement.person_id, Placement.circle)
                                   .where(Placement.sociogram_id == sociogram.id)).all())


def sociogram_view(sociogram: Sociogram, people: list[Person]) -> SociogramView:
    placed = placements(sociogram)
    shown = {p.id for p in people}
    placed = {pid: circle for pid, circle in placed.items() if pid in shown}
    layout = layout_circles([(p.id, p.name, placed[p.id]) for p in people if p.id in placed])
    names_in = {circle: [p.name for p in people if placed.get(p.id) == circle] for circle in (1, 2, 3)}
    return SociogramView(sociogram, layout, placed, [p for p in people if p.id not in placed], names_in)


@dataclass
class PersonPage:
    person: Person
    ties: list[FamilyTie]
    accepted: list[Task]
    offered: list[Task]
    chains: list[SafetySituation] = field(default_factory=list)
    safe_places: list[SafePlace] = field(default_factory=list)
    alarms: list[AlarmPair] = field(default_factory=list)
    circles: list[tuple[Sociogram, int]] = field(default_factory=list)
    taking_part: TakingPart | None = None      # think along, help out, or both (the needs part says)


def person_page(ctx: FamilyContext, person: Person) -> PersonPage:
    """What the map knows of `person`, and where they appear in the plan, as far as this member sees."""
    ties = [t for t in family_ties(ctx) if person.id in (t.person_id, t.other_id)]
    theirs = visible_tasks(ctx).order_by(Task.id)
    accepted = list(db.session.scalars(theirs.where(
        Task.assignee_id == person.id, Task.status.in_([TaskStatus.ACCEPTED, TaskStatus.DONE]))))
    offered = list(db.session.scalars(theirs.where(Task.offered_to_id == person.id,
                                                   Task.status == TaskStatus.OFFERED)))
    chains = list(db.session.scalars(visible_safety_situations(ctx).where(
        sa.select(ChainLink.id).where(ChainLink.situation_id == SafetySituation.id,
                                      ChainLink.person_id == person.id).exists()).order_by(SafetySituation.id)))
    places = list(db.session.scalars(visible_safe_places(ctx).where(SafePlace.person_id == person.id)
                                     .order_by(SafePlace.id)))
    alarms = list(db.session.scalars(visible_entries(ctx, AlarmPair, PlanPart.RELAPSE).where(
        sa.or_(AlarmPair.raiser_id == person.id, AlarmPair.contact_id == person.id)).order_by(AlarmPair.id)))
    circles = [(s, c) for s in sociograms(ctx) if (c := placements(s).get(person.id))]
    taking_part = db.session.scalar(sa.select(Participation.way).where(Participation.person_id == person.id)) \
        if ctx.can_read(PlanPart.NEEDS) else None
    return PersonPage(person, ties, accepted, offered, chains, places, alarms, circles, taking_part)


def map_summary(ctx: FamilyContext) -> str:
    count = len(map_people(ctx))
    return ngettext("%(num)d person on the map", "%(num)d people on the map", count)
