"""Helpers for the account-security tests: log in through the real forms, read codes and mail."""
from __future__ import annotations

import email
import email.policy
import time
from email.message import EmailMessage
from pathlib import Path

import pyotp
import pytest

from portal.extensions import db
from tests.factories import PASSWORD, UserFactory


# These tests read pages in English, the source language, so that they do not change when the Dutch
# catalog is worded differently. A test module opts in with
# `from tests.accounts import app_config, world  # noqa: F401`.
@pytest.fixture()
def app_config() -> dict:
    return {"BABEL_DEFAULT_LOCALE": "en"}


@pytest.fixture()
def world(english):
    for key, user in english.accounts.items():
        # The login form checks addresses like a mail server would, and refuses the .test domain.
        user.email = f"{key}@example.org"
    db.session.commit()
    return english


def new_user(**fields):
    """An account outside the world's families, with an address the login form accepts."""
    user = UserFactory(locale="en", **fields)
    user.email = fields.get("email", f"user{user.id}@example.org")
    db.session.commit()
    return user


def log_in(client, user, password: str = PASSWORD, next_url: str | None = None):
    """Send the login form; returns the response (not followed)."""
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": user.email, "password": password})


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `secret` now (or `steps_ahead` steps later)."""
    return pyotp.TOTP(secret).generate_otp(int(time.time()) // 30 + steps_ahead)


def log_in_with_code(client, user, code: str | None = None):
    """Password step, then code step; returns the response of the code step."""
    first = log_in(client, user)
    assert first.status_code == 302 and first.headers["Location"].endswith("/login/code"), first.status_code
    return client.post("/login/code", data={"code": code or code_for(user.totp_secret)})


def session_cookie(client) -> str:
    cookie = client.get_cookie(client.application.config["SESSION_COOKIE_NAME"])
    assert cookie is not None, "this client has no session cookie"
    return cookie.value


def copy_session(source, target) -> None:
    """Give `target` the session cookie of `source`, as someone who copied it would."""
    target.set_cookie(source.application.config["SESSION_COOKIE_NAME"], session_cookie(source))


def is_logged_in(client) -> bool:
    """Whether the account page opens (instead of sending the visitor to the login page)."""
    response = client.get("/account")
    if response.status_code == 200:
        return True
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"], response.status_code
    return False


def outbox(app) -> list[EmailMessage]:
    """The mail written to the outbox (no MAIL_SERVER in tests), oldest first."""
    folder = Path(app.instance_path) / "outbox"
    if not folder.exists():
        return []
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(folder.glob("*.eml"))]
