"""Who can join a family: nobody without opening the invitation and saying yes as themselves
(security issue "who can join", findings 1, 3 and 6), and the e-mail proof that rule rests on."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from portal.auth.models import EmailConfirmation, User
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.invitations.models import Invitation
from tests.conftest import page_text, translated
from tests.test_invitations import JOIN_LINK, outbox

NEW_PASSWORD = "een lange zin als wachtwoord"
CONFIRM_LINK = re.compile(r"https?://[^\s\"<]+/email/confirm/[A-Za-z0-9_\-]+(\?\S*)?")


def register(app, email: str, name: str = "Mallory"):
    """A fresh visitor registers; returns (client, response)."""
    client = app.test_client()
    response = client.post("/register", data={"name": name, "email": email, "password": NEW_PASSWORD,
                                               "password_again": NEW_PASSWORD})
    return client, response


def confirmation_link(app, to: str | None = None) -> tuple[str, str]:
    """(path, query) of the confirmation link in the last mail (to `to`, if given)."""
    mails = [mail for mail in outbox(app)
             if (to is None or mail["To"] == to) and CONFIRM_LINK.search(mail.get_content())]
    url = urlsplit(CONFIRM_LINK.search(mails[-1].get_content()).group(0))
    return url.path, url.query


def log_in(client, email: str):
    response = client.post("/login", data={"email": email, "password": NEW_PASSWORD})
    assert response.status_code == 302 and "/login" not in response.headers["Location"]
    return client


def invite_by_mail(auth, world, email: str, person_key: str = "no_account"):
    person = world.people[person_key]
    return auth.login("family").post(f"/families/{world.family.id}/people/{person.id}/invite",
                                     data={"invite_how": "email", "email": email}, follow_redirects=True)


def can_see_family(client, world) -> bool:
    return client.get(f"/families/{world.family.id}/people").status_code == 200


# Finding 1: an account registered with someone else's address takes nothing over.

def test_an_address_registered_before_the_invitation_sees_nothing_of_the_family(app, auth, world):
    address = "anouk.smit@example.org"
    attacker, _ = register(app, address)
    log_in(attacker, address)

    invite_by_mail(auth, world, address)

    aunt = db.session.get(Person, world.people["no_account"].id)
    assert aunt.user_id is None, "the invitation links no account"
    assert not can_see_family(attacker, world)
    start = page_text(attacker.get("/"))
    assert world.family.name not in start, "an unproven address is not offered the invitation either"
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert attacker.get(f"/invitations/{invitation.id}").status_code == 404
    assert attacker.post(f"/invitations/{invitation.id}").status_code == 404
    assert db.session.get(Person, aunt.id).user_id is None
    # The invitation went to the mailbox, which the attacker does not read.
    [invitation_mail] = [mail for mail in outbox(app) if JOIN_LINK.search(mail.get_content())]
    assert invitation_mail["To"] == address


def test_a_proven_account_joins_only_when_it_says_yes_on_its_start_page(app, auth, world):
    outsider = world.accounts["outsider"]
    invite_by_mail(auth, world, outsider.email.upper())
    client = auth.login("outsider")

    assert not can_see_family(client, world), "being invited shows nothing of the plan yet"
    start = client.get("/")
    assert start.status_code == 200, "an open invitation keeps the start page first"
    assert translated("Invitations for you") in page_text(start)
    assert world.family.name in page_text(start)
    invitation = db.session.scalars(sa.select(Invitation)).one()
    confirm = client.get(f"/invitations/{invitation.id}")
    assert translated("Yes, join") in page_text(confirm)
    assert not can_see_family(client, world), "looking is not joining"

    response = client.post(f"/invitations/{invitation.id}")

    assert response.headers["Location"].endswith(f"/families/{world.family.id}/")
    assert db.session.get(Person, world.people["no_account"].id).user_id == outsider.id
    assert can_see_family(client, world)
    assert db.session.get(Invitation, invitation.id).used_by_id == outsider.id
    assert world.family.name not in page_text(client.get("/")).split(translated("Your families"))[0]


def test_a_proven_account_can_decline_on_its_start_page(app, auth, world):
    invite_by_mail(auth, world, world.accounts["outsider"].email)
    invitation = db.session.scalars(sa.select(Invitation)).one()
    client = auth.login("outsider")

    response = client.post(f"/invitations/{invitation.id}/decline", follow_redirects=True)

    assert translated("You said no to the invitation of %(family)s.", family=world.family.name) in page_text(response)
    assert translated("Invitations for you") not in page_text(response)
    db.session.refresh(invitation)
    assert invitation.declined_at is not None and invitation.used_at is None
    assert db.session.get(Person, world.people["no_account"].id).user_id is None
    assert client.post(f"/invitations/{invitation.id}").status_code == 404
    token = JOIN_LINK.search(outbox(app)[0].get_content()).group(1)
    assert app.test_client().get(f"/join/{token}").status_code == 404, "a declined link stops working"
    assert translated("%(name)s has said no to this invitation.", name=world.people["no_account"].name) in (
        page_text(auth.login("family").get(f"/families/{world.family.id}/invitations/{invitation.id}")))


def test_nobody_answers_an_invitation_sent_to_someone_else(app, auth, world):
    invite_by_mail(auth, world, world.accounts["outsider"].email)
    invitation = db.session.scalars(sa.select(Invitation)).one()
    other = auth.login("network")

    assert translated("Invitations for you") not in page_text(other.get("/"))
    assert other.get(f"/invitations/{invitation.id}").status_code == 404
    assert other.post(f"/invitations/{invitation.id}").status_code == 404
    assert other.post(f"/invitations/{invitation.id}/decline").status_code == 404
    db.session.refresh(invitation)
    assert invitation.used_at is None and invitation.declined_at is None


def test_the_inviter_never_sees_a_mailed_link(app, auth, world):
    """Opening a mailed link proves the address: so only that mailbox may hold it."""
    response = invite_by_mail(auth, world, "els@example.org")

    assert response.status_code == 200
    assert "/join/" not in response.get_data(as_text=True)


# Finding 3: the family's message does not say whether an address has an account, and being added
# changes nothing for that account.

def test_the_invite_message_is_the_same_whether_or_not_the_address_has_an_account(app, auth, world):
    known, new = world.accounts["outsider"].email, "nog-niemand@example.org"

    for_known, for_new = invite_by_mail(auth, world, known), invite_by_mail(auth, world, new)

    assert for_known.status_code == for_new.status_code == 200
    assert translated("An invitation has been sent to %(email)s.", email=known) in page_text(for_known)

    def without_address_and_times(response, address):
        return re.sub(r"\d", "", page_text(response).replace(address, "X"))
    assert without_address_and_times(for_known, known) == without_address_and_times(for_new, new)
    assert db.session.get(Person, world.people["no_account"].id).user_id is None


def test_adding_an_account_as_professional_forces_nothing_on_it(app, auth, world):
    outsider = world.accounts["outsider"]
    auth.login("family").post(f"/families/{world.family.id}/people/new", data={
        "name": "Anouk Smit", "relation": "wijkteam", "role": "professional",
        "invite_how": "email", "email": outsider.email})

    assert db.session.scalar(sa.select(Person).where(Person.family_id == world.family.id,
                                                     Person.user_id == outsider.id)) is None
    client = auth.login("outsider")
    home = client.get("/")
    assert home.status_code == 200, "no two-factor setup is forced by someone else's invitation"
    assert client.get("/account").status_code == 200


# Finding 6: registering says nothing about which addresses have an account.

def test_registering_a_known_address_answers_like_a_new_one_and_mails_the_owner(app, world):
    owner = world.accounts["network"]
    users_before = db.session.scalar(sa.select(sa.func.count()).select_from(User))

    known_client, for_known = register(app, owner.email.upper())
    new_client, for_new = register(app, "nieuw@example.org")

    assert for_known.status_code == for_new.status_code == 200
    assert page_text(for_known).replace(owner.email, "X") == page_text(for_new).replace("nieuw@example.org", "X")
    assert translated("Check your mail") in page_text(for_known)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == users_before + 1
    assert db.session.scalar(sa.select(User).where(User.name == "Mallory", User.email == owner.email)) is None
    db.session.refresh(owner)
    assert owner.name != "Mallory"
    for client in (known_client, new_client):
        assert client.get("/families/new").status_code == 302, "registering logs nobody in"

    warning = [mail for mail in outbox(app) if mail["To"] == owner.email]
    assert len(warning) == 1
    assert translated("Someone tried to make a Kring account with your address") == warning[0]["Subject"]
    assert "/password/forgot" in warning[0].get_content() and not CONFIRM_LINK.search(warning[0].get_content())
    assert CONFIRM_LINK.search([m for m in outbox(app) if m["To"] == "nieuw@example.org"][0].get_content())


# The e-mail proof.

def test_the_confirmation_link_proves_the_address_once(app):
    client, _ = register(app, "nieuw@example.org")
    user = db.session.scalars(sa.select(User).where(User.email == "nieuw@example.org")).one()
    path, _query = confirmation_link(app)

    looked = client.get(path)
    assert looked.status_code == 200 and translated("Confirm my address") in page_text(looked)
    db.session.refresh(user)
    assert user.email_verified_at is None, "a mail program that checks links proves nothing"

    confirmed = client.post(path)
    assert confirmed.status_code == 302 and urlsplit(confirmed.headers["Location"]).path == "/login"
    db.session.refresh(user)
    assert user.email_verified_at is not None
    confirmation = db.session.scalars(sa.select(EmailConfirmation)).one()
    assert confirmation.token_hash not in path, "only a hash of the link is stored"

    again = app.test_client().post(path)
    assert again.status_code == 404
    assert translated("This link does not work") in page_text(again)


def test_the_confirmation_link_expires(app):
    register(app, "nieuw@example.org")
    path, _query = confirmation_link(app)
    confirmation = db.session.scalars(sa.select(EmailConfirmation)).one()
    assert timedelta(hours=23) < confirmation.expires_at - utcnow() <= timedelta(hours=24)
    confirmation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    assert app.test_client().get(path).status_code == 404
    assert app.test_client().post(path).status_code == 404
    assert db.session.scalars(sa.select(User)).one().email_verified_at is None


def test_an_unproven_address_gets_no_invitation_until_it_is_confirmed(app, auth, world):
    client, _ = register(app, "nieuw@example.org")
    log_in(client, "nieuw@example.org")
    invite_by_mail(auth, world, "nieuw@example.org")
    invitation = db.session.scalars(sa.select(Invitation)).one()

    start = page_text(client.get("/"))
    assert translated("Invitations for you") not in start and world.family.name not in start
    assert client.get(f"/invitations/{invitation.id}").status_code == 404

    path, _query = confirmation_link(app, to="nieuw@example.org")
    client.post(path)

    assert world.family.name in page_text(client.get("/"))
    assert client.get(f"/invitations/{invitation.id}").status_code == 200


def test_an_unproven_account_can_ask_for_a_new_link(app):
    client, _ = register(app, "nieuw@example.org")
    log_in(client, "nieuw@example.org")
    assert translated("Send the link again") in page_text(client.get("/"))

    client.post("/email/send-confirmation")

    assert len([mail for mail in outbox(app) if CONFIRM_LINK.search(mail.get_content())]) == 2


def test_setting_a_new_password_through_the_mailed_link_proves_the_address(app):
    from portal.auth.password_reset import find_reset

    register(app, "nieuw@example.org")
    app.test_client().post("/password/forgot", data={"email": "nieuw@example.org"})
    token = re.search(r"/password/reset/([A-Za-z0-9_\-]+)", outbox(app)[-1].get_content()).group(1)

    app.test_client().post(f"/password/reset/{token}", data={"password": NEW_PASSWORD,
                                                             "password_again": NEW_PASSWORD})

    assert find_reset(token) is None
    assert db.session.scalars(sa.select(User)).one().email_verified_at is not None


def test_accounts_made_before_the_rule_count_as_proven_after_the_migration(tmp_path):
    from flask_migrate import upgrade

    from portal import create_app

    old = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with old.app_context():
        upgrade(revision="0011_part_comments")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO users (email, name, password_hash, locale, session_version, created_at) "
                "VALUES ('oud@example.org', 'Oud', 'x', 'nl', 1, '2026-01-01 10:00:00.000000')"))
        upgrade(revision="heads")
        with db.engine.connect() as connection:
            proven = connection.execute(sa.text("SELECT email_verified_at FROM users")).scalar_one()
        db.engine.dispose()
    assert proven is not None
