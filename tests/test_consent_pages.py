"""The permissions pages: giving a professional permission, agreeing until it is in force,
withdrawing (which takes effect on the professional's very next request), comments under a
"read and comment" permission, and the professional's own view of the family."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import url_for

from portal.audit.models import AccessLogEntry, AuditAction
from portal.consent.models import Consent, ConsentLevel, ConsentStatus, PartComment
from portal.consent.services import approve, consent_state
from portal.consent.grants import family_people
from portal.extensions import db
from portal.families.models import Person, Role
from portal.parts.models import PlanPart
from tests.accounts import app_config, world  # noqa: F401  (pages in English)
from tests.conftest import form_fields, page_text
from tests.consents import consent_in_force, pending_consent
from tests.factories import PersonFactory, born_years_ago

TODAY = date.today()


def url(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def consent_rows(consent_id: int | None = None) -> list[AccessLogEntry]:
    query = sa.select(AccessLogEntry).where(AccessLogEntry.action == AuditAction.CONSENT).order_by(AccessLogEntry.id)
    if consent_id is not None:
        query = query.where(AccessLogEntry.consent_id == consent_id)
    return list(db.session.scalars(query))


def new_consent_form(app, world, **changes) -> dict:
    data = {"professional": str(world.people["professional"].id), "parts": ["agreements", "safety"],
            "level": "read", "valid_from": TODAY.isoformat(), "valid_until": (TODAY + timedelta(days=60)).isoformat(),
            "purpose": "Meedenken over school"}
    data.update(changes)
    return data


# Giving permission and agreeing -------------------------------------------------------------------

def test_the_form_offers_the_family_s_professionals_and_every_part_but_the_conditions(app, auth, world):
    response = auth.login("family").get(url(app, "consent.new", family_id=world.family.id))
    assert response.status_code == 200
    text = page_text(response)
    assert "Wijkteam Test" in text and "Opa Test" not in text
    assert "Agreements" in text and "Safety plan" in text
    fields = form_fields(response, "valid_from")
    assert fields["valid_from"] == TODAY.isoformat()
    assert 'value="conditions"' not in response.get_data(as_text=True)
    assert fields["level"] == "read"


def test_giving_permission_then_everyone_agrees_until_it_is_in_force(app, auth, world):
    family_client = auth.login("family")
    agreements_page = url(app, "agreements.index", family_id=world.family.id)
    pro = auth.login("professional")

    response = family_client.post(url(app, "consent.new", family_id=world.family.id), data=new_consent_form(app, world))
    assert response.status_code == 303
    consent = db.session.scalars(sa.select(Consent)).one()
    # The parent who gave it agreed at once; the youths from 12 still have to.
    page = page_text(family_client.get(url(app, "consent.index", family_id=world.family.id)))
    assert "Waiting for Jongere Veertien and Jongere Zestien to agree" in page
    assert "Moeder Test: agreed" in page and "Jongere Veertien: not yet" in page
    assert pro.get(agreements_page).status_code == 404

    youth = auth.login("youth")
    youth_page = youth.get(url(app, "consent.index", family_id=world.family.id))
    assert "I agree" in page_text(youth_page)
    assert youth.post(url(app, "consent.agree", family_id=world.family.id, consent_id=consent.id)).status_code == 303
    assert pro.get(agreements_page).status_code == 404     # Jongere Zestien has not agreed yet
    assert "Waiting for Jongere Zestien to agree" in page_text(youth.get(url(app, "consent.index",
                                                                             family_id=world.family.id)))

    auth.login("youth_16").post(url(app, "consent.agree", family_id=world.family.id, consent_id=consent.id))
    db.session.expire_all()
    assert db.session.get(Consent, consent.id).status == ConsentStatus.ACTIVE
    assert pro.get(agreements_page).status_code == 200
    in_force = page_text(family_client.get(url(app, "consent.index", family_id=world.family.id)))
    assert "In force until" in in_force and "I agree" not in in_force
    # One access-log row per change, naming the consent: given, agreed, agreed.
    assert [row.subject.rsplit(":", 1)[-1] for row in consent_rows(consent.id)] == ["given", "agreed", "agreed"]
    assert {row.user_id for row in consent_rows(consent.id)} == {
        world.accounts[key].id for key in ("family", "youth", "youth_16")}


def test_one_change_is_one_row_in_the_access_log(app, auth, world):
    consent = pending_consent(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    before = db.session.scalar(sa.select(sa.func.count(AccessLogEntry.id)))
    auth.login("youth").post(url(app, "consent.agree", family_id=world.family.id, consent_id=consent.id))
    rows = list(db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id).offset(before)))
    assert [(r.action, r.consent_id, r.family_id) for r in rows] == [(AuditAction.CONSENT, consent.id,
                                                                      world.family.id)]


def test_someone_whose_agreement_is_not_needed_gets_no_button_and_cannot_agree(app, auth, world):
    consent = pending_consent(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    mentor = auth.login("mentor")
    assert "I agree" not in page_text(mentor.get(url(app, "consent.index", family_id=world.family.id)))
    assert mentor.post(url(app, "consent.agree", family_id=world.family.id, consent_id=consent.id)).status_code == 403
    assert consent_rows(consent.id) == []


def test_bad_input_keeps_what_was_typed(app, auth, world):
    client = auth.login("family")
    data = new_consent_form(app, world, valid_until="31-31-2026", parts=[], purpose="Alleen school")
    response = client.post(url(app, "consent.new", family_id=world.family.id), data=data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Choose at least one part of the plan." in text
    fields = form_fields(response, "valid_until")
    assert fields["valid_until"] == "31-31-2026" and fields["purpose"] == "Alleen school"
    assert db.session.scalar(sa.select(sa.func.count(Consent.id))) == 0

    backwards = new_consent_form(app, world, valid_until=(TODAY - timedelta(days=1)).isoformat())
    response = client.post(url(app, "consent.new", family_id=world.family.id), data=backwards)
    assert "The last day comes before the first day." in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(Consent.id))) == 0


def test_a_professional_sees_only_their_own_permissions(app, auth, world):
    other_pro = PersonFactory(family=world.family, name="Jeugdarts Anders", role=Role.PROFESSIONAL)
    consent_in_force(world.people["professional"], {PlanPart.SAFETY}, world.accounts["family"])
    consent_in_force(other_pro, {PlanPart.MEETINGS}, world.accounts["family"])

    text = page_text(auth.login("professional").get(url(app, "consent.index", family_id=world.family.id)))
    assert "Wijkteam Test" in text and "Safety plan" in text
    assert "Jeugdarts Anders" not in text and "Network meetings" not in text
    family_text = page_text(auth.login("family").get(url(app, "consent.index", family_id=world.family.id)))
    assert "Wijkteam Test" in family_text and "Jeugdarts Anders" in family_text


def test_a_grantor_without_an_account_is_named_with_a_link_to_invite_them(app, auth, world):
    newcomer = PersonFactory(family=world.family, name="Dertien Zonder Account", role=Role.YOUTH,
                             date_of_birth=born_years_ago(TODAY, 13))
    db.session.commit()
    pending_consent(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    response = auth.login("family").get(url(app, "consent.index", family_id=world.family.id))
    text = page_text(response)
    assert "Dertien Zonder Account must agree too, but has no account yet" in text
    assert "Invite Dertien Zonder Account to Kring" in text
    assert url(app, "invitations.new", family_id=world.family.id, person_id=newcomer.id) in response.get_data(
        as_text=True)


def test_a_birthday_asks_for_confirmation_again_in_plain_words(app, auth, world):
    # Jongere Veertien turns 16 today: agreed at 15 (yesterday), now they alone decide.
    youth = world.people["youth"]
    youth.date_of_birth = date(TODAY.year - 16, TODAY.month, TODAY.day) if (TODAY.month, TODAY.day) != (2, 29) \
        else date(TODAY.year - 16, 3, 1)
    yesterday = TODAY - timedelta(days=1)
    consent = pending_consent(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    for grantor in consent_state(consent, family_people(world.family.id), yesterday).required:
        approve(consent, grantor, yesterday)
    db.session.commit()

    text = page_text(auth.login("youth").get(url(app, "consent.index", family_id=world.family.id)))
    assert "Needs to be confirmed again: Jongere Veertien turned 16." in text
    assert "I agree" in text
    assert auth.login("professional").get(url(app, "agreements.index", family_id=world.family.id)).status_code == 404


# Withdrawing ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["family", "youth", "youth_16"])
def test_withdrawal_takes_effect_on_the_professional_s_very_next_request(app, auth, world, who):
    consent = consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    pro = auth.login("professional")
    page = url(app, "agreements.index", family_id=world.family.id)
    assert pro.get(page).status_code == 200

    withdrawing = auth.login(who)
    confirm = withdrawing.get(url(app, "consent.withdraw", family_id=world.family.id, consent_id=consent.id))
    assert confirm.status_code == 200 and "Withdraw the permission?" in page_text(confirm)
    response = withdrawing.post(url(app, "consent.withdraw", family_id=world.family.id, consent_id=consent.id))
    assert response.status_code == 303

    assert pro.get(page).status_code == 404
    text = page_text(auth.login("family").get(url(app, "consent.index", family_id=world.family.id)))
    assert f"Withdrawn by {world.accounts[who].name} on" in text
    assert [row.subject.rsplit(":", 1)[-1] for row in consent_rows(consent.id)] == ["withdrawn"]


@pytest.mark.parametrize("who, status", [("mentor", 403), ("professional", 403), ("network", 403),
                                         ("youth_under_12", 403), ("outsider", 404)])
def test_others_cannot_withdraw(app, auth, world, who, status):
    consent = consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    response = auth.login(who).post(url(app, "consent.withdraw", family_id=world.family.id, consent_id=consent.id))
    assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(Consent, consent.id).status == ConsentStatus.ACTIVE


def test_a_withdrawn_permission_cannot_be_withdrawn_or_agreed_to_again(app, auth, world):
    consent = pending_consent(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    family = auth.login("family")
    family.post(url(app, "consent.withdraw", family_id=world.family.id, consent_id=consent.id))
    again = family.get(url(app, "consent.withdraw", family_id=world.family.id, consent_id=consent.id))
    assert "This permission has already ended." in page_text(again)
    response = auth.login("youth").post(url(app, "consent.agree", family_id=world.family.id, consent_id=consent.id),
                                        follow_redirects=True)
    assert "This permission has ended and cannot be agreed to any more." in page_text(response)
    assert [row.subject.rsplit(":", 1)[-1] for row in consent_rows(consent.id)] == ["withdrawn"]


# The professional's view -------------------------------------------------------------------------

def test_the_professional_s_home_shows_exactly_the_consented_parts(app, auth, world):
    pro = auth.login("professional")
    home = url(app, "families.home", family_id=world.family.id)
    assert "The family decides what you see" in page_text(pro.get(home))

    consent = consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS, PlanPart.SAFETY},
                               world.accounts["family"])
    response = pro.get(home)
    text = page_text(response)
    assert "What the family shares with you" in text and "The family decides what you see" not in text
    assert "Agreements" in text and "Safety plan" in text
    assert text.count("Read · until") == 2 and f"{consent.valid_until.day} " in text
    html = response.get_data(as_text=True)
    assert url(app, "agreements.index", family_id=world.family.id) in html
    assert url(app, "safety.index", family_id=world.family.id) in html
    for absent in ("Concerns, strengths and exceptions", "Goal and our own words", "The people around us",
                   "Network meetings"):
        assert absent not in text, absent
    assert url(app, "log.index", family_id=world.family.id) not in html


# Comments ------------------------------------------------------------------------------------------

def test_a_professional_with_read_and_comment_comments_and_the_family_reads_it(app, auth, world):
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"],
                     level=ConsentLevel.COMMENT)
    page = url(app, "agreements.index", family_id=world.family.id)
    pro = auth.login("professional")
    fields = form_fields(pro.get(page), "comment-text")
    fields["comment-text"] = "Goed dat opa de school doet."
    response = pro.post(url(app, "consent.comment", family_id=world.family.id, part="agreements"), data=fields)
    assert response.status_code == 303 and response.headers["Location"].endswith(page)

    comment = db.session.scalars(sa.select(PartComment)).one()
    assert (comment.part, comment.author_id) == (PlanPart.AGREEMENTS, world.people["professional"].id)
    for reader in ("family", "mentor", "professional"):
        assert "Goed dat opa de school doet." in page_text(auth.login(reader).get(page)), reader
    # The network reads the agreements, but the professionals' comments are for the family and the mentor.
    assert "Goed dat opa de school doet." not in page_text(auth.login("network").get(page))
    # The comment belongs to the agreements: not on another part's page.
    assert "Goed dat opa de school doet." not in page_text(auth.login("family").get(
        url(app, "plans.concerns", family_id=world.family.id)))
    row = db.session.scalars(sa.select(AccessLogEntry).where(AccessLogEntry.subject.like("consent.comment%"))).one()
    assert (row.action, row.part, row.consent_id) == (AuditAction.CREATE, "agreements",
                                                      db.session.scalars(sa.select(Consent.id)).one())


def test_an_empty_comment_is_refused_with_a_message(app, auth, world):
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"],
                     level=ConsentLevel.COMMENT)
    response = auth.login("professional").post(url(app, "consent.comment", family_id=world.family.id,
                                                    part="agreements"), data={"comment-text": "  "})
    assert response.status_code == 200
    assert "Please fill this in." in page_text(response)
    assert db.session.scalar(sa.select(sa.func.count(PartComment.id))) == 0


@pytest.mark.parametrize("who, part, status", [
    ("professional", "agreements", 403),     # read only
    ("professional", "safety", 404),         # no permission for this part
    ("family", "agreements", 403),           # comments are the professionals' say
    ("network", "agreements", 403),
])
def test_only_a_read_and_comment_permission_lets_one_comment(app, auth, world, who, part, status):
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    response = auth.login(who).post(url(app, "consent.comment", family_id=world.family.id, part=part),
                                    data={"comment-text": "Mijn mening"})
    assert response.status_code == status
    assert db.session.scalar(sa.select(sa.func.count(PartComment.id))) == 0


def test_the_read_only_professional_sees_no_comment_form(app, auth, world):
    consent_in_force(world.people["professional"], {PlanPart.AGREEMENTS}, world.accounts["family"])
    html = auth.login("professional").get(url(app, "agreements.index", family_id=world.family.id)).get_data(
        as_text=True)
    assert "comment-text" not in html


# The demo -------------------------------------------------------------------------------------------

def test_the_demo_worker_sees_the_agreements_and_the_safety_plan_and_nothing_else(app, runner, monkeypatch):
    from argon2 import PasswordHasher

    from portal.auth.services import user_by_email
    from portal.consent.grants import grant_for
    from portal.demo import DEMO_PROFESSIONAL

    monkeypatch.setattr("portal.auth.services._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    assert runner.invoke(args=["demo"]).exit_code == 0
    worker = db.session.scalars(sa.select(Person).where(Person.user_id == user_by_email(DEMO_PROFESSIONAL).id)).one()
    grant = grant_for(worker, TODAY)
    assert grant.parts == {PlanPart.AGREEMENTS, PlanPart.SAFETY} and grant.can_comment == frozenset()
    consent = db.session.scalars(sa.select(Consent)).one()
    assert consent.valid_from == TODAY and consent.purpose.startswith("Zodat het wijkteam")
    names = {a.person.name for a in consent.approvals}
    assert names == {"Sandra de Vries", "Sam"}


def test_a_permission_that_starts_later_opens_nothing_yet(app, auth, world):
    from portal.consent.services import create_consent

    consent = create_consent(world.family.id, world.people["professional"], {PlanPart.AGREEMENTS},
                             ConsentLevel.READ, TODAY + timedelta(days=7), TODAY + timedelta(days=30), "",
                             world.accounts["family"])
    for key in ("family", "youth"):
        approve(consent, world.people[key], TODAY)
    db.session.commit()
    response = auth.login("youth_16").post(url(app, "consent.agree", family_id=world.family.id,
                                                consent_id=consent.id), follow_redirects=True)
    text = page_text(response)
    assert "Thank you. Everyone agreed: the permission starts on" in text
    assert "Everyone agreed; it starts on" in text
    assert auth.login("professional").get(url(app, "agreements.index", family_id=world.family.id)).status_code == 404
