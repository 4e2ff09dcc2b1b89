"""Scale questions: who asks and who answers, answers kept over time, a score outside 0-10 refused,
the chart and its tables, scores that dropped since last time, and a constant number of queries."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa

from flask_babel import force_locale

from portal.access import family_context
from portal.extensions import db
from portal.families.models import Family
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.scores.chart import BOTTOM, HEIGHT, LEFT, NAME_GAP, PLOT_WIDTH, TOP, build_chart, group_by_day
from portal.scores.forms import parse_score
from portal.scores.models import ScaleAnswer, ScaleQuestion
from portal.scores.queries import dropped_scores, scores_summary
from portal.scores.services import add_question, answer_question
from tests.conftest import page_text, translated
from tests.factories import PersonFactory, ScaleAnswerFactory
from tests.querycount import counted_queries, reads

# Pages in English, so that the assertions read as the msgids do.
pytestmark = pytest.mark.usefixtures("english")

TODAY = date.today()


def at(days_ago: int, hour: int = 12) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), time(hour), tzinfo=timezone.utc)


def a_question(world, text="Hoe zeker ben je dat de kinderen veilig zijn?", visibility=Visibility.NETWORK):
    question = add_question(world.family.id, text, visibility, world.accounts["family"])
    db.session.commit()
    return question


def answer(question, person, score, days_ago, note=""):
    ScaleAnswerFactory(question=question, person=person, score=score, note=note, answered_at=at(days_ago))
    db.session.commit()


def scores_url(world, *parts) -> str:
    return "/".join([f"/families/{world.family.id}/scores", *map(str, parts)])


def answers_of(question) -> list[ScaleAnswer]:
    return list(db.session.scalars(sa.select(ScaleAnswer).where(ScaleAnswer.question_id == question.id)
                                   .order_by(ScaleAnswer.id)))


# ---- asking and answering -----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["family", "mentor"])
def test_the_family_and_mentor_set_a_question(auth, world, role):
    response = auth.login(role).post(scores_url(world, "new"), data={
        "text": "Hoeveel rust is er thuis?", "visibility": "family_and_mentor"}, follow_redirects=True)
    assert "Hoeveel rust is er thuis?" in page_text(response)
    question = db.session.scalar(sa.select(ScaleQuestion))
    assert (question.text, question.visibility) == ("Hoeveel rust is er thuis?", Visibility.FAMILY_AND_MENTOR)


@pytest.mark.parametrize("role, status", [("network", 403), ("youth", 403), ("professional", 404),
                                          ("outsider", 404)])
def test_nobody_else_sets_questions(auth, world, role, status):
    assert auth.login(role).post(scores_url(world, "new"), data={"text": "Vraag?"}).status_code == status
    question = a_question(world)
    response = auth.login(role).post(scores_url(world, question.id, "edit"), data={"text": "Anders?"})
    assert response.status_code == status
    db.session.refresh(question)
    assert question.text.startswith("Hoe zeker")


def test_a_question_without_text_is_refused(auth, world):
    response = auth.login("family").post(scores_url(world, "new"), data={"text": " ", "visibility": "network"})
    assert response.status_code == 200 and "Please fill this in." in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(ScaleQuestion.id))) == 0


def test_the_family_changes_a_question(auth, world):
    question = a_question(world)
    auth.login("mentor").post(scores_url(world, question.id, "edit"), data={
        "text": "Hoe zeker ben je dat Sam en Noor veilig zijn?", "visibility": "family_and_mentor"})
    db.session.refresh(question)
    assert (question.text, question.visibility) == (
        "Hoe zeker ben je dat Sam en Noor veilig zijn?", Visibility.FAMILY_AND_MENTOR)


@pytest.mark.parametrize("role", ["family", "mentor", "network", "youth", "youth_under_12"])
def test_everyone_in_the_plan_answers_and_each_answer_is_kept(auth, world, role):
    question = a_question(world)
    client = auth.login(role)
    first = client.post(scores_url(world, question.id, "answer"), data={"score": "6"})
    assert first.status_code == 303
    second = client.post(scores_url(world, question.id, "answer"),
                         data={"score": " 4 ", "note": "Als we vaker samen eten."}, follow_redirects=True)
    assert "Thank you! Your score is saved." in page_text(second)
    given = answers_of(question)
    assert [(a.person_id, a.score, a.note) for a in given] == [
        (world.people[role].id, 6, ""), (world.people[role].id, 4, "Als we vaker samen eten.")]
    assert all(a.answered_at.date() == datetime.now(timezone.utc).date() for a in given)
    text = page_text(second)
    assert "Your score now: 4" in text
    assert "2 points lower" in text


@pytest.mark.parametrize("typed", ["11", "-1", "zeven", "7.5", "7,5", "10000000000000000000000", "٣"])
def test_a_score_outside_0_to_10_is_refused_and_the_typed_value_kept(auth, world, typed):
    question = a_question(world)
    response = auth.login("network").post(scores_url(world, question.id, "answer"),
                                           data={"score": typed, "note": "Mijn toelichting"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Please give a whole number from 0 to 10." in page_text(response)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="score"[^>]*value="%s"' % re.escape(typed), html)
    assert "Mijn toelichting" in html
    assert answers_of(question) == []


def test_an_empty_score_is_refused(auth, world):
    question = a_question(world)
    response = auth.login("youth").post(scores_url(world, question.id, "answer"), data={"score": ""})
    assert response.status_code == 200 and "Please fill this in." in page_text(response)
    assert answers_of(question) == []


def test_the_refusal_is_in_dutch_for_a_dutch_user(auth, world):
    world.accounts["network"].locale = "nl"
    db.session.commit()
    question = a_question(world)
    response = auth.login("network").post(scores_url(world, question.id, "answer"), data={"score": "12"})
    assert translated("Please give a whole number from %(low)d to %(high)d.", low=0, high=10) in page_text(response)


@pytest.mark.parametrize("raw, value", [("0", 0), ("10", 10), (" 7 ", 7), ("07", 7), ("11", None), ("", None),
                                        (None, None), ("+5", None), ("½", None), ("²", None)])
def test_parse_score(raw, value):
    assert parse_score(raw) == value


def test_the_service_and_the_database_refuse_a_score_outside_0_to_10(world):
    question = a_question(world)
    with pytest.raises(ValueError):
        answer_question(question, world.people["network"], 11)
    db.session.add(ScaleAnswer(question_id=question.id, person_id=world.people["network"].id, score=-1))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


# ---- who sees what --------------------------------------------------------------------------------

def test_a_narrowed_question_leaves_no_trace_for_the_network_and_youths(auth, world):
    a_question(world, "Hoe veilig voelt het thuis?")
    narrowed = a_question(world, "Hoe gaat het met het drinken?", Visibility.FAMILY_AND_MENTOR)
    answer(narrowed, world.people["mentor"], 3, 1)
    for role in ("network", "youth"):
        client = auth.login(role)
        text = page_text(client.get(scores_url(world)))
        assert "Hoe veilig voelt het thuis?" in text and "drinken" not in text
        assert client.get(scores_url(world, narrowed.id, "answer")).status_code == 404
        assert client.post(scores_url(world, narrowed.id, "answer"), data={"score": "5"}).status_code == 404
    text = page_text(auth.login("family").get(scores_url(world)))
    assert "Hoe gaat het met het drinken?" in text and "Only the family and the mentor see this" in text


def test_a_narrowed_part_hides_all_scale_questions(auth, world):
    a_question(world)
    db.session.add(PartVisibility(family_id=world.family.id, part=PlanPart.SCORES))
    db.session.commit()
    assert auth.login("youth").get(scores_url(world)).status_code == 404
    assert auth.login("network").get(scores_url(world)).status_code == 404
    assert "The whole network sees this" not in page_text(auth.login("mentor").get(scores_url(world)))


@pytest.mark.parametrize("role", ["professional", "outsider"])
def test_scale_questions_are_not_for_professionals(auth, world, role):
    question = a_question(world)
    assert auth.login(role).get(scores_url(world)).status_code == 404
    assert auth.login(role).post(scores_url(world, question.id, "answer"), data={"score": "5"}).status_code == 404


# ---- the page: latest scores, chart, table ---------------------------------------------------------

def test_the_page_shows_everyones_latest_score_the_chart_and_every_answer(auth, world):
    question = a_question(world)
    answer(question, world.people["network"], 7, 20, "Fijn dat opa er is.")
    answer(question, world.people["network"], 4, 2)
    answer(question, world.people["mentor"], 5, 20)
    answer(question, world.people["mentor"], 6, 2)
    answer(question, world.people["youth"], 8, 3)
    response = auth.login("mentor").get(scores_url(world))
    html, text = response.get_data(as_text=True), page_text(response)
    latest = html[html.index('class="score-table"'):html.index("</table>", html.index('class="score-table"'))]
    rows = re.findall(r'<tr( class="row-dropped")?>\s*<th scope="row">([^<]+)<.*?class="score">(\d+)<', latest, re.S)
    assert [(name, score, bool(dropped)) for dropped, name, score in rows] == [
        ("Jongere Veertien", "8", False), ("Mentor Test", "6", False), ("Opa Test", "4", True)]
    assert "3 points lower" in text and "1 point higher" in text and "first answer" in text
    # The chart: an image with a title and a description, one line per person who answered more than once.
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "The average of everyone's latest score went from" in svg
    assert svg.count('class="chart-person"') == 2 and svg.count('class="chart-mine"') == 1
    # And every answer, as a table.
    assert "Every answer as a table (5)" in text
    assert "Fijn dat opa er is." in text
    assert "Your score now: 6" in text


def test_a_question_nobody_answered_yet(auth, world):
    a_question(world)
    text = page_text(auth.login("network").get(scores_url(world)))
    assert "Nobody has answered yet." in text and "Give your score" in text


def test_the_chart_puts_scores_on_a_0_to_10_scale(world):
    question = a_question(world)
    answer(question, world.people["network"], 10, 10)
    answer(question, world.people["mentor"], 0, 10)
    answer(question, world.people["mentor"], 4, 0)
    db.session.refresh(question)
    chart = build_chart(list(question.answers), world.people["mentor"].id)
    bottom = HEIGHT - BOTTOM
    opa, mentor = sorted(chart.people, key=lambda line: len(line.points))
    assert [(p.y, p.value) for p in opa.points] == [(TOP, 10)]
    assert [round(p.y, 1) for p in mentor.points] == [bottom, round(bottom - (bottom - TOP) * 0.4, 1)]
    assert [p.x for p in mentor.points] == [LEFT, LEFT + PLOT_WIDTH]
    assert chart.mine.points == mentor.points
    # Each person's line carries their name, at its end.
    assert (opa.name, mentor.name) == ("Opa", "Mentor")
    # The group: the average of everyone's latest score, day by day.
    assert [p.value for p in chart.group.points] == [5, 7]
    assert [s for _, s in chart.y_ticks] == [0, 2, 4, 6, 8, 10]
    assert build_chart([], None) is None


def test_the_names_at_the_lines_ends_never_cover_each_other(world):
    question = a_question(world)
    people = [PersonFactory(family=world.family, name=f"Netwerklid{n} Achternaam") for n in range(8)]
    for person in people:
        answer(question, person, 5, 1)      # every line ends at the same point
    db.session.refresh(question)
    chart = build_chart(list(question.answers), None)
    spots = sorted(line.name_y for line in chart.people)
    assert all(later - earlier >= NAME_GAP for earlier, later in zip(spots, spots[1:]))
    assert spots[-1] <= HEIGHT - BOTTOM and spots[0] >= TOP
    assert sorted(line.name for line in chart.people) == sorted(f"Netwerklid{n}" for n in range(8))


def test_group_by_day_uses_each_persons_latest_score(world):
    question = a_question(world)
    answer(question, world.people["network"], 8, 5)
    answer(question, world.people["mentor"], 4, 5)
    answer(question, world.people["network"], 2, 1)
    db.session.refresh(question)
    assert [value for _, value in group_by_day(question.answers)] == [6, 3]


# ---- scores that dropped since last time -------------------------------------------------------------

def test_dropped_scores_compares_with_the_score_last_time(world):
    question = a_question(world)
    other = a_question(world, "Hoeveel rust is er thuis?", Visibility.FAMILY_AND_MENTOR)
    people = world.people
    answer(question, people["network"], 8, 20)   # last time 8 ...
    answer(question, people["network"], 6, 5)    # ... then 6 ...
    answer(question, people["network"], 7, 2)    # ... now 7: one lower than last time
    answer(question, people["mentor"], 5, 20)    # rose
    answer(question, people["mentor"], 7, 2)
    answer(question, people["family"], 9, 30)    # dropped long ago, nothing since
    answer(question, people["family"], 2, 15)
    answer(question, people["youth"], 6, 8)      # nothing before: first answer since is the baseline
    answer(question, people["youth"], 3, 1)
    answer(question, people["no_account"], 5, 3)  # one answer only
    answer(other, people["mentor"], 9, 20)       # narrowed questions count too (for the family circle)
    answer(other, people["mentor"], 5, 1)
    drops = dropped_scores(world.family.id, TODAY - timedelta(days=10))
    assert [(d.person.id, d.question.id, d.before.score, d.now.score, d.drop) for d in drops] == [
        (people["mentor"].id, other.id, 9, 5, 4),
        (people["youth"].id, question.id, 6, 3, 3),
        (people["network"].id, question.id, 8, 7, 1),
    ]
    since_moment = datetime.combine(TODAY - timedelta(days=10), time.min, tzinfo=timezone.utc)
    assert len(dropped_scores(world.family.id, since_moment)) == 3
    assert dropped_scores(world.family.id, TODAY + timedelta(days=1)) == []
    assert dropped_scores(world.other_family.id, TODAY - timedelta(days=10)) == []


# ---- query budget ----------------------------------------------------------------------------------

def _fill(ids: dict, people: int, answers_each: int = 5) -> None:
    """`people` more network members, each answering every question `answers_each` times."""
    family = db.session.get(Family, ids["family"])
    questions = db.session.scalars(sa.select(ScaleQuestion).where(ScaleQuestion.family_id == family.id)).all()
    for n in range(people):
        person = PersonFactory(family=family, name=f"Netwerklid {n}")
        for question in questions:
            for k in range(answers_each):
                ScaleAnswerFactory(question=question, person=person, score=(n + k) % 11,
                                   answered_at=at(7 * k + n % 7))
    db.session.commit()


def _queries_for(client, url) -> int:
    db.session.expunge_all()
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    return len(reads(statements))


@pytest.mark.parametrize("role", ["family", "youth"])
def test_the_scores_page_makes_a_fixed_number_of_queries(auth, world, role):
    a_question(world)
    a_question(world, "Hoeveel rust is er thuis?")
    answer(db.session.scalar(sa.select(ScaleQuestion)), world.people[role], 6, 3)
    client = auth.login(role)
    ids, url = {"family": world.family.id}, scores_url(world)
    _fill(ids, 6)
    few = _queries_for(client, url)
    _fill(ids, 54)  # 60 people, 600 answers
    assert db.session.scalar(sa.select(sa.func.count(ScaleAnswer.id))) == 601
    assert _queries_for(client, url) == few
    assert few <= 10


def test_the_hub_line_counts_the_questions_the_member_may_see(app, world):
    def line(role: str) -> str:
        with app.test_request_context(), force_locale("en"):
            return scores_summary(family_context(world.accounts[role].id, world.family.id))

    assert line("youth") == "No questions yet."
    a_question(world)
    a_question(world, "Hoe gaat het met het drinken?", Visibility.FAMILY_AND_MENTOR)
    assert (line("youth"), line("family")) == ("1 question", "2 questions")
