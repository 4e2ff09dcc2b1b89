"""Invitations: by a link the family shares itself, by e-mail, to an address that has an account
already, and joining (with a new account, or with one button when logged in)."""
from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from portal.auth.models import User
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.invitations.models import Invitation
from portal.auth.tokens import hash_token
from tests.conftest import page_text, translated

JOIN_LINK = re.compile(r"https?://[^\s\"<]+/join/([A-Za-z0-9_\-]+)")
CONFIRM_LINK = re.compile(r"https?://[^\s\"<]+/email/confirm/[A-Za-z0-9_\-]+(\?\S*)?")
NEW_PASSWORD = "een lange zin als wachtwoord"


def invite_by_link(client, world, person_key: str = "no_account") -> str:
    """Make a link invitation through the family's pages; returns the token from the page shown once."""
    person = world.people[person_key]
    response = client.post(f"/families/{world.family.id}/people/{person.id}/invite",
                           data={"invite_how": "link"}, follow_redirects=True)
    assert response.status_code == 200
    return JOIN_LINK.search(response.get_data(as_text=True)).group(1)


def outbox(app) -> list[email.message.EmailMessage]:
    folder = Path(app.instance_path) / "outbox"
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(folder.glob("*.eml"))] if folder.exists() else []


def only_invitation() -> Invitation:
    return db.session.scalars(sa.select(Invitation)).one()


def test_a_link_invitation_lets_the_person_join_once(app, auth, world):
    family = auth.login("family")
    aunt = world.people["no_account"]
    token = invite_by_link(family, world)

    invitation = only_invitation()
    assert invitation.token_hash == hash_token(token) != token, "only a hash of the link is stored"
    assert invitation.email is None, "a link shared by hand was not sent to any address"
    assert timedelta(days=6, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=7)
    # A link shared by hand stays on the page (and the person's card) until it is used (issue 10).
    again = family.get(f"/families/{world.family.id}/invitations/{invitation.id}").get_data(as_text=True)
    assert token in again
    assert token in family.get(f"/families/{world.family.id}/people").get_data(as_text=True)

    visitor = app.test_client()
    form = visitor.get(f"/join/{token}")
    assert form.status_code == 200 and f'value="{aunt.name}"' in form.get_data(as_text=True)
    registered = visitor.post(f"/join/{token}", data={
        "name": "Tante Els", "email": "Els@Example.org", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    # An address typed on a shared link is unproven: registering there is an ordinary registration.
    assert registered.status_code == 200
    assert translated("Check your mail") in page_text(registered)
    user = db.session.scalars(sa.select(User).where(User.email == "els@example.org")).one()
    assert user.password_hash.startswith("$argon2id$") and user.email_verified_at is None
    assert db.session.get(Person, aunt.id).user_id is None, "nobody joins before saying yes"

    [mail] = outbox(app)
    confirm_path = CONFIRM_LINK.search(mail.get_content()).group(0).split("://", 1)[1].split("/", 1)[1]
    confirmed = visitor.post("/" + confirm_path)
    assert confirmed.status_code == 302 and "/login" in confirmed.headers["Location"]
    logged_in = visitor.post(confirmed.headers["Location"], data={"email": "els@example.org",
                                                                   "password": NEW_PASSWORD})
    assert logged_in.headers["Location"] == f"/join/{token}", "the link leads back to the invitation"
    assert translated("Yes, join") in page_text(visitor.get(f"/join/{token}"))
    response = visitor.post(f"/join/{token}")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/families/{world.family.id}/")
    db.session.refresh(aunt)
    assert aunt.user_id == user.id, "the invited person joins: no second person is made"
    assert visitor.get(f"/families/{world.family.id}/my-tasks").status_code == 200

    used = app.test_client().get(f"/join/{token}")
    assert used.status_code == 404
    assert translated("This link does not work") in page_text(used)
    assert translated("%(name)s has joined.", name=aunt.name) in page_text(
        family.get(f"/families/{world.family.id}/invitations/{invitation.id}"))


def test_a_mailed_link_lets_the_person_join_at_once_and_proves_the_address(app, auth, world):
    aunt = world.people["no_account"]
    auth.login("family").post(f"/families/{world.family.id}/people/{aunt.id}/invite",
                              data={"invite_how": "email", "email": "els@example.org"})
    [mail] = outbox(app)
    token = JOIN_LINK.search(mail.get_content()).group(1)

    visitor = app.test_client()
    response = visitor.post(f"/join/{token}", data={
        "name": "Tante Els", "email": "els@example.org", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/families/{world.family.id}/")
    user = db.session.scalars(sa.select(User).where(User.email == "els@example.org")).one()
    assert user.email_verified_at is not None, "opening the link sent to the address proves it"
    assert db.session.get(Person, aunt.id).user_id == user.id
    assert visitor.get(f"/families/{world.family.id}/my-tasks").status_code == 200, "joining logs in"


def test_an_invitation_expires(app, auth, world):
    token = invite_by_link(auth.login("family"), world)
    invitation = only_invitation()

    invitation.expires_at = utcnow() + timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(f"/join/{token}").status_code == 200

    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    visitor = app.test_client()
    expired = visitor.get(f"/join/{token}")
    assert expired.status_code == 404
    assert translated("This link does not work") in page_text(expired)
    refused = visitor.post(f"/join/{token}", data={
        "name": "Te Laat", "email": "laat@example.org", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert refused.status_code == 404
    assert db.session.scalar(sa.select(User).where(User.email == "laat@example.org")) is None


def test_a_broken_link_answers_the_same_page(app, world):
    response = app.test_client().get("/join/not-a-real-token")
    assert response.status_code == 404
    assert translated("This link does not work") in page_text(response)


def test_an_invitation_by_email_arrives_with_a_working_link(app, auth, world):
    response = auth.login("family").post(f"/families/{world.family.id}/people/new", data={
        "name": "Buurman Piet", "relation": "buurman", "role": "network",
        "invite_how": "email", "email": "piet@example.org"}, follow_redirects=True)

    assert translated("An invitation has been sent to %(email)s.", email="piet@example.org") in page_text(response)
    [mail] = outbox(app)
    assert mail["To"] == "piet@example.org"
    assert world.family.name in mail["Subject"]
    token = JOIN_LINK.search(mail.get_content()).group(1)
    assert app.test_client().get(f"/join/{token}").status_code == 200


def test_an_invitation_by_email_needs_an_address(app, auth, world):
    person = world.people["no_account"]
    response = auth.login("family").post(f"/families/{world.family.id}/people/{person.id}/invite",
                                         data={"invite_how": "email", "email": ""})
    assert response.status_code == 200
    assert translated("Fill in an e-mail address to send the invitation to.") in page_text(response)
    assert db.session.scalar(sa.select(Invitation)) is None and outbox(app) == []


def test_a_logged_in_user_joins_with_one_button(app, auth, world):
    token = invite_by_link(auth.login("family"), world)
    outsider = auth.login("outsider")

    confirm = outsider.get(f"/join/{token}")
    assert confirm.status_code == 200
    assert translated("Yes, join") in page_text(confirm)
    response = outsider.post(f"/join/{token}")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/families/{world.family.id}/")
    aunt = db.session.get(Person, world.people["no_account"].id)
    assert aunt.user_id == world.accounts["outsider"].id
    assert outsider.get(f"/families/{world.family.id}/people").status_code == 200


def test_a_member_cannot_use_a_link_of_their_own_family_twice(app, auth, world):
    token = invite_by_link(auth.login("family"), world)
    grandpa = auth.login("network")

    response = grandpa.post(f"/join/{token}", follow_redirects=True)

    assert translated("You are already in this family.") in page_text(response)
    assert only_invitation().used_at is None, "the link still works for the person it was meant for"
    assert db.session.get(Person, world.people["no_account"].id).user_id is None


def test_joining_through_a_mailed_link_with_its_address_that_has_an_account_asks_to_log_in(app, auth, world):
    """The link went to that mailbox, so whoever opened it may hear that the address has an account."""
    outsider = world.accounts["outsider"]
    aunt = world.people["no_account"]
    auth.login("family").post(f"/families/{world.family.id}/people/{aunt.id}/invite",
                              data={"invite_how": "email", "email": outsider.email})
    token = JOIN_LINK.search(outbox(app)[0].get_content()).group(1)

    response = app.test_client().post(f"/join/{token}", data={
        "name": "Tante Els", "email": outsider.email, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 200
    assert translated("There is already an account with this e-mail address. "
                      "Log in first, then open the link again.") in page_text(response)
    assert 'value="Tante Els"' in response.get_data(as_text=True)
    assert only_invitation().used_at is None


def test_joining_through_a_shared_link_with_a_known_address_answers_like_a_new_one(app, auth, world):
    """Whoever holds a shared link may not use the join form to find out which addresses have an account."""
    token = invite_by_link(auth.login("family"), world)
    known = world.accounts["outsider"]

    def join_as(email):
        return app.test_client().post(f"/join/{token}", data={
            "name": "Tante Els", "email": email, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    for_known, for_new = join_as(known.email), join_as("nieuw@example.org")

    assert for_known.status_code == for_new.status_code == 200
    assert page_text(for_known).replace(known.email, "X") == page_text(for_new).replace("nieuw@example.org", "X")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.name == "Tante Els")) == 1
    assert only_invitation().used_at is None
    assert sorted(mail["To"] for mail in outbox(app)) == sorted([known.email, "nieuw@example.org"])


def test_the_join_form_keeps_what_was_typed(app, auth, world):
    token = invite_by_link(auth.login("family"), world)

    response = app.test_client().post(f"/join/{token}", data={
        "name": "Tante Els", "email": "els@example.org", "password": "Xq-kort", "password_again": "anders"})

    assert response.status_code == 200
    text, html = page_text(response), response.get_data(as_text=True)
    assert translated("Choose a password of at least %(min)d characters.", min=10) in text
    assert translated("The two passwords are not the same.") in text
    assert 'value="Tante Els"' in html and 'value="els@example.org"' in html
    assert "Xq-kort" not in html, "a password is never sent back"
    assert db.session.scalar(sa.select(User).where(User.email == "els@example.org")) is None


def test_someone_with_an_account_is_not_invited_again(app, auth, world):
    grandpa = world.people["network"]
    response = auth.login("family").get(f"/families/{world.family.id}/people/{grandpa.id}/invite",
                                        follow_redirects=True)
    assert translated("%(name)s already has an account in this family.", name=grandpa.name) in page_text(response)
    assert db.session.scalar(sa.select(Invitation)) is None
