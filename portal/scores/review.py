"""Scale scores for the review before a meeting: whose score dropped since last time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.families.models import Person
from portal.scores.models import ScaleAnswer, ScaleQuestion


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
