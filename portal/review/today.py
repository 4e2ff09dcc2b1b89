"""The first screen of the family and the mentor: what needs them now, and this week.

It answers "what do I do now?" before it shows the plan: the review's headlines (late tasks,
agreements without a yes, scores that dropped, unmet conditions, people who went quiet), the tasks
nobody has yet, and a short agenda. A mentor of a youth sees that youth first.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.access import Access, FamilyContext
from portal.families.models import Person, Role
from portal.meetings.models import Meeting
from portal.meetings.services import meetings_between
from portal.parts.models import PlanPart
from portal.review.queries import Review, build_review
from portal.scores.models import ScaleQuestion
from portal.scores.queries import PersonScore, scores_overview
from portal.tasks.models import Task, TaskStatus
from portal.tasks.queries import load_tasks

AGENDA_DAYS = 7
# The most items of one kind the first screen lists; the rest are one tap away, on the review page.
FIRST_SCREEN_ITEMS = 4


@dataclass(frozen=True)
class AgendaItem:
    day: date
    task: Task | None = None
    meeting: Meeting | None = None


@dataclass
class YouthFocus:
    """What a mentor looks at first: the youth they speak up for."""

    youth: Person
    tasks: list[Task]            # what the youth does, or is asked to do
    scores: list[tuple[ScaleQuestion, PersonScore]]  # the youth's latest score on each question


@dataclass
class Today:
    review: Review
    needs_someone: list[Task]          # open, or declined: nobody does these yet
    waiting: list[Task]                # asked, and no answer yet
    this_week: list[AgendaItem]
    youth: YouthFocus | None

    @property
    def needs_attention(self) -> int:
        """How many things on this screen ask for someone to act."""
        review = self.review
        return (len(review.overdue_tasks) + len(self.needs_someone) + len(review.unaccepted_agreements)
                + len(review.dropped_scores) + len(review.unmet_conditions) + len(review.inactive_people))


def build_today(ctx: FamilyContext, today: date) -> Today:
    tasks = load_tasks(ctx)
    return Today(
        review=build_review(ctx, today),
        needs_someone=[t for t in tasks if t.needs_someone],
        waiting=[t for t in tasks if t.status == TaskStatus.OFFERED],
        this_week=_agenda(ctx, tasks, today),
        youth=_youth_focus(ctx, tasks),
    )


def _agenda(ctx: FamilyContext, tasks: list[Task], today: date) -> list[AgendaItem]:
    last_day = today + timedelta(days=AGENDA_DAYS - 1)
    items = [AgendaItem(task.due_date, task=task) for task in tasks
             if task.due_date and today <= task.due_date <= last_day and task.status != TaskStatus.DONE]
    if ctx.can_read(PlanPart.MEETINGS):
        items += [AgendaItem(m.meeting_date, meeting=m) for m in meetings_between(ctx, today, last_day)]
    return sorted(items, key=lambda item: (item.day, item.meeting is None, item.task.id if item.task else 0))


def _youth_focus(ctx: FamilyContext, tasks: list[Task]) -> YouthFocus | None:
    me = ctx.membership
    if me.role != Role.MENTOR or me.mentor_for is None:
        return None
    youth = me.mentor_for
    theirs = [t for t in tasks if youth.id in (t.assignee_id, t.offered_to_id) and t.status != TaskStatus.DONE]
    scores = []
    if ctx.can_read(PlanPart.SCORES) and ctx.can(Access.VIEW_PLAN):
        for view in scores_overview(ctx):
            scores += [(view.question, score) for score in view.scores if score.person.id == youth.id]
    return YouthFocus(youth=youth, tasks=theirs, scores=scores)
