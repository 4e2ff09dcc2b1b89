"""While the database is unreachable, every page answers a calm 503 in the visitor's language,
rendered without the database; once the database is back, the next request works again."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from portal.extensions import db
from portal.security import CONTENT_SECURITY_POLICY
from tests.conftest import translated
from tests.factories import PASSWORD

OUTAGE_TITLE = "Kring cannot be reached right now"


@pytest.fixture()
def app_config() -> dict:
    # As in production: an error that escapes the handlers must not reach the test as an exception.
    return {"PROPAGATE_EXCEPTIONS": False}


@contextmanager
def database_down():
    """Every statement fails as a dropped connection does (the driver's "connection refused")."""
    def refuse(*args, **kwargs):
        raise sa_exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)


def assert_outage_page(response, locale: str = "nl") -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    html = response.get_data(as_text=True)
    assert translated(OUTAGE_TITLE, locale) in html
    assert f'<html lang="{locale}"' in html


def test_a_logged_in_member_gets_the_calm_dutch_page_and_then_kring_again(auth, world):
    client = auth.login("family")
    url = f"/families/{world.family.id}/tasks"
    with database_down():
        response = client.get(url)
    assert_outage_page(response)
    assert "Kring is even niet bereikbaar" in response.get_data(as_text=True)
    # Recovered: the same client, the same page, no restart.
    assert client.get(url).status_code == 200


def test_an_anonymous_visitor_logging_in_gets_the_page_too(client, world):
    email = world.accounts["family"].email
    with database_down():
        response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert_outage_page(response)


def test_the_language_cookie_is_honoured_without_the_database(auth, world):
    client = auth.login("family")
    client.set_cookie("kring_lang", "en")
    url = f"/families/{world.family.id}/tasks"
    with database_down():
        response = client.get(url)
    assert_outage_page(response, "en")


def test_an_error_page_that_needs_the_database_becomes_the_outage_page(auth, world):
    """The 404 page shows the account, which needs the database: that failure is an outage too, not a
    bare 500."""
    client = auth.login("family")
    with database_down():
        response = client.get("/no/such/page")
    assert_outage_page(response)


def test_a_mistake_in_a_query_is_still_a_500_not_an_outage(app, auth, world, monkeypatch):
    def broken_query():
        raise sa_exc.ProgrammingError("SELECT nonsense", {}, Exception("syntax error"))

    # The app is shared by the run and has served requests: swap a view rather than add a route.
    monkeypatch.setitem(app.view_functions, "main.index", broken_query)
    response = auth.login("family").get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
