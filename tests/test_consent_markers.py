"""The promise of consent, proven on every page: a professional with permission for ONE part of the
plan never sees a word of any other part, on any page the app serves.

Every part of the family's plan holds its own marker texts. The professional gets permission for
one part; then every GET route of the app (walking `app.url_map`, its parameters filled with the
ids of this family's things) is opened as that professional, and no response may hold a marker of
another part: not in the page, its lists, its counts or its title. Without any permission they
see no marker at all, the conditions aside (professionals set them and always read them).

Cross-links between parts are made on purpose (a condition and a meeting name an agreement, a need
names a task, a meeting shares a concern): a page of one part must not carry another part's words
through them.
"""
from __future__ import annotations

import io
import itertools
from datetime import date, timedelta

import pypdf
import pytest
import sqlalchemy as sa
from flask import url_for

from portal.agreements.models import Agreement
from portal.conditions.models import Condition, ConditionComment, condition_agreements
from portal.consent.labels import CONSENTABLE_PARTS
from portal.consent.models import Consent, ConsentLevel, PartComment
from portal.extensions import db
from portal.families.models import Person, Role
from portal.invitations.models import Invitation
from portal.invitations.services import invite
from portal.logbook.services import write_entry
from portal.meetings.models import Meeting, MeetingInvitation, meeting_agreements, meeting_shared_entries
from portal.needs.models import HelpOffer, Need, need_tasks
from portal.network.models import CircleQuestion, FamilyTie, Sociogram, TieKind
from portal.network.services import add_sociogram, add_tie, place_people
from portal.plans.models import EntryKind, PlanEntry, PlanStatus
from portal.parts.models import PlanPart, Visibility
from portal.plans.services import EntryText, PlanText, add_entry, save_plan
from portal.relapse.models import AlarmPair, RelapseEntry, RelapseKind
from portal.relapse.services import AlarmDetails, save_alarm_pair, save_entry
from portal.safety.models import ChainLink, LinkKind, SafePlace, SafetySituation
from portal.safety.services import (LinkDetails, SafePlaceDetails, SituationDetails, create_situation,
                                    save_briefing, save_safe_place)
from portal.scores.models import ScaleQuestion
from portal.tasks.models import Task
from tests.consents import consent_in_force, pending_consent
from tests.factories import PersonFactory, TaskFactory


def marker(part: PlanPart, number: int) -> str:
    return f"zq{part.value.replace('_', '')}{number}zq"


def markers_of(part: PlanPart) -> list[str]:
    return [marker(part, number) for number in range(1, 4)]


def fill_every_part(world) -> None:
    """Put marker texts in every part of the world's family's plan, with links across parts."""
    family, mother = world.family, world.people["family"]
    opa, youth = world.people["network"], world.people["youth"]
    m = marker
    save_plan(family.id, PlanText(m(PlanPart.GOAL, 1), m(PlanPart.GOAL, 2), PlanStatus.ACTIVE), mother, None)
    db.session.flush()
    # A second version, so that the history holds the first text.
    save_plan(family.id, PlanText(m(PlanPart.GOAL, 3), m(PlanPart.GOAL, 2), PlanStatus.ACTIVE), mother, 1)
    concerns = [add_entry(family.id, EntryText(kind, m(PlanPart.CONCERNS, n), Visibility.NETWORK), mother)
                for n, kind in enumerate(EntryKind, start=1)]

    agreement = Agreement(family_id=family.id, title=m(PlanPart.AGREEMENTS, 1),
                          description=m(PlanPart.AGREEMENTS, 2), visibility=Visibility.NETWORK)
    db.session.add(agreement)
    db.session.flush()
    task = TaskFactory(family=family, title=m(PlanPart.AGREEMENTS, 3), agreement_id=agreement.id)

    need = Need(family_id=family.id, title=m(PlanPart.NEEDS, 1), description=m(PlanPart.NEEDS, 2),
                visibility=Visibility.NETWORK)
    db.session.add(need)
    db.session.flush()
    db.session.add(HelpOffer(need_id=need.id, person_id=opa.id, message=m(PlanPart.NEEDS, 3)))
    db.session.execute(need_tasks.insert().values(need_id=need.id, task_id=task.id))

    create_situation(family, SituationDetails(m(PlanPart.SAFETY, 1), None, Visibility.NETWORK, [
        LinkDetails(opa, "", "06 12345678", "", LinkKind.NETWORK),
        LinkDetails(None, m(PlanPart.SAFETY, 2), "0800-2000", "", LinkKind.PROFESSIONAL)]))
    save_safe_place(family, SafePlaceDetails(youth, m(PlanPart.SAFETY, 3), opa, "", Visibility.NETWORK))
    save_briefing(family, "Moeder", m(PlanPart.SAFETY, 3), Visibility.NETWORK)

    save_entry(family, RelapseKind.WARNING_SIGN, m(PlanPart.RELAPSE, 1), Visibility.NETWORK)
    save_entry(family, RelapseKind.WARNING_SIGN, m(PlanPart.RELAPSE, 2), Visibility.NETWORK)
    save_alarm_pair(family, AlarmDetails(opa, world.people["mentor"], m(PlanPart.RELAPSE, 3), Visibility.NETWORK))

    condition = Condition(family_id=family.id, text=m(PlanPart.CONDITIONS, 1), visibility=Visibility.NETWORK,
                          created_by_id=world.people["professional"].id)
    db.session.add(condition)
    db.session.flush()
    db.session.add(ConditionComment(condition_id=condition.id, text=m(PlanPart.CONDITIONS, 2), author_id=mother.id))
    db.session.execute(condition_agreements.insert().values(condition_id=condition.id, agreement_id=agreement.id))

    db.session.add(ScaleQuestion(family_id=family.id, text=m(PlanPart.SCORES, 1), visibility=Visibility.NETWORK))

    meeting = Meeting(family_id=family.id, title=m(PlanPart.MEETINGS, 1), goal=m(PlanPart.MEETINGS, 2),
                      agenda=m(PlanPart.MEETINGS, 3), meeting_date=date.today() + timedelta(days=7))
    meeting.invitations.append(MeetingInvitation(person_id=opa.id))
    db.session.add(meeting)
    db.session.flush()
    db.session.execute(meeting_agreements.insert().values(meeting_id=meeting.id, agreement_id=agreement.id))
    db.session.execute(meeting_shared_entries.insert().values(meeting_id=meeting.id, plan_entry_id=concerns[0].id))

    write_entry(mother, m(PlanPart.LOG, 1))
    write_entry(opa, m(PlanPart.LOG, 2))

    # Someone who is only on the network map: in no task, chain, meeting or log entry.
    on_map = PersonFactory(family=family, name=m(PlanPart.NETWORK_MAP, 1), relation=m(PlanPart.NETWORK_MAP, 2),
                           role=Role.NETWORK, gender=m(PlanPart.NETWORK_MAP, 3))
    # The map's own things: a family tie and a sociogram with the person in it.
    add_tie(family, mother, TieKind.SIBLING, on_map)
    place_people(add_sociogram(family, CircleQuestion.IMPORTANT), {on_map.id: 1, opa.id: 2})
    invite(world.people["no_account"], world.accounts["family"], email=None, send_mail=False)
    db.session.commit()


def _ids(model, **where) -> list[int]:
    query = sa.select(model.id)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return list(db.session.scalars(query.order_by(model.id)))


def url_values(world) -> dict[str, list]:
    """Every value each URL parameter can take in the world's family. A route whose URL names
    something new teaches it here (`test_every_get_route_is_walked` says so)."""
    family_id = world.family.id
    situations = _ids(SafetySituation, family_id=family_id)
    return {
        "family_id": [family_id],
        "task_id": _ids(Task, family_id=family_id),
        "entry_id": _ids(PlanEntry, family_id=family_id),
        "agreement_id": _ids(Agreement, family_id=family_id),
        "condition_id": _ids(Condition, family_id=family_id),
        "invitation_id": list(db.session.scalars(sa.select(Invitation.id).join(Person).where(
            Person.family_id == family_id))),
        "meeting_id": _ids(Meeting, family_id=family_id),
        "situation_id": situations,
        "link_id": list(db.session.scalars(sa.select(ChainLink.id).where(ChainLink.situation_id.in_(situations)))),
        "place_id": _ids(SafePlace, family_id=family_id),
        "youth_id": _ids(Person, family_id=family_id, role=Role.YOUTH),
        "person_id": _ids(Person, family_id=family_id),
        "owner_id": _ids(Person, family_id=family_id),   # whose photo
        "relapse_entry_id": _ids(RelapseEntry, family_id=family_id),
        "alarm_id": _ids(AlarmPair, family_id=family_id),
        "need_id": _ids(Need, family_id=family_id),
        "offer_id": list(db.session.scalars(sa.select(HelpOffer.id).join(Need).where(Need.family_id == family_id))),
        "question_id": _ids(ScaleQuestion, family_id=family_id),
        "log_entry_id": list(db.session.scalars(sa.text(
            "SELECT id FROM log_entries WHERE family_id = :family ORDER BY id").bindparams(family=family_id))),
        "consent_id": _ids(Consent, family_id=family_id),
        "part": [part.value for part in CONSENTABLE_PARTS],
        "tie_id": _ids(FamilyTie, family_id=family_id),
        "sociogram_id": _ids(Sociogram, family_id=family_id),
    }


# Secrets rather than things of the family: an invitation's link or a reset link is opened by whoever
# holds it, and the invitation tests cover what it shows. Likewise a one-click unsubscribe and a
# calendar address (tests/test_calendar.py: a professional has no feed, a feed shows only what its
# owner may see).
NOT_FAMILY_SCOPED = frozenset({"token", "unsubscribe_token", "feed_token"})


def every_get_url(app, values: dict[str, list]) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods or rule.arguments & NOT_FAMILY_SCOPED:
            continue
        names = sorted(rule.arguments)
        unknown = [name for name in names if name not in values]
        assert not unknown, f"{rule.rule}: teach url_values how to fill in {unknown}"
        with app.test_request_context():
            for combination in itertools.product(*(values[name] for name in names)):
                urls.append(url_for(rule.endpoint, **dict(zip(names, combination))))
    return urls


def readable_text(response) -> str:
    """What the reader finds in an answer: the page, or the text of a PDF (the plan on paper)."""
    if response.mimetype == "application/pdf":
        return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    return response.get_data(as_text=True)


def leaks(app, world, allowed: set[PlanPart]) -> tuple[list[str], set[PlanPart]]:
    """Open every GET page as the professional: (each marker of a part not in `allowed` found, with
    its page; the parts whose markers did show somewhere)."""
    client = app.test_client().login_as(world.accounts["professional"])
    found, shown = [], set()
    for url in every_get_url(app, url_values(world)):
        response = client.get(url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        html = readable_text(response)
        for part in PlanPart:
            present = [text for text in markers_of(part) if text in html]
            if not present:
                continue
            shown.add(part)
            if part not in allowed:
                found.append(f"{url} ({response.status_code}) shows {part.value}: {present}")
    return found, shown


@pytest.mark.parametrize("part", CONSENTABLE_PARTS, ids=[p.value for p in CONSENTABLE_PARTS])
def test_permission_for_one_part_shows_nothing_of_any_other(app, world, part):
    fill_every_part(world)
    consent_in_force(world.people["professional"], {part}, world.accounts["family"], level=ConsentLevel.COMMENT)
    db.session.add(PartComment(family_id=world.family.id, part=part, author_id=world.people["professional"].id,
                               text="Een opmerking"))
    db.session.commit()

    found, shown = leaks(app, world, allowed={part, PlanPart.CONDITIONS})

    assert not found, "\n".join(found)
    assert part in shown, f"the professional never saw the {part.value} they have permission for"


def test_without_permission_a_professional_sees_nothing_of_the_plan_but_the_conditions(app, world):
    fill_every_part(world)

    found, shown = leaks(app, world, allowed={PlanPart.CONDITIONS})

    assert not found, "\n".join(found)
    assert shown == {PlanPart.CONDITIONS}


def test_every_get_route_is_walked(app, world):
    """The walk reaches every GET route but the token links, with at least one URL each."""
    fill_every_part(world)
    pending_consent(world.people["professional"], {PlanPart.GOAL}, world.accounts["family"])
    urls = every_get_url(app, url_values(world))
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        walked = {adapter.match(url)[0] for url in urls}
    expected = {rule.endpoint for rule in app.url_map.iter_rules()
                if rule.endpoint != "static" and "GET" in rule.methods and not rule.arguments & NOT_FAMILY_SCOPED}
    assert walked == expected
