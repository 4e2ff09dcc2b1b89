"""Keeping it going: what needs attention before the next meeting, gathered in one place.

`build_review` reads each list from the package that owns it, through the same scoped queries
the other pages use, so the review never shows what its reader may not see.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.access import Access, FamilyContext
from portal.agreements.services import AgreementProgress, progress_of, visible_agreements
from portal.conditions.services import ConditionStatus, statuses_of, visible_conditions
from portal.logbook.queries import InactivePerson, inactive_people
from portal.meetings.models import Meeting
from portal.meetings.services import last_meeting_before, next_meeting
from portal.parts.models import PlanPart
from portal.scores.queries import ScoreDrop, dropped_scores
from portal.tasks.models import Task
from portal.tasks.queries import load_tasks

# How long someone may be quiet before the review names them; also "last time" before any meeting.
QUIET_WEEKS = 4


@dataclass
class Review:
    next_meeting: Meeting | None
    last_meeting: Meeting | None
    since: date                                     # "since last time": the last meeting, else 4 weeks back
    unaccepted_agreements: list[AgreementProgress]  # not everyone it needs has said yes (or no tasks yet)
    overdue_tasks: list[Task]                       # not done, and their date has passed
    dropped_scores: list[ScoreDrop]                 # a person's latest score is lower than last time
    unmet_conditions: list[ConditionStatus]
    inactive_people: list[InactivePerson]          # helpers who did nothing in the plan for 4 weeks

    @property
    def all_clear(self) -> bool:
        return not (self.unaccepted_agreements or self.overdue_tasks or self.dropped_scores
                    or self.unmet_conditions or self.inactive_people)


def build_review(ctx: FamilyContext, today: date) -> Review:
    """Everything the family and the mentor should look at before the next meeting, as of `today`.

    Each list holds only what `ctx` may see (the review page is for the family and the mentor,
    who see everything, but the function does not rely on that).
    """
    last = last_meeting_before(ctx, today)
    since = last.meeting_date if last else today - timedelta(weeks=QUIET_WEEKS)
    return Review(
        next_meeting=next_meeting(ctx, today),
        last_meeting=last,
        since=since,
        unaccepted_agreements=[p for p in progress_of(visible_agreements(ctx)) if not p.fully_accepted],
        overdue_tasks=[task for task in load_tasks(ctx) if task.is_overdue(today)],
        dropped_scores=[drop for drop in dropped_scores(ctx.family.id, since)
                        if ctx.can_see_entry(PlanPart.SCORES, drop.question.visibility)],
        unmet_conditions=[s for s in statuses_of(visible_conditions(ctx)) if not s.met],
        inactive_people=(inactive_people(ctx.family.id, today, weeks=QUIET_WEEKS)
                         if ctx.can(Access.VIEW_PEOPLE) else []),
    )
