"""Changes to scale questions and their answers. The caller commits once."""
from __future__ import annotations

from portal.auth.models import User
from portal.extensions import db
from portal.families.models import Person
from portal.parts.models import Visibility
from portal.scores.models import HIGHEST_SCORE, LOWEST_SCORE, ScaleAnswer, ScaleQuestion


def add_question(family_id: int, text: str, visibility: Visibility, created_by: User) -> ScaleQuestion:
    question = ScaleQuestion(family_id=family_id, text=text.strip(), visibility=visibility,
                             created_by_id=created_by.id)
    db.session.add(question)
    db.session.flush()
    return question


def edit_question(question: ScaleQuestion, text: str, visibility: Visibility) -> None:
    question.text, question.visibility = text.strip(), visibility


def answer_question(question: ScaleQuestion, person: Person, score: int, note: str = "") -> ScaleAnswer:
    """Record `person`'s score now; earlier answers stay, as the history. Raises ValueError for a
    score outside 0-10 (the form refuses those first, with a message)."""
    if not LOWEST_SCORE <= score <= HIGHEST_SCORE:
        raise ValueError(f"score {score} is outside {LOWEST_SCORE}-{HIGHEST_SCORE}")
    answer = ScaleAnswer(question=question, person=person, score=score, note=note.strip()[:500])
    db.session.add(answer)
    db.session.flush()
    return answer
