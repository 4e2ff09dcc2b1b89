"""Headers on every response (error pages too), no caching of pages, CSRF on every form, and
session cookies scripts cannot read."""
from __future__ import annotations

import pytest

from portal.security import CONTENT_SECURITY_POLICY

EXPECTED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_protected(response) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, f"{name} on a {response.status_code} response"
    assert "camera=()" in response.headers.get("Permissions-Policy", "")
    assert response.headers.get("Cache-Control") == "no-store", "pages carry personal data"


def test_the_policy_forbids_inline_scripts_and_framing():
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'" and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_a_normal_page_is_protected(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_protected(response)


def test_a_family_page_is_protected(auth, world):
    response = auth.login("family").get(f"/families/{world.family.id}/people")
    assert response.status_code == 200
    assert_protected(response)


@pytest.mark.parametrize("method, path, role, status", [
    ("GET", "/no-such-page", None, 404),
    ("GET", "/families/{other}/people", "family", 404),
    ("GET", "/families/{family}/tasks/new", "network", 403),
    ("GET", "/logout", "family", 405),
    ("POST", "/register", None, 400),  # without the CSRF token
])
def test_error_pages_are_protected_too(app, auth, world, method, path, role, status):
    client = auth.login(role) if role else app.test_client()
    url = path.format(family=world.family.id, other=world.other_family.id)
    response = client.get(url) if method == "GET" else client.post(url, data={}, csrf=False)
    assert response.status_code == status
    assert_protected(response)


def test_static_files_may_be_cached(client):
    response = client.get("/static/kring.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


@pytest.mark.parametrize("url", ["/register", "/login", "/families/new", "/language"])
def test_every_form_needs_the_csrf_token(app, auth, url):
    client = auth.login("family") if url == "/families/new" else app.test_client()
    assert client.post(url, data={"name": "x"}, csrf=False).status_code == 400


def test_the_session_cookie_is_out_of_reach_of_scripts(app, client, world):
    from tests.factories import PASSWORD

    response = client.post("/login", data={"email": world.accounts["family"].email, "password": PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith(app.config["SESSION_COOKIE_NAME"] + "="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
