"""Security headers on every response: pages, error pages (404, 500, 429, CSRF) and static files;
no inline scripts or styles for the CSP to trip over; secure cookie flags in production."""
from __future__ import annotations

import re

import pytest

from portal import create_app
from portal.extensions import db
from tests.accounts import app_config, world  # noqa: F401  (pages in English)
from tests.accounts import code_for, log_in
from tests.conftest import KringClient


def assert_security_headers(response, personal: bool = True) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    if personal:
        assert headers["Cache-Control"] == "no-store"


@pytest.fixture()
def make_app(database_url, tmp_path):
    """Extra apps for one test (a failing route, rate limits on, production); cleaned up after."""
    made = []

    def make(profile: str = "testing", **overrides):
        app = create_app(profile, {"SQLALCHEMY_DATABASE_URI": database_url, "BABEL_DEFAULT_LOCALE": "en",
                                   **overrides})
        app.instance_path = str(tmp_path / f"instance-{len(made)}")
        app.test_client_class = KringClient
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def test_an_ordinary_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_a_page_with_personal_data(auth, world):
    response = auth.login("family").get(f"/families/{world.family.id}/", follow_redirects=True)
    assert response.status_code == 200
    assert_security_headers(response)


def test_not_found(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert_security_headers(response)


def test_a_server_error(make_app):
    app = make_app()

    @app.route("/boom")
    def boom():
        raise RuntimeError("something broke")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "something broke" not in response.get_data(as_text=True)
    assert_security_headers(response)


def test_too_many_requests(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    responses = [client.post("/password/reset/nothing", data={}) for _ in range(11)]
    assert responses[-1].status_code == 429
    assert_security_headers(responses[-1])


def test_a_form_without_its_csrf_token(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x"}, csrf=False)
    assert response.status_code == 400
    assert_security_headers(response)


def test_static_files_have_the_headers_but_may_be_cached(client):
    response = client.get("/static/kring.css")
    assert response.status_code == 200
    assert_security_headers(response, personal=False)
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def test_the_account_pages_have_no_inline_scripts_or_styles(app, auth, world):
    anonymous = app.test_client()
    family = auth.login("family")
    pages = [anonymous.get(url) for url in ("/", "/login", "/register", "/password/forgot", "/password/reset/x")]
    pages += [family.get(url) for url in ("/account", "/account/password", "/account/two-factor")]
    secret = re.search(r'secret-key">([A-Z2-7 ]+)<', pages[-1].get_data(as_text=True)).group(1).replace(" ", "")
    pages.append(family.post("/account/two-factor", data={"code": code_for(secret)}))  # the recovery codes
    pages.append(family.get("/account/two-factor/off"))
    two_factor = app.test_client()
    log_in(two_factor, world.accounts["professional"])
    pages.append(two_factor.get("/login/code"))
    for page in pages:
        html = page.get_data(as_text=True)
        assert page.status_code in (200, 404), page.request.path
        assert not INLINE_SCRIPT.search(html), page.request.path
        assert not EVENT_HANDLER.search(html), page.request.path
        assert not STYLE_ATTRIBUTE.search(html), page.request.path
        assert_security_headers(page)


def test_production_cookies_are_secure(make_app):
    app = make_app("production", SECRET_KEY="a-test-secret-of-sufficient-length-0123456789")
    response = app.test_client().get("/login", base_url="https://localhost")
    assert response.status_code == 200
    assert_security_headers(response)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("__Host-"))
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite", "path"} <= flags
    assert "domain" not in flags
    assert "SameSite=Lax" in cookie and "Path=/" in cookie
    for name in ("REMEMBER_COOKIE_SECURE", "REMEMBER_COOKIE_HTTPONLY", "SESSION_COOKIE_SECURE",
                 "SESSION_COOKIE_HTTPONLY"):
        assert app.config[name] is True, name
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_the_development_profile_does_not_demand_https(make_app):
    app = make_app("development", SECRET_KEY="a-development-secret-0123456789")
    response = app.test_client().get("/login")
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers.get("Set-Cookie", "")
