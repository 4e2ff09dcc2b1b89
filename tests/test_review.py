"""The review page ("keeping it going") lists exactly what needs attention before a meeting:
agreements not yet accepted by everyone, overdue tasks, scores that dropped since the last meeting,
conditions not met, and helpers who have not been active for four weeks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import pytest

from portal.access import family_context
from portal.conditions.models import Condition
from portal.extensions import db
from portal.families.models import Role
from portal.parts.models import Visibility
from portal.review.queries import build_review
from portal.scores.models import ScaleQuestion
from portal.tasks.models import TaskAction, TaskStatus
from tests.conftest import page_text
from tests.factories import (AgreementFactory, ConditionFactory, MeetingFactory, PersonFactory, ScaleAnswerFactory,
                             ScaleQuestionFactory, TaskEventFactory, TaskFactory)

TODAY = date.today()


def days_ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), time(12), tzinfo=timezone.utc)


@dataclass
class Scene:
    agreements: dict
    tasks: dict
    conditions: dict
    quiet: dict
    question: ScaleQuestion
    narrowed_question: ScaleQuestion


def build_scene(world) -> Scene:
    """A family in which every list of the review has known members and known non-members."""
    family, people = world.family, world.people

    for days_ahead, title in ((-40, "Eerste beraad"),
                              (-10, "Tweede beraad"),   # the last meeting: "since last time" is since this day
                              (11, "Derde beraad")):
        MeetingFactory(family=family, title=title, meeting_date=TODAY + timedelta(days=days_ahead))

    agreements = {
        "no_tasks": AgreementFactory(family=family, title="Nog zonder taken"),
        "half": AgreementFactory(family=family, title="Half toegezegd"),
        "narrowed": AgreementFactory(family=family, title="Afspraak over het drinken",
                                     visibility=Visibility.FAMILY_AND_MENTOR),
        "accepted": AgreementFactory(family=family, title="Iedereen zei ja"),
    }

    def task(title: str, status: TaskStatus, due: date | None, agreement_key: str | None = None, **extra):
        return TaskFactory(family=family, title=title, status=status, due_date=due,
                           agreement_id=agreements[agreement_key].id if agreement_key else None, **extra)

    later = TODAY + timedelta(days=30)
    task("Half: opa zegt ja", TaskStatus.ACCEPTED, later, "half", assignee_id=people["network"].id)
    task("Half: tante is gevraagd", TaskStatus.OFFERED, later, "half", offered_to_id=people["no_account"].id)
    task("Rond: ja", TaskStatus.ACCEPTED, later, "accepted", assignee_id=people["mentor"].id)
    task("Rond: gedaan", TaskStatus.DONE, None, "accepted", assignee_id=people["network"].id)
    tasks = {
        "accepted_late": task("Boodschappen (gisteren)", TaskStatus.ACCEPTED, TODAY - timedelta(days=1),
                              assignee_id=people["network"].id),
        "open_late": task("Tuin (drie dagen te laat)", TaskStatus.OPEN, TODAY - timedelta(days=3)),
        "offered_late": task("Post doornemen (gevraagd)", TaskStatus.OFFERED, TODAY - timedelta(days=10),
                             offered_to_id=people["mentor"].id),
        "done_late": task("Fietsband (klaar)", TaskStatus.DONE, TODAY - timedelta(days=5)),
        "declined_late": task("Koken (nee gezegd)", TaskStatus.DECLINED, TODAY - timedelta(days=5)),
        "due_today": task("Zwemles (vandaag)", TaskStatus.ACCEPTED, TODAY, assignee_id=people["network"].id),
        "no_date": task("Sleutel (geen datum)", TaskStatus.ACCEPTED, None, assignee_id=people["network"].id),
    }

    def condition(text: str, *linked: str) -> Condition:
        return ConditionFactory(family=family, text=text, visibility=Visibility.FAMILY_AND_MENTOR,
                                agreements=[agreements[key] for key in linked])

    conditions = {
        "unlinked": condition("Opvang voor Noor op twee dagen"),
        "half": condition("Elke dag iemand bij de kinderen", "half"),
        "met": condition("Een vast aanspreekpunt", "accepted"),
    }

    question = ScaleQuestionFactory(family=family, text="Hoe veilig voelt het thuis?")
    narrowed_question = ScaleQuestionFactory(family=family, text="Hoe gaat het met het drinken?",
                                             visibility=Visibility.FAMILY_AND_MENTOR)

    def answer(on: ScaleQuestion, key: str, score: int, days: int) -> None:
        ScaleAnswerFactory(question=on, person=people[key], score=score, answered_at=days_ago(days))

    answer(question, "network", 7, 20)         # dropped: 7 before the last meeting, 4 now
    answer(question, "network", 4, 2)
    answer(question, "mentor", 5, 20)          # rose
    answer(question, "mentor", 6, 2)
    answer(question, "family", 8, 30)          # dropped, but all before the last meeting
    answer(question, "family", 3, 15)
    answer(question, "youth", 6, 8)            # no answer before: first since then, 6, to 5 now
    answer(question, "youth", 5, 1)
    answer(question, "no_account", 5, 20)      # the same
    answer(question, "no_account", 5, 3)
    answer(narrowed_question, "mentor", 8, 20)  # dropped, on a question only the family circle sees
    answer(narrowed_question, "mentor", 2, 1)

    # Helpers: Opa, the mentor and the aunt answered scale questions lately (see above).
    silent = PersonFactory(family=family, name="Buurman Stil", role=Role.NETWORK)
    long_ago = PersonFactory(family=family, name="Tante Lang Geleden", role=Role.NETWORK)
    recent = PersonFactory(family=family, name="Vriendin Net Nog", role=Role.NETWORK)
    TaskEventFactory(task=tasks["done_late"], action=TaskAction.DONE, person=long_ago, at=days_ago(40))
    TaskEventFactory(task=tasks["no_date"], action=TaskAction.ACCEPTED, person=recent, at=days_ago(3))
    db.session.commit()
    return Scene(agreements, tasks, conditions, {"silent": silent, "long_ago": long_ago, "recent": recent},
                 question, narrowed_question)


def test_the_review_lists_exactly_what_needs_attention(world):
    scene = build_scene(world)
    review = build_review(family_context(world.accounts["family"].id, world.family.id), TODAY)

    assert review.last_meeting.title == "Tweede beraad" and review.next_meeting.title == "Derde beraad"
    assert review.since == TODAY - timedelta(days=10)
    assert [p.agreement.id for p in review.unaccepted_agreements] == [
        scene.agreements[key].id for key in ("no_tasks", "half", "narrowed")]
    assert {t.id for t in review.overdue_tasks} == {
        scene.tasks[key].id for key in ("accepted_late", "open_late", "offered_late")}
    assert {(d.person.id, d.question.id, d.before.score, d.now.score) for d in review.dropped_scores} == {
        (world.people["network"].id, scene.question.id, 7, 4),
        (world.people["youth"].id, scene.question.id, 6, 5),
        (world.people["mentor"].id, scene.narrowed_question.id, 8, 2),
    }
    assert [s.condition.id for s in review.unmet_conditions] == [
        scene.conditions["unlinked"].id, scene.conditions["half"].id]
    assert {q.person.id for q in review.inactive_people} == {
        scene.quiet["silent"].id, scene.quiet["long_ago"].id}
    assert not review.all_clear


def test_the_review_never_shows_what_its_reader_may_not_see(world):
    """The page is for the family and the mentor; the function itself still honours narrowing."""
    scene = build_scene(world)
    review = build_review(family_context(world.accounts["network"].id, world.family.id), TODAY)
    assert scene.agreements["narrowed"].id not in {p.agreement.id for p in review.unaccepted_agreements}
    assert scene.narrowed_question.id not in {d.question.id for d in review.dropped_scores}
    assert review.unmet_conditions == []  # the conditions are narrowed to the family circle


def test_before_any_meeting_last_time_means_four_weeks_ago(world):
    review = build_review(family_context(world.accounts["mentor"].id, world.family.id), TODAY)
    assert review.last_meeting is None and review.next_meeting is None
    assert review.since == TODAY - timedelta(weeks=4)


@pytest.mark.usefixtures("english")
def test_a_family_with_nothing_to_worry_about_is_told_so(auth, world):
    for key in ("network", "mentor", "no_account"):   # every helper did something this week
        done = TaskFactory(family=world.family, status=TaskStatus.DONE)
        TaskEventFactory(task=done, action=TaskAction.DONE, person=world.people[key], at=days_ago(1))
    db.session.commit()
    review = build_review(family_context(world.accounts["family"].id, world.family.id), TODAY)
    assert review.all_clear
    text = page_text(auth.login("family").get(f"/families/{world.family.id}/review"))
    assert "Nothing needs attention right now." in text
    assert "No task is overdue." in text and "Everyone has been active in the last four weeks." in text


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("role", ["family", "mentor"])
def test_the_family_and_the_mentor_open_the_review_page(auth, world, role):
    scene = build_scene(world)
    response = auth.login(role).get(f"/families/{world.family.id}/review")
    assert response.status_code == 200
    text = page_text(response)
    for shown in ("Nog zonder taken", "Half toegezegd", "Afspraak over het drinken", "Boodschappen (gisteren)",
                  "Tuin (drie dagen te laat)", "Post doornemen (gevraagd)", "Hoe veilig voelt het thuis?",
                  "Opvang voor Noor op twee dagen", "Elke dag iemand bij de kinderen", "Buurman Stil",
                  "Tante Lang Geleden", "Derde beraad"):
        assert shown in text, shown
    for hidden in ("Iedereen zei ja", "Fietsband (klaar)", "Koken (nee gezegd)", "Zwemles (vandaag)",
                   "Sleutel (geen datum)", "Een vast aanspreekpunt", "Vriendin Net Nog"):
        assert hidden not in text, hidden
    assert "Opa Test: from 7 to 4" in text
    assert scene.question.text in text


@pytest.mark.parametrize("role", ["network", "youth", "professional", "outsider"])
def test_nobody_else_finds_the_review_page(auth, world, role):
    assert auth.login(role).get(f"/families/{world.family.id}/review").status_code == 404
