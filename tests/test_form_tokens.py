"""A create form saves once: a resend or a double click makes one row (security finding 13).

Each create form is fetched as a browser would, filled in, and posted with the one-time token
the page gave it: twice after each other (a resend), and twice at the same moment (threads that
meet at a barrier after the "was this saved already?" check, so only the unique token can stop
the second row).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable
from unittest import mock

import pytest
import sqlalchemy as sa

from portal.agreements.models import Agreement
from portal.conditions.models import Condition, ConditionComment
from portal.consent.models import Consent, ConsentLevel, PartComment
from portal.extensions import db
from portal.families.models import Family, Person
from portal.logbook.models import LogEntry
from portal.meetings.models import Meeting
from portal.needs.models import HelpOffer, Need
from portal.plans.models import PlanEntry
from portal.parts.models import PlanPart
from portal.relapse.models import AlarmPair, RelapseEntry
from portal.safety.models import SafePlace, SafetySituation
from portal.scores.models import ScaleAnswer, ScaleQuestion
from portal.submissions import services as submissions
from portal.submissions.models import FormSubmission
from portal.tasks.models import Task
from tests.consents import consent_in_force
from tests.conftest import form_fields, translated
from tests.test_access_matrix import Scene
from tests.test_concurrency import at_the_same_moment


@dataclass(frozen=True)
class CreateForm:
    name: str
    role: str
    page: Callable[[Scene], str]            # the page that shows the form
    containing: str                         # a field name that picks the form on that page
    model: type
    filled_in: Callable[[Scene], dict] = lambda scene: {}
    action: Callable[[Scene], str] | None = None   # where the form posts, when not to its own page
    prefix: str = ""


def fam(scene: Scene, rest: str = "") -> str:
    return f"/families/{scene.world.family.id}{rest}"


TODAY = date.today()
CREATE_FORMS = [
    CreateForm("task", "family", lambda s: fam(s, "/tasks/new"), "title", Task, lambda s: {"title": "Boodschappen"}),
    CreateForm("agreement", "family", lambda s: fam(s, "/plan/agreements/new"), "title", Agreement,
               lambda s: {"title": "Opa haalt Noor op"}),
    CreateForm("concern", "family", lambda s: fam(s, "/plan/concerns/new"), "text", PlanEntry,
               lambda s: {"text": "Noor slaapt slecht", "kind": "concern"}),
    CreateForm("condition", "professional", lambda s: fam(s, "/plan/conditions/new"), "text", Condition,
               lambda s: {"text": "Opvang op dinsdag"}),
    CreateForm("condition comment", "family", lambda s: fam(s, f"/plan/conditions/{s.condition.id}"), "text",
               ConditionComment, lambda s: {"text": "Dat lukt"},
               action=lambda s: fam(s, f"/plan/conditions/{s.condition.id}/comments")),
    CreateForm("scale question", "family", lambda s: fam(s, "/scores/new"), "text", ScaleQuestion,
               lambda s: {"text": "Hoe gaat het thuis?"}),
    CreateForm("scale answer", "family", lambda s: fam(s, f"/scores/{s.question.id}/answer"), "score", ScaleAnswer,
               lambda s: {"score": "7"}),
    CreateForm("meeting", "family", lambda s: fam(s, "/meetings/new"), "title", Meeting,
               lambda s: {"title": "Netwerkberaad", "meeting_date": (TODAY + timedelta(days=7)).isoformat()}),
    CreateForm("meeting agreement", "family", lambda s: fam(s, f"/meetings/{s.meeting.id}/agreements/new"),
               "title", Agreement, lambda s: {"title": "Opa kookt op woensdag"}),
    CreateForm("relapse entry", "family", lambda s: fam(s, "/relapse/new"), "text", RelapseEntry,
               lambda s: {"text": "Neemt de telefoon niet op", "kind": "warning_sign"}),
    CreateForm("alarm", "family", lambda s: fam(s, "/relapse/alarms/new"), "raiser", AlarmPair,
               lambda s: {"raiser": str(s.world.people["network"].id), "contact": str(s.world.people["mentor"].id)}),
    CreateForm("safety chain", "family", lambda s: fam(s, "/safety/situations/new"), "title", SafetySituation,
               lambda s: {"title": "Als het thuis niet veilig is", "links-0-name": "112", "links-0-phone": "112",
                          "links-0-kind": "emergency"}),
    CreateForm("safe place", "family", lambda s: fam(s, "/safety/places/new"), "description", SafePlace,
               lambda s: {"youth": str(s.world.people["youth"].id), "description": "Naar opa", "person": "0",
                          "phone": "06 12345678"}),
    CreateForm("need", "family", lambda s: fam(s, "/needs/new"), "title", Need,
               lambda s: {"title": "Vervoer naar zwemles"}),
    CreateForm("offer", "mentor", lambda s: fam(s, f"/needs/{s.need.id}"), "message", HelpOffer,
               lambda s: {"message": "Ik rijd wel"}, action=lambda s: fam(s, f"/needs/{s.need.id}/offer")),
    CreateForm("task from an offer", "family", lambda s: fam(s, f"/offers/{s.offer.id}/accept"), "cover_seen", Task),
    CreateForm("task for the network", "family", lambda s: fam(s, f"/needs/{s.need.id}/ask"), "cover_seen", Task),
    CreateForm("log entry", "family", lambda s: fam(s, "/log"), "text", LogEntry,
               lambda s: {"text": "Noor naar school gebracht"}),
    CreateForm("consent", "family", lambda s: fam(s, "/consent/new"), "professional", Consent,
               lambda s: {"professional": str(s.world.people["professional"].id), "parts": "agreements"}),
    CreateForm("part comment", "professional", lambda s: fam(s, "/plan/agreements"), "comment-text", PartComment,
               lambda s: {"comment-text": "Mooi plan"}, action=lambda s: fam(s, "/comments/agreements")),
    CreateForm("family", "outsider", lambda s: "/families/new", "your_relation", Family,
               lambda s: {"name": "Familie Nieuw", "your_relation": "moeder"}),
    CreateForm("person", "family", lambda s: fam(s, "/people/new"), "relation", Person,
               lambda s: {"name": "Henk", "relation": "buurman", "role": "network", "invite_how": "none"}),
]


@pytest.fixture()
def scene(world):
    """The world, with what the forms hang under, and a professional who may comment on the agreements."""
    scene = Scene(world)
    for make in (lambda: scene.condition, lambda: scene.question, lambda: scene.meeting, lambda: scene.need,
                 lambda: scene.offer):
        make()
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"],
                     level=ConsentLevel.COMMENT)
    db.session.commit()
    return scene


def rows(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def filled_in_form(auth, scene: Scene, form: CreateForm):
    client = auth.login(form.role)
    page = client.get(form.page(scene))
    assert page.status_code == 200, (form.name, page.status_code)
    data = {**form_fields(page, containing=form.containing), **form.filled_in(scene)}
    token_field = "comment-form_token" if "comment-text" in data else "form_token"
    assert data.get(token_field), f"{form.name}: the page gives its form no one-time token"
    return client, (form.action or form.page)(scene), data


@pytest.mark.parametrize("form", CREATE_FORMS, ids=[f.name for f in CREATE_FORMS])
def test_a_resent_form_saves_once(app, auth, scene, form):
    client, action, data = filled_in_form(auth, scene, form)
    before = rows(form.model)

    first = client.post(action, data=data)
    assert first.status_code in (302, 303), (form.name, first.status_code)
    assert rows(form.model) == before + 1

    again = client.post(action, data=data)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert rows(form.model) == before + 1
    answer = client.get(again.headers["Location"]).get_data(as_text=True)
    assert translated("This was already saved. You sent the form twice, so nothing was added twice.") in answer


@pytest.mark.parametrize("form", CREATE_FORMS, ids=[f.name for f in CREATE_FORMS])
def test_two_posts_of_one_form_at_the_same_moment_save_once(app, auth, scene, form):
    client, action, data = filled_in_form(auth, scene, form)
    twin = auth.login(form.role)
    with client.session_transaction() as session:
        cookie = dict(session)
    with twin.session_transaction() as session:
        session.update(cookie)      # the same browser: the same CSRF token
    before = rows(form.model)
    barrier = threading.Barrier(2, timeout=30)
    checked = threading.local()
    first_save_of = submissions.first_save_of

    def check_then_wait(token):
        found = first_save_of(token)
        if not getattr(checked, "done", False):
            checked.done = True
            barrier.wait()          # both posts have seen "not saved yet"
        return found

    def post_with(browser):
        def attempt(_barrier):
            return browser.post(action, data=data).status_code
        return attempt

    with mock.patch.object(submissions, "first_save_of", check_then_wait):
        outcomes = at_the_same_moment(app, [post_with(client), post_with(twin)])

    assert all(code in (302, 303) for code in outcomes), (form.name, outcomes)
    assert rows(form.model) == before + 1
    assert rows(FormSubmission) == 1


def test_a_post_without_its_token_saves_nothing_and_asks_to_send_again(app, auth, world):
    client = auth.login("family")
    response = client.post(f"/families/{world.family.id}/tasks/new", data={
        "title": "Boodschappen", "category": "practical", "rhythm": "once", "form_token": ""})
    assert response.status_code == 200
    assert translated("This form has expired. Please send it again.") in response.get_data(as_text=True)
    assert rows(Task) == 0
