"""Password reset by e-mail: one answer for every address, a link that works once and for an
hour, stored only as a hash; it ends every session and never bypasses two-factor login."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.auth.models import PasswordReset
from portal.auth.tokens import hash_token
from portal.auth.twofactor import enable_two_factor, new_secret
from portal.extensions import db, utcnow
from tests.accounts import app_config, world  # noqa: F401  (pages in English)
from tests.accounts import code_for, copy_session, is_logged_in, log_in, outbox
from tests.conftest import page_text

NEW_PASSWORD = "after the reset, this"
LINK = re.compile(r"https?://\S+/password/reset/([A-Za-z0-9_-]+)")


def _ask_for_link(client, email: str):
    return client.post("/password/forgot", data={"email": email})


def _token_from_mail(app) -> str:
    messages = outbox(app)
    assert messages, "a mail was sent"
    return LINK.search(messages[-1].get_content()).group(1)


def _reset(client, token: str, password: str = NEW_PASSWORD):
    return client.post(f"/password/reset/{token}", data={"password": password, "password_again": password})


@pytest.fixture()
def user(world):
    return world.accounts["family"]


def test_the_answer_is_the_same_whether_or_not_the_address_exists(app, user):
    answers = []
    for address in (user.email, "nobody@example.org"):
        client = app.test_client()
        response = _ask_for_link(client, address)
        answers.append((response.status_code, response.headers["Location"], page_text(client.get("/login"))))
    assert answers[0] == answers[1]
    assert answers[0][:2] == (302, "/login")
    assert "If there is an account with this address" in answers[0][2]
    assert [mail["To"] for mail in outbox(app)] == [user.email]


def test_the_link_works_once_and_sets_the_new_password(app, client, user):
    _ask_for_link(client, user.email)
    token = _token_from_mail(app)
    assert client.get(f"/password/reset/{token}").status_code == 200
    response = _reset(client, token)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Your new password is set" in page_text(client.get("/login"))
    assert log_in(app.test_client(), user, password=NEW_PASSWORD).status_code == 302
    assert log_in(app.test_client(), user).status_code == 200  # the old password no longer works

    again = _reset(app.test_client(), token, "yet another password")
    assert again.status_code == 404
    assert "This link does not work" in page_text(again)
    assert log_in(app.test_client(), user, password=NEW_PASSWORD).status_code == 302


def test_only_a_hash_of_the_token_is_stored(app, client, user):
    _ask_for_link(client, user.email)
    token = _token_from_mail(app)
    stored = db.session.scalars(sa.select(PasswordReset.token_hash)).all()
    assert stored == [hash_token(token)]
    assert token not in stored


def test_the_link_expires_after_an_hour(app, client, user):
    _ask_for_link(client, user.email)
    token = _token_from_mail(app)
    reset = db.session.scalar(sa.select(PasswordReset))
    assert timedelta(minutes=59) < reset.expires_at - utcnow() <= timedelta(minutes=60)
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/password/reset/{token}").status_code == 404
    assert _reset(client, token).status_code == 404
    assert log_in(app.test_client(), user).status_code == 302  # the password stayed


def test_a_made_up_link_does_not_work(client):
    response = client.get("/password/reset/not-a-real-token")
    assert response.status_code == 404
    assert "Ask for a new link" in page_text(response)


def test_using_one_link_voids_the_others(app, user):
    _ask_for_link(app.test_client(), user.email)
    first = _token_from_mail(app)
    _ask_for_link(app.test_client(), user.email)
    second = _token_from_mail(app)
    assert first != second
    assert _reset(app.test_client(), second).status_code == 302
    assert _reset(app.test_client(), first).status_code == 404


def test_a_reset_ends_every_session_and_logs_nobody_in(app, user):
    laptop, copy = app.test_client(), app.test_client()
    log_in(laptop, user)
    copy_session(laptop, copy)
    stranger = app.test_client()
    _ask_for_link(stranger, user.email)
    _reset(stranger, _token_from_mail(app))
    assert not is_logged_in(laptop)
    assert not is_logged_in(copy)
    assert not is_logged_in(stranger)


def test_a_reset_does_not_bypass_two_factor_login(app, user):
    enable_two_factor(user, new_secret())
    db.session.commit()
    client = app.test_client()
    _ask_for_link(client, user.email)
    _reset(client, _token_from_mail(app))
    assert not is_logged_in(client)
    response = log_in(client, user, password=NEW_PASSWORD)
    assert response.headers["Location"].endswith("/login/code")
    assert not is_logged_in(client)
    client.post("/login/code", data={"code": code_for(user.totp_secret)})
    assert is_logged_in(client)


def test_a_bad_new_password_is_explained(app, client, user):
    _ask_for_link(client, user.email)
    token = _token_from_mail(app)
    response = client.post(f"/password/reset/{token}", data={"password": "short", "password_again": "short"})
    assert response.status_code == 200
    assert "Choose a password of at least 10 characters" in page_text(response)
    response = client.post(f"/password/reset/{token}",
                           data={"password": NEW_PASSWORD, "password_again": "not the same at all"})
    assert "The two passwords are not the same" in page_text(response)
    # The link is still good after a form with mistakes.
    assert _reset(client, token).status_code == 302


def test_a_bad_address_is_explained_and_kept(client):
    response = client.post("/password/forgot", data={"email": "not an address"})
    assert response.status_code == 200
    assert "This does not look like an e-mail address" in page_text(response)
    assert 'value="not an address"' in response.get_data(as_text=True)


def test_the_login_page_links_to_the_reset(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)


def test_a_logged_in_user_is_sent_to_change_the_password(auth):
    response = auth.login("family").get("/password/forgot")
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"
