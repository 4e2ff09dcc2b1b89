"""Sessions end when they should: logout, a password change and "log out everywhere else" make a
copied session cookie worthless at once, and a professional idle for 30 minutes is logged out."""
from __future__ import annotations

import time

import pytest

from portal.auth.sessions import LAST_SEEN_KEY
from portal.extensions import db
from tests.accounts import app_config, world  # noqa: F401  (pages in English)
from tests.accounts import copy_session, is_logged_in, log_in, log_in_with_code, session_cookie
from tests.conftest import page_text
from tests.factories import PASSWORD

NEW_PASSWORD = "a brand new sentence"


@pytest.fixture()
def original_and_copy(app, world):
    """A browser that logged in through the form, and a second one holding a copy of its cookie."""
    original, thief = app.test_client(), app.test_client()
    assert log_in(original, world.accounts["family"]).status_code == 302
    copy_session(original, thief)
    assert is_logged_in(original) and is_logged_in(thief)
    return original, thief


def test_logout_makes_a_copied_cookie_worthless(original_and_copy):
    original, thief = original_and_copy
    response = original.post("/logout")
    assert response.status_code == 302
    assert not is_logged_in(original)
    assert not is_logged_in(thief)


def test_logout_ends_the_other_devices_too(app, world, original_and_copy):
    original, _ = original_and_copy
    phone = app.test_client()
    log_in(phone, world.accounts["family"])
    original.post("/logout")
    assert not is_logged_in(phone)


def test_a_replayed_cookie_from_before_logout_does_not_log_in_again(app, world):
    client = app.test_client()
    log_in(client, world.accounts["family"])
    old_cookie = session_cookie(client)
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    response = replay.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_change_ends_every_other_session_and_keeps_this_one(original_and_copy, world):
    original, thief = original_and_copy
    response = original.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(original)
    assert not is_logged_in(thief)


def test_a_password_change_needs_the_current_password_and_keeps_what_was_typed(auth, world):
    client = auth.login("family")
    response = client.post("/account/password", data={
        "current_password": "a wrong guess", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 200
    assert "This is not your current password" in page_text(response)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": "something else"})
    assert response.status_code == 200
    assert "The two passwords are not the same" in page_text(response)
    db.session.refresh(world.accounts["family"])
    assert world.accounts["family"].session_version == 1


def test_after_a_password_change_only_the_new_password_works(app, auth, world):
    user = world.accounts["family"]
    auth.login("family").post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert log_in(app.test_client(), user).status_code == 200
    assert log_in(app.test_client(), user, password=NEW_PASSWORD).status_code == 302


def test_log_out_everywhere_else_ends_copies_and_keeps_this_session(original_and_copy):
    original, thief = original_and_copy
    response = original.post("/account/sessions/end")
    assert response.status_code == 303
    assert "You are logged out on every other device" in page_text(original.get("/account"))
    assert is_logged_in(original)
    assert not is_logged_in(thief)


def test_the_thief_cannot_end_the_owners_session_with_a_stale_cookie(original_and_copy):
    original, thief = original_and_copy
    original.post("/account/sessions/end")
    response = thief.post("/account/sessions/end")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert is_logged_in(original)


def test_login_starts_a_clean_session(app, world):
    """Nothing planted in the session before the login survives it (no session fixation)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    before = session_cookie(client)
    log_in(client, world.accounts["family"])
    assert session_cookie(client) != before
    with client.session_transaction() as session:
        assert "planted" not in session


# --- professionals: 30 minutes idle -------------------------------------------------------

def _idle(client, minutes: float) -> None:
    """Pretend the last request of `client` was `minutes` ago."""
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] = int(time.time() - minutes * 60)


@pytest.fixture()
def professional(app, world):
    client = app.test_client()
    assert log_in_with_code(client, world.accounts["professional"]).status_code == 302
    return client


def test_a_professional_idle_for_31_minutes_is_logged_out(professional, world):
    _idle(professional, 31)
    response = professional.get(f"/families/{world.family.id}/")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=")
    assert "because you were away for a while" in page_text(professional.get("/login"))
    assert not is_logged_in(professional)


def test_a_professional_idle_for_29_minutes_stays_logged_in_and_the_clock_restarts(professional, world):
    _idle(professional, 29)
    assert is_logged_in(professional)
    with professional.session_transaction() as session:
        assert time.time() - session[LAST_SEEN_KEY] < 60
    _idle(professional, 29)
    assert is_logged_in(professional)


def test_a_post_after_the_idle_limit_does_nothing(professional, world):
    _idle(professional, 45)
    response = professional.post("/account/sessions/end")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    db.session.refresh(world.accounts["professional"])
    assert world.accounts["professional"].session_version == 1


def test_others_are_not_logged_out_for_being_idle(app, world):
    client = app.test_client()
    log_in(client, world.accounts["family"])
    _idle(client, 8 * 60)
    assert is_logged_in(client)


def test_the_idle_limit_is_configurable(app, professional):
    app.config["PROFESSIONAL_IDLE_MINUTES"] = 5
    _idle(professional, 6)
    assert not is_logged_in(professional)


# --- the account page -----------------------------------------------------------------------

def test_the_account_page_offers_every_setting(auth, world):
    text = page_text(auth.login("family").get("/account"))
    for offer in ("Change your password", "Turn on two-factor login", "Log out everywhere else", "Save language"):
        assert offer in text
    assert world.accounts["family"].email in text


def test_the_language_can_be_changed_on_the_account_page(auth, world):
    client = auth.login("family")
    response = client.post("/language", data={"language": "nl", "next": "/account"})
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    db.session.refresh(world.accounts["family"])
    assert world.accounts["family"].locale == "nl"
    assert 'lang="nl"' in client.get("/account").get_data(as_text=True)


def test_the_header_links_to_the_account_page(auth):
    html = auth.login("family").get("/account").get_data(as_text=True)
    assert 'href="/account"' in html
