"""Accounts: registering, logging in and out, how passwords are kept, stale session cookies,
redirects that stay inside Kring, and no production start without a secret key.

(Logging in through the form is tested here; every other test logs in with `auth.login`.)"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.auth.models import User
from portal.extensions import db
from tests.conftest import form_fields, page_text, translated
from tests.factories import PASSWORD

NEW_PASSWORD = "een lange zin als wachtwoord"


def register_form(**typed) -> dict:
    return {"name": "Sandra de Vries", "email": "sandra@example.org", "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD, **typed}


def is_logged_in(client) -> bool:
    response = client.get("/families/new")
    return response.status_code == 200


def test_register_makes_an_account_and_asks_to_confirm_the_address(app, client):
    response = client.post("/register", data=register_form(email="Sandra@Example.ORG"))

    assert response.status_code == 200
    assert translated("Check your mail") in page_text(response)
    user = db.session.scalars(sa.select(User)).one()
    assert (user.name, user.email) == ("Sandra de Vries", "sandra@example.org")
    assert user.password_hash.startswith("$argon2id$")
    assert NEW_PASSWORD not in user.password_hash
    assert user.email_verified_at is None, "the address is proven only by the link sent to it"
    assert not is_logged_in(client), "a known address does not log in either, so neither does a new one"


@pytest.mark.parametrize("typed, message, variables", [
    ({"name": "", "email": "", "password": "", "password_again": ""}, "Please fill this in.", {}),
    ({"email": "sandra-at-example.org"}, "This does not look like an e-mail address. Please check it.", {}),
    ({"password": "kort", "password_again": "kort"}, "Choose a password of at least %(min)d characters.",
     {"min": 10}),
    ({"password_again": "een andere zin als wachtwoord"}, "The two passwords are not the same.", {}),
])
def test_register_with_bad_input_says_why_and_keeps_what_was_typed(app, client, typed, message, variables):
    response = client.post("/register", data=register_form(**typed))

    assert response.status_code == 200
    assert translated(message, **variables) in page_text(response)
    kept, typed_in = form_fields(response, containing="password_again"), register_form(**typed)
    assert (kept["name"], kept["email"]) == (typed_in["name"], typed_in["email"])
    assert kept["password"] == kept["password_again"] == "", "a password is never sent back"
    assert db.session.scalar(sa.select(User)) is None


def test_login_with_the_right_password(app, client, world):
    response = client.post("/login", data={"email": world.accounts["network"].email, "password": PASSWORD})

    assert response.status_code == 302
    assert is_logged_in(client)


def test_login_answers_the_same_for_an_unknown_address_and_a_wrong_password(app, world):
    known, unknown = app.test_client(), app.test_client()
    address = world.accounts["network"].email

    wrong_password = known.post("/login", data={"email": address, "password": "niet het wachtwoord"})
    no_account = unknown.post("/login", data={"email": "niemand@example.org", "password": "niet het wachtwoord"})

    assert wrong_password.status_code == no_account.status_code == 200
    message = translated("The e-mail address or the password is not right.")
    assert message in page_text(wrong_password)
    assert page_text(wrong_password).replace(address, "@") == page_text(no_account).replace("niemand@example.org", "@")
    assert not is_logged_in(known) and not is_logged_in(unknown)


def test_logout_is_a_post_with_a_csrf_token(app, client, world):
    client.post("/login", data={"email": world.accounts["family"].email, "password": PASSWORD})

    assert client.get("/logout").status_code == 405
    assert client.post("/logout", csrf=False).status_code == 400
    assert is_logged_in(client), "a logout without the token (say, from another site) does nothing"
    assert client.post("/logout").status_code == 302
    assert not is_logged_in(client)


def test_raising_the_session_version_ends_a_copied_session(app, world):
    """What "log out everywhere" builds on: an old cookie, copied or not, stops working."""
    original, copy = app.test_client(), app.test_client()
    original.post("/login", data={"email": world.accounts["family"].email, "password": PASSWORD})
    copy.set_cookie(app.config["SESSION_COOKIE_NAME"],
                    original.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)
    assert is_logged_in(original) and is_logged_in(copy)

    user = db.session.get(User, world.accounts["family"].id)
    user.session_version += 1
    db.session.commit()

    for client in (original, copy):
        response = client.get("/families/new")
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("next_url", [
    "https://evil.example/steal", "//evil.example/steal", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "https:evil.example",
])
def test_login_never_sends_anyone_to_another_site(app, client, world, next_url):
    response = client.post("/login", query_string={"next": next_url},
                           data={"email": world.accounts["family"].email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_goes_back_to_the_page_asked_for(app, client, world):
    asked = f"/families/{world.family.id}/people"
    assert client.get(asked).headers["Location"].startswith("/login?next=")

    response = client.post("/login", query_string={"next": asked},
                           data={"email": world.accounts["family"].email, "password": PASSWORD})

    assert response.headers["Location"] == asked


def test_the_language_form_refuses_a_redirect_away_too(app, client):
    response = client.post("/language", data={"language": "en", "next": "https://evil.example/"})
    assert response.status_code in (302, 303)
    assert "evil.example" not in response.headers["Location"]


def test_registering_refuses_a_redirect_away_in_its_confirmation_link(app, client):
    from tests.test_joining import confirmation_link

    client.post("/register", query_string={"next": "https://evil.example/"}, data=register_form())

    path, query = confirmation_link(app)
    assert "evil.example" not in query
    response = client.post(path, query_string={"next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response.headers["Location"]


def test_production_does_not_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_secret_key_and_secure_cookies(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-for-this-test")
    production = create_app("production", {"SQLALCHEMY_DATABASE_URI": database_url})
    assert production.secret_key == "a-long-random-secret-for-this-test"
    assert production.config["SESSION_COOKIE_SECURE"] is True
