"""Privacy rights: everything Kring holds about you (HTML and JSON), deleting an account, deleting a
family space, and taking someone out of a family's network (handover)."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AccessLogEntry, AuditAction
from portal.auth.models import RecoveryCode, User
from portal.auth.twofactor import new_recovery_codes
from portal.consent.models import Consent, ConsentLevel, ConsentStatus
from portal.consent.rules import required_grantors
from portal.consent.grants import age_bands, family_people
from portal.consent.services import approve, consent_state, create_consent
from portal.extensions import db
from portal.families.models import Family, Person, Role
from portal.invitations.services import invite
from portal.logbook.models import LogEntry
from portal.logbook.services import write_entry
from portal.meetings.models import Meeting, MeetingInvitation, Reply
from portal.needs.models import HelpOffer, OfferStatus
from portal.parts.models import PlanPart, Visibility
from portal.plans.services import set_part_visibility
from portal.safety.models import LinkKind
from portal.safety.services import LinkDetails, SituationDetails, create_situation
from portal.tasks.models import Task, TaskAction, TaskStatus
from tests.conftest import page_text, translated
from tests.factories import (PASSWORD, AgreementFactory, ConditionFactory, HelpOfferFactory, MeetingFactory,
                             MeetingInvitationFactory, NeedFactory, ScaleAnswerFactory, ScaleQuestionFactory,
                             TaskEventFactory, TaskFactory, member)

TODAY = date.today()


def _log_rows(action: AuditAction, **where) -> list[AccessLogEntry]:
    query = sa.select(AccessLogEntry).where(AccessLogEntry.action == action)
    for name, value in where.items():
        query = query.where(getattr(AccessLogEntry, name) == value)
    return list(db.session.scalars(query.order_by(AccessLogEntry.id)))


def _consent_in_force(world, parts=frozenset({PlanPart.AGREEMENTS})) -> Consent:
    """The world's professional may read `parts`: everyone who must agree has agreed."""
    consent = create_consent(world.family.id, world.people["professional"], set(parts), ConsentLevel.READ,
                             TODAY - timedelta(days=1), TODAY + timedelta(days=30), "", world.accounts["family"])
    for grantor in consent_state(consent, family_people(world.family.id), TODAY).required:
        approve(consent, grantor, TODAY)
    db.session.commit()
    assert consent.status == ConsentStatus.ACTIVE
    return consent


def _export(client) -> dict:
    response = client.get("/account/data.json")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def _family_export(data: dict, family: Family) -> dict:
    return next(f for f in data["families"] if f["id"] == family.id)


# Everything Kring holds about you

@pytest.fixture()
def opas_story(world):
    """Opa (network) in the world's family: a task he carries, a log entry, a scale answer, an offer,
    a meeting reply; next to them things that are not his."""
    opa, family = world.people["network"], world.family
    task = TaskFactory(family=family, title="Maandag schoolrun", status=TaskStatus.ACCEPTED, assignee_id=opa.id)
    TaskEventFactory(task=task, person=opa, recorded_by_id=world.accounts["network"].id)
    TaskFactory(family=family, title="Taak van een ander", status=TaskStatus.OPEN)
    write_entry(opa, "Opa schreef dit voor iedereen")
    write_entry(world.people["family"], "Moeder schreef dit")
    question = ScaleQuestionFactory(family=family, text="Hoe gaat het thuis?")
    ScaleAnswerFactory(question=question, person=opa, score=7, note="Beter dan vorige week")
    ScaleAnswerFactory(question=question, person=world.people["family"], score=3, note="Moeders score")
    HelpOfferFactory(need=NeedFactory(family=family, title="Vervoer naar zwemles"), person=opa,
                     message="Ik rijd op dinsdag")
    MeetingInvitationFactory(meeting=MeetingFactory(family=family, title="Eerste beraad"), person=opa,
                             reply=Reply.COMING, reply_note="Ik kom na het werk")
    db.session.commit()
    return world


def test_the_export_holds_ones_own_content_and_not_others(auth, opas_story):
    family_data = _family_export(_export(auth.login("network")), opas_story.family)

    assert family_data["membership"]["name"] == "Opa Test" and family_data["membership"]["role"] == "network"
    assert [t["title"] for t in family_data["tasks"]] == ["Maandag schoolrun"]
    assert family_data["tasks"][0]["taken_on_by_you"] is True
    assert [e["action"] for e in family_data["task_events"]] == ["accepted"]
    assert [e["text"] for e in family_data["log_entries"]] == ["Opa schreef dit voor iedereen"]
    assert [(a["score"], a["note"]) for a in family_data["scale_answers"]] == [(7, "Beter dan vorige week")]
    assert [o["message"] for o in family_data["help_offers"]] == ["Ik rijd op dinsdag"]
    assert [(r["meeting"], r["reply"]) for r in family_data["meeting_replies"]] == [("Eerste beraad", "coming")]


def test_the_page_shows_the_same_and_each_export_writes_one_access_log_row(auth, opas_story):
    client = auth.login("network")
    user = opas_story.accounts["network"]

    page = client.get("/account/data")

    assert page.status_code == 200
    text = page_text(page)
    for mine in ("Maandag schoolrun", "Opa schreef dit voor iedereen", "Beter dan vorige week", "Ik rijd op dinsdag"):
        assert mine in text
    for theirs in ("Taak van een ander", "Moeder schreef dit", "Moeders score"):
        assert theirs not in text
    assert [r.subject for r in _log_rows(AuditAction.EXPORT, user_id=user.id)] == ["personal-data:html"]
    client.get("/account/data.json")
    rows = _log_rows(AuditAction.EXPORT, user_id=user.id)
    assert [r.subject for r in rows] == ["personal-data:html", "personal-data:json"]
    assert rows[-1].user_name == "Opa Test"


def test_the_json_is_a_download_without_secrets(auth, world):
    user = world.accounts["professional"]
    new_recovery_codes(user)
    db.session.commit()

    response = auth.login("professional").get("/account/data.json")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"kring-")
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    data = json.loads(body)
    assert data["account"] == {"name": user.name, "email": user.email, "language": "nl", "two_factor": True,
                               "account_since": data["account"]["account_since"]}
    for secret in (user.password_hash, user.totp_secret, "password", "totp", "recovery", "session_version"):
        assert secret not in body


def test_what_the_family_narrowed_away_from_the_author_is_not_in_their_export(auth, world):
    opa = world.people["network"]
    write_entry(opa, "Blijft zichtbaar voor opa")
    write_entry(opa, "Door de familie afgeschermd", Visibility.FAMILY_AND_MENTOR)
    db.session.commit()

    log = _family_export(_export(auth.login("network")), world.family)["log_entries"]
    assert [e["text"] for e in log] == ["Blijft zichtbaar voor opa"]

    set_part_visibility(world.family.id, PlanPart.LOG, Visibility.FAMILY_AND_MENTOR)
    db.session.commit()
    assert _family_export(_export(auth.login("network")), world.family)["log_entries"] == []
    # The family and the mentor still see their own words in a narrowed part.
    write_entry(world.people["family"], "Moeder in het afgeschermde logboek")
    db.session.commit()
    family_log = _family_export(_export(auth.login("family")), world.family)["log_entries"]
    assert [e["text"] for e in family_log] == ["Moeder in het afgeschermde logboek"]


def test_the_export_holds_nothing_of_another_family(auth, world):
    """Opa is in a second family too: each family's part holds only that family's content, and a
    family's content where he has no membership is not there at all."""
    opa_user = world.accounts["network"]
    second = Family(name="Familie Twee")
    db.session.add(second)
    db.session.flush()
    db.session.add(Person(family_id=second.id, user_id=opa_user.id, name="Opa in Twee", role=Role.NETWORK))
    write_entry(world.people["network"], "Opa in de testfamilie")
    write_entry(world.people["outsider"], "Geheim van de andere familie")
    db.session.commit()

    data = _export(auth.login("network"))

    assert sorted(f["name"] for f in data["families"]) == ["Familie Test", "Familie Twee"]
    assert _family_export(data, second)["log_entries"] == []
    assert "Geheim van de andere familie" not in json.dumps(data)
    assert world.other_family.id not in [f["id"] for f in data["families"]]


def test_a_professional_exports_no_plan_content_they_may_not_read(auth, world):
    """A task offered to the professional lies in the agreements part: without consent it is not theirs
    to read, not even in their own export. Their consent and their condition are."""
    pro = world.people["professional"]
    TaskFactory(family=world.family, title="Taak voor de professional", status=TaskStatus.OFFERED,
                offered_to_id=pro.id)
    ConditionFactory(family=world.family, text="Opvang op twee dagen", created_by_id=pro.id)
    db.session.commit()
    _consent_in_force(world, {PlanPart.SAFETY})

    data = _family_export(_export(auth.login("professional")), world.family)

    assert data["tasks"] == []
    assert [c["text"] for c in data["conditions"]] == ["Opvang op twee dagen"]
    assert [(c["parts"], c["status"]) for c in data["consents_held"]] == [(["safety"], "active")]
    # The parents' and the youths' agreement shows in their own exports.
    approvals = _family_export(_export(auth.login("family")), world.family)["consent_approvals"]
    assert [(a["professional"], a["parts"]) for a in approvals] == [("Wijkteam Test", ["safety"])]


def test_the_export_needs_a_login(client):
    assert client.get("/account/data.json").status_code == 302
    assert client.get("/account/data").status_code == 302


# Deleting an account

def test_deleting_an_account_needs_the_password(auth, world):
    client = auth.login("network")

    response = client.post("/account/delete", data={"current_password": "not my password"})

    assert response.status_code == 200
    assert translated("This is not your current password.") in page_text(response)
    assert db.session.get(User, world.accounts["network"].id) is not None


def test_a_deleted_account_leaves_the_familys_plan_as_it_was(app, auth, world):
    opa, opa_user, family = world.people["network"], world.accounts["network"], world.family
    task = TaskFactory(family=family, title="Maandag schoolrun", status=TaskStatus.ACCEPTED, assignee_id=opa.id,
                       created_by_id=opa_user.id)
    TaskEventFactory(task=task, person=opa, recorded_by_id=opa_user.id)
    TaskEventFactory(task=task, action=TaskAction.CREATED, recorded_by_id=opa_user.id)
    write_entry(opa, "Noor naar school gebracht")
    new_recovery_codes(opa_user)
    db.session.commit()
    opa_id, user_id, task_id = opa.id, opa_user.id, task.id
    client = auth.login("network")

    response = client.post("/account/delete", data={"current_password": PASSWORD})

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)
                             .where(RecoveryCode.user_id == user_id)) == 0
    opa = db.session.get(Person, opa_id)
    assert (opa.name, opa.user_id, opa.has_left, opa.email) == ("Opa Test", None, False, None)
    task = db.session.get(Task, task_id)
    assert (task.status, task.assignee_id, task.created_by_id) == (TaskStatus.ACCEPTED, opa_id, None)
    log_author = db.session.scalar(sa.select(LogEntry.author_id).where(LogEntry.text == "Noor naar school gebracht"))
    assert log_author == opa_id
    # The family still reads who carried the school run; what the account noted says "a former member".
    family = auth.login("family")
    detail = page_text(family.get(f"/tasks/{task_id}"))
    assert translated("%(person)s took this on.", person="Opa Test") in detail
    assert translated("%(actor)s added this task.", actor=translated("a former member")) in detail
    assert "Opa Test" in page_text(family.get(f"/families/{world.family.id}/log"))
    # The account's sessions end with it, and the access log keeps one row for the deletion.
    assert client.get("/account").status_code == 302
    assert [r.subject for r in _log_rows(AuditAction.DELETE, user_id=user_id)] == [f"account:{user_id}"]


def test_the_only_parent_with_an_account_deletes_the_family_first(auth, world):
    client = auth.login("family")

    page = client.get("/account/delete")
    assert translated("You cannot delete your account yet.") in page_text(page)
    assert "Familie Test" in page_text(page)
    response = client.post("/account/delete", data={"current_password": PASSWORD})

    assert response.status_code == 200
    assert db.session.get(User, world.accounts["family"].id) is not None

    # With a second parent or carer who uses Kring, the space stays in good hands.
    member(world.family, Role.FAMILY, "Vader Test", has_parental_authority=True)
    db.session.commit()
    assert auth.login("family").post("/account/delete", data={"current_password": PASSWORD}).status_code == 303
    assert db.session.get(User, world.accounts["family"].id) is None


def test_a_professional_who_deletes_their_account_loses_every_consent(auth, world):
    consent = _consent_in_force(world)
    consent_id = consent.id

    response = auth.login("professional").post("/account/delete", data={"current_password": PASSWORD})

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Consent, consent_id).status == ConsentStatus.ENDED
    assert [r.consent_id for r in _log_rows(AuditAction.CONSENT)] == [consent_id]


# Deleting a family space

def test_deleting_the_family_space_asks_for_its_name(auth, world):
    client = auth.login("family")
    url = f"/families/{world.family.id}/delete"

    assert "Familie Test" in page_text(client.get(url))
    response = client.post(url, data={"family_name": "Familie Verkeerd"})

    assert response.status_code == 200
    assert translated("This is not the name of the family. Type: %(name)s", name="Familie Test") in page_text(response)
    assert 'value="Familie Verkeerd"' in response.get_data(as_text=True)
    assert db.session.get(Family, world.family.id) is not None


def test_the_family_deletes_its_space_and_nothing_of_another_family(auth, world):
    family_id, other_id = world.family.id, world.other_family.id
    TaskFactory(family=world.family, title="Boodschappen")
    write_entry(world.people["network"], "Noor naar school gebracht")
    TaskFactory(family=world.other_family, title="Taak van de andere familie")
    write_entry(world.people["outsider"], "Logboek van de andere familie")
    _consent_in_force(world)
    user_ids = [u.id for u in world.accounts.values()]
    client = auth.login("family")

    response = client.post(f"/families/{family_id}/delete", data={"family_name": "  familie test "})

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Family, family_id) is None
    for model in (Person, Task, LogEntry, Consent):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)
                                 .where(model.family_id == family_id)) == 0
    assert db.session.get(Family, other_id) is not None
    assert db.session.scalar(sa.select(Task.title).where(Task.family_id == other_id)) == "Taak van de andere familie"
    assert db.session.scalar(sa.select(LogEntry.text).where(LogEntry.family_id == other_id)) \
        == "Logboek van de andere familie"
    # The accounts stay (they may be in other families), and so does the access log.
    assert all(db.session.get(User, user_id) is not None for user_id in user_ids)
    assert [r.subject for r in _log_rows(AuditAction.DELETE, family_id=family_id)] == [f"family:{family_id}"]
    assert client.get(f"/families/{family_id}/").status_code == 404


def test_only_the_family_may_delete_its_space(auth, world):
    for role in ("mentor", "network", "youth_16"):
        response = auth.login(role).post(f"/families/{world.family.id}/delete", data={"family_name": "Familie Test"})
        assert response.status_code == 403, role
    assert auth.login("outsider").get(f"/families/{world.family.id}/delete").status_code == 404
    assert db.session.get(Family, world.family.id) is not None


# Handover: taking someone out of the network

def _remove(client, world, key: str):
    return client.post(f"/families/{world.family.id}/people/{world.people[key].id}/remove")


def test_a_removed_professional_loses_access_at_once_and_the_plan_keeps_its_history(auth, world):
    consent = _consent_in_force(world)
    AgreementFactory(family=world.family, title="Opa brengt Noor naar school")
    ConditionFactory(family=world.family, text="Opvang op twee dagen", created_by_id=world.people["professional"].id)
    db.session.commit()
    pro_id, consent_id = world.people["professional"].id, consent.id
    professional = auth.login("professional")
    agreements_url = f"/families/{world.family.id}/plan/agreements"
    assert professional.get(agreements_url).status_code == 200

    response = _remove(auth.login("family"), world, "professional")

    assert response.status_code == 303
    assert professional.get(agreements_url).status_code == 404
    assert professional.get(f"/families/{world.family.id}/").status_code == 404
    db.session.expire_all()
    assert db.session.get(Consent, consent_id).status == ConsentStatus.ENDED
    pro = db.session.get(Person, pro_id)
    assert pro.user_id is None and pro.has_left and pro.name == "Wijkteam Test"
    # The family and the network keep the plan, and the conditions the professional set, with their name.
    family = auth.login("family")
    assert "Opa brengt Noor naar school" in page_text(family.get(agreements_url))
    conditions = page_text(auth.login("mentor").get(f"/families/{world.family.id}/plan/conditions"))
    assert translated("Set by %(name)s", name="Wijkteam Test") in conditions
    assert "Wijkteam Test" not in page_text(family.get(f"/families/{world.family.id}/people"))
    assert [r.subject for r in _log_rows(AuditAction.DELETE, family_id=world.family.id)] == [f"person:{pro_id}"]
    assert [r.consent_id for r in _log_rows(AuditAction.CONSENT, family_id=world.family.id)] == [consent_id]


def test_a_removed_helper_hands_back_open_work_and_keeps_their_history(auth, world):
    opa, family = world.people["network"], world.family
    carried = TaskFactory(family=family, title="Boodschappen", status=TaskStatus.ACCEPTED, assignee_id=opa.id)
    asked = TaskFactory(family=family, title="Oppassen", status=TaskStatus.OFFERED, offered_to_id=opa.id)
    done = TaskFactory(family=family, title="Verhuizen", status=TaskStatus.DONE, assignee_id=opa.id)
    write_entry(opa, "Noor naar school gebracht")
    offer = HelpOfferFactory(need=NeedFactory(family=family, title="Vervoer"), person=opa, message="Ik rijd")
    coming = MeetingFactory(family=family, title="Volgend beraad", meeting_date=TODAY + timedelta(days=3))
    past = MeetingFactory(family=family, title="Vorig beraad", meeting_date=TODAY - timedelta(days=3))
    MeetingInvitationFactory(meeting=coming, person=opa)
    MeetingInvitationFactory(meeting=past, person=opa, reply=Reply.COMING)
    db.session.commit()
    ids = dict(opa=opa.id, carried=carried.id, asked=asked.id, done=done.id, offer=offer.id)
    opa_client = auth.login("network")

    assert _remove(auth.login("mentor"), world, "network").status_code == 303

    db.session.expire_all()
    carried, asked, done = (db.session.get(Task, ids[k]) for k in ("carried", "asked", "done"))
    assert (carried.status, carried.assignee_id) == (TaskStatus.OPEN, None)
    assert carried.events[-1].action == TaskAction.RELEASED and carried.events[-1].person_id == ids["opa"]
    assert asked.status == TaskStatus.DECLINED
    assert (done.status, done.assignee_id) == (TaskStatus.DONE, ids["opa"])
    assert db.session.get(HelpOffer, ids["offer"]).status == OfferStatus.DECLINED
    invited_to = db.session.scalars(sa.select(Meeting.title).join(MeetingInvitation)
                                    .where(MeetingInvitation.person_id == ids["opa"])).all()
    assert invited_to == ["Vorig beraad"]
    assert opa_client.get(f"/families/{family.id}/").status_code == 404
    family_client = auth.login("family")
    assert "Opa Test" in page_text(family_client.get(f"/families/{family.id}/log"))
    assert "Opa Test" not in page_text(family_client.get(f"/families/{family.id}/people"))
    new_task = family_client.get(f"/families/{family.id}/tasks/new").get_data(as_text=True)
    offered_to = re.search(r'<select[^>]*name="offered_to".*?</select>', new_task, re.S).group(0)
    assert f'value="{ids["opa"]}"' not in offered_to


def test_an_unused_invitation_stops_working_when_the_person_is_removed(app, auth, world):
    outcome = invite(world.people["no_account"], world.accounts["family"], email=None, send_mail=False)
    db.session.commit()
    join_url = f"/join/{outcome.token}"
    anonymous = app.test_client()
    assert anonymous.get(join_url).status_code == 200

    assert _remove(auth.login("family"), world, "no_account").status_code == 303

    assert anonymous.get(join_url).status_code == 404


def test_who_may_take_whom_out_of_the_network(auth, world):
    # The mentor: not the family's parents and carers, whose space it is.
    assert _remove(auth.login("mentor"), world, "family").status_code == 403
    # Nobody removes themselves here (leaving is deleting one's account, or asking the family).
    assert _remove(auth.login("family"), world, "family").status_code == 403
    assert _remove(auth.login("mentor"), world, "mentor").status_code == 403
    # Network, youths and professionals manage nobody; another family does not see this one.
    for role in ("network", "youth_16", "professional"):
        assert _remove(auth.login(role), world, "no_account").status_code == 403, role
    assert _remove(auth.login("outsider"), world, "no_account").status_code == 404
    # A person of another family is not in this family's URLs.
    outsider_url = f"/families/{world.family.id}/people/{world.people['outsider'].id}/remove"
    assert auth.login("family").get(outsider_url).status_code == 404
    db.session.expire_all()
    assert not any(p.has_left for p in world.people.values())


def test_someone_who_left_cannot_be_removed_again(auth, world):
    client = auth.login("family")
    assert _remove(client, world, "no_account").status_code == 303
    assert _remove(client, world, "no_account").status_code == 404


def test_a_removed_parent_no_longer_has_to_agree_to_consents(auth, world):
    second = member(world.family, Role.FAMILY, "Vader Test", has_parental_authority=True)[0]
    db.session.commit()
    required = required_grantors(family_people(world.family.id), TODAY, age_bands())
    assert second.id in [p.id for p in required]

    response = auth.login("family").post(f"/families/{world.family.id}/people/{second.id}/remove")

    assert response.status_code == 303
    required = required_grantors(family_people(world.family.id), TODAY, age_bands())
    assert second.id not in [p.id for p in required]


def test_the_confirmation_page_says_what_changes(auth, world):
    opa = world.people["network"]
    TaskFactory(family=world.family, title="Boodschappen", status=TaskStatus.ACCEPTED, assignee_id=opa.id)
    create_situation(world.family, SituationDetails("Als het thuis niet veilig is", None, Visibility.NETWORK, [
        LinkDetails(opa, "", "", "", LinkKind.NETWORK),
        LinkDetails(None, "Veilig Thuis", "0800-2000", "", LinkKind.PROFESSIONAL)]))
    db.session.commit()

    page = page_text(auth.login("family").get(f"/families/{world.family.id}/people/{opa.id}/remove"))

    assert "Boodschappen" in page
    assert "Als het thuis niet veilig is" in page
    assert translated("Take %(name)s out of the network?", name="Opa Test") in page


def test_the_people_page_offers_removal_only_where_it_is_allowed(auth, world):
    url = f"/families/{world.family.id}/people"
    as_mentor = page_text(auth.login("mentor").get(url))
    assert translated("Take %(name)s out of the network", name="Opa Test") in as_mentor
    assert translated("Take %(name)s out of the network", name="Moeder Test") not in as_mentor
    assert translated("Delete the space of %(family)s", family="Familie Test") not in as_mentor
    as_family = page_text(auth.login("family").get(url))
    assert translated("Take %(name)s out of the network", name="Mentor Test") in as_family
    assert translated("Take %(name)s out of the network", name="Moeder Test") not in as_family
    assert translated("Delete the space of %(family)s", family="Familie Test") in as_family


def test_the_account_page_links_to_the_privacy_pages(auth):
    page = auth.login("network").get("/account").get_data(as_text=True)
    assert "/account/data" in page and "/account/delete" in page
