"""What each part of the plan shows on paper, as a table: per part, its template and a loader that
reads what the reader may see, through the part's own read functions (which start from the scoped
queries of `portal.access`). Which parts go on paper at all is the access policy's answer
(`ctx.can_read`), asked in `portal.paper.documents`; every registered part has a line here
(tests/test_paper.py checks that)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from portal.access import FamilyContext, visible_entries, visible_tasks
from portal.agreements.services import progress_of, visible_agreements
from portal.conditions.services import statuses_of, visible_conditions
from portal.extensions import db, dutch_today
from portal.logbook.queries import log_page
from portal.meetings.services import meetings_overview
from portal.needs.queries import needs_overview
from portal.parts.models import PlanPart
from portal.plans.labels import KIND_GROUPS
from portal.plans.models import PlanEntry
from portal.plans.services import plan_of
from portal.relapse.queries import alarm_pairs, relapse_sections
from portal.safety.queries import load_briefing, load_safe_places, load_situations
from portal.scores.queries import scores_overview
from portal.tasks.models import Task
from portal.tasks.queries import load_people, load_tasks


@dataclass(frozen=True)
class Section:
    template: str                                  # under templates/paper/parts/
    load: Callable[[FamilyContext], dict]          # what the template shows, for this reader


def _goal(ctx: FamilyContext) -> dict:
    return {"plan": plan_of(ctx.family.id)}


def _concerns(ctx: FamilyContext) -> dict:
    entries = db.session.scalars(visible_entries(ctx, PlanEntry, PlanPart.CONCERNS)
                                 .order_by(PlanEntry.created_at, PlanEntry.id)).all()
    return {"groups": [(heading, [e for e in entries if e.kind == kind])
                       for kind, (heading, _question) in KIND_GROUPS.items()]}


def _agreements(ctx: FamilyContext) -> dict:
    """Each agreement with the tasks this reader sees, and who does them; then the tasks of no agreement."""
    progress = progress_of(visible_agreements(ctx))
    tasks = load_tasks(ctx, visible_tasks(ctx))
    per_agreement: dict[int | None, list[Task]] = {}
    for task in tasks:
        per_agreement.setdefault(task.agreement_id, []).append(task)
    known = {p.agreement.id for p in progress}
    loose = [t for t in tasks if t.agreement_id is None or t.agreement_id not in known]
    return {"agreements": [(p, per_agreement.get(p.agreement.id, [])) for p in progress], "loose_tasks": loose}


def _needs(ctx: FamilyContext) -> dict:
    return {"overview": needs_overview(ctx)}


def _safety(ctx: FamilyContext) -> dict:
    return {"situations": load_situations(ctx), "safe_places": load_safe_places(ctx), "briefing": load_briefing(ctx)}


def _relapse(ctx: FamilyContext) -> dict:
    return {"sections": relapse_sections(ctx), "pairs": alarm_pairs(ctx)}


def _conditions(ctx: FamilyContext) -> dict:
    # A condition names the agreements it counts towards: only those this reader reads are named.
    readable = {a.id for a in visible_agreements(ctx)} if ctx.can_read(PlanPart.AGREEMENTS) else set()
    return {"statuses": statuses_of(visible_conditions(ctx)), "readable_agreements": readable}


def _scores(ctx: FamilyContext) -> dict:
    return {"questions": scores_overview(ctx)}


def _meetings(ctx: FamilyContext) -> dict:
    return {"overview": meetings_overview(ctx, dutch_today())}


def _log(ctx: FamilyContext) -> dict:
    return {"page": log_page(ctx, 1)}  # the newest updates; the rest stays on the log's pages


def _network_map(ctx: FamilyContext) -> dict:
    return {"people": load_people(ctx)}


PAPER_SECTIONS: dict[PlanPart, Section] = {
    PlanPart.GOAL: Section("goal.html", _goal),
    PlanPart.CONCERNS: Section("concerns.html", _concerns),
    PlanPart.NEEDS: Section("needs.html", _needs),
    PlanPart.AGREEMENTS: Section("agreements.html", _agreements),
    PlanPart.SAFETY: Section("safety.html", _safety),
    PlanPart.RELAPSE: Section("relapse.html", _relapse),
    PlanPart.CONDITIONS: Section("conditions.html", _conditions),
    PlanPart.SCORES: Section("scores.html", _scores),
    PlanPart.MEETINGS: Section("meetings.html", _meetings),
    PlanPart.LOG: Section("log.html", _log),
    PlanPart.NETWORK_MAP: Section("network_map.html", _network_map),
}
