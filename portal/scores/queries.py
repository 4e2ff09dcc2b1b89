"""Read models of the scores: the scores page (every visible question with everyone's latest score,
the history, and its chart, in a fixed number of queries however many people and answers there are),
the line for the plan's hub, and whose score dropped, for the review before a meeting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import sqlalchemy as sa
from flask_babel import ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.access import FamilyContext, visible_entries
from portal.extensions import db
from portal.families.models import Person
from portal.parts.models import PlanPart
from portal.scores.chart import Chart, build_chart
from portal.scores.models import ScaleAnswer, ScaleQuestion


@dataclass(frozen=True)
class PersonScore:
    """One person's score now, and the one before it."""

    person: Person
    latest: ScaleAnswer
    previous: ScaleAnswer | None

    @property
    def change(self) -> int | None:
        """How much the score moved since their previous answer (negative: it dropped)."""
        return None if self.previous is None else self.latest.score - self.previous.score


@dataclass(frozen=True)
class QuestionView:
    question: ScaleQuestion
    scores: list[PersonScore]        # one per person who answered, by name
    history: list[ScaleAnswer]       # every answer, newest first
    chart: Chart | None
    mine: PersonScore | None         # the viewer's own


def with_answers(query: sa.Select) -> sa.Select:
    return query.options(selectinload(ScaleQuestion.answers).selectinload(ScaleAnswer.person))


def latest_scores(answers: list[ScaleAnswer]) -> list[PersonScore]:
    """Each person's latest and previous answer, from `answers` in time order."""
    per_person: dict[int, list[ScaleAnswer]] = {}
    for answer in answers:
        per_person.setdefault(answer.person_id, []).append(answer)
    scores = [PersonScore(given[-1].person, given[-1], given[-2] if len(given) > 1 else None)
              for given in per_person.values()]
    return sorted(scores, key=lambda s: (s.person.name.lower(), s.person.id))


def question_view(question: ScaleQuestion, me: Person) -> QuestionView:
    answers = list(question.answers)  # in time order (see the relationship)
    scores = latest_scores(answers)
    return QuestionView(
        question=question, scores=scores, history=answers[::-1], chart=build_chart(answers, me.id),
        mine=next((s for s in scores if s.person.id == me.id), None),
    )


def scores_overview(ctx: FamilyContext) -> list[QuestionView]:
    questions = db.session.scalars(with_answers(visible_entries(ctx, ScaleQuestion, PlanPart.SCORES))
                                   .order_by(ScaleQuestion.created_at, ScaleQuestion.id)).all()
    return [question_view(q, ctx.membership) for q in questions]


def load_question(question: ScaleQuestion) -> ScaleQuestion:
    """`question` with its answers and their people loaded in one go."""
    return db.session.scalars(with_answers(sa.select(ScaleQuestion).where(ScaleQuestion.id == question.id))
                              .execution_options(populate_existing=True)).one()


def scores_summary(ctx: FamilyContext) -> str:
    """One line for the plan's hub: how many scale questions this member sees."""
    count = db.session.scalar(visible_entries(ctx, ScaleQuestion, PlanPart.SCORES)
                              .with_only_columns(sa.func.count(ScaleQuestion.id)))
    if not count:
        return _("No questions yet.")
    return ngettext("%(num)d question", "%(num)d questions", count)


@dataclass(frozen=True)
class ScoreDrop:
    question: ScaleQuestion
    person: Person
    before: ScaleAnswer   # their score "last time"
    now: ScaleAnswer      # their latest score

    @property
    def drop(self) -> int:
        """How many points lower the score is now (always at least 1)."""
        return self.before.score - self.now.score


def _moment(since: date | datetime) -> datetime:
    if isinstance(since, datetime):
        return since if since.tzinfo else since.replace(tzinfo=timezone.utc)
    return datetime.combine(since, time.min, tzinfo=timezone.utc)


def dropped_scores(family_id: int, since: date | datetime) -> list[ScoreDrop]:
    """The scores of `family_id` that dropped since `since` (for example the day of the last meeting).

    For every person and question with an answer at or after `since`, their latest score is compared
    with their score last time: their last answer before `since`, or, when they had none, their
    first answer since then. A drop is listed when the latest score is lower; the biggest drops come
    first. A `date` means the start of that day (UTC).

    This covers every question of the family, the narrowed ones too: it is meant for the family and
    the mentor. Before showing a drop to anyone else, check
    `ctx.can_see_entry(PlanPart.SCORES, drop.question.visibility)`. Three queries, however many answers.
    """
    moment = _moment(since)
    questions = db.session.scalars(
        sa.select(ScaleQuestion).where(ScaleQuestion.family_id == family_id)
        .options(selectinload(ScaleQuestion.answers).selectinload(ScaleAnswer.person))
    ).all()
    drops: list[ScoreDrop] = []
    for question in questions:
        per_person: dict[int, list[ScaleAnswer]] = {}
        for answer in question.answers:  # in time order
            per_person.setdefault(answer.person_id, []).append(answer)
        for given in per_person.values():
            earlier = [a for a in given if a.answered_at < moment]
            recent = [a for a in given if a.answered_at >= moment]
            if not recent:
                continue
            before = earlier[-1] if earlier else recent[0]
            now = recent[-1]
            if now.score < before.score:
                drops.append(ScoreDrop(question, now.person, before, now))
    return sorted(drops, key=lambda d: (-d.drop, d.person.name.lower(), d.question.id))
