"""Rate limits (Flask-Limiter) on login, the code step, password reset, password checks and
invitations; a friendly 429 page; and a Redis store that several app instances share.

Limits are off in the testing profile; this module turns them on with a fresh in-memory store per
app (so per test). Each client pretends to come from its own address through `REMOTE_ADDR`.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from limits import parse

from portal import create_app
from portal.auth import limits, services
from portal.extensions import db
from tests.accounts import world  # noqa: F401  (pages in English)
from tests.accounts import code_for, log_in
from tests.conftest import KringClient, page_text
from tests.factories import PASSWORD

REDIS_URI = "redis://127.0.0.1:6379"


@pytest.fixture()
def app_config() -> dict:
    return {"BABEL_DEFAULT_LOCALE": "en", "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch, world):
    """What is counted does not depend on how slow the password hash is; a cheap one keeps these
    many logins quick (argon2 with its real cost takes most of a second each on a busy machine)."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(services, "_hasher", cheap)
    monkeypatch.setattr(services, "_DUMMY_HASH", cheap.hash("kring-timing-equaliser"))
    for user in world.accounts.values():
        user.password_hash = cheap.hash(PASSWORD)
    db.session.commit()


def allowed(limit: str) -> int:
    return parse(limit).amount


def first_limit(step: str, counts: str, per: str) -> int:
    """How many tries the shortest window of this row of `limits.LOGIN_THROTTLES` allows."""
    [row] = [t for t in limits.LOGIN_THROTTLES if (t.step, t.counts, t.per) == (step, counts, per)]
    return parse(row.limits[0]).amount


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def assert_too_many(response) -> None:
    assert response.status_code == 429
    assert "Please wait a moment" in page_text(response)
    assert "Retry-After" in response.headers


def test_login_is_limited_per_address(app, world):
    client = from_address(app, "10.0.0.1")
    # Different accounts each time: the address is what is counted here.
    for attempt in range(first_limit(limits.PASSWORD, limits.ATTEMPTS, limits.PER_ADDRESS)):
        assert client.post("/login", data={"email": f"guess{attempt}@example.org",
                                           "password": "a wrong guess"}).status_code == 200
    assert_too_many(log_in(client, world.accounts["family"]))
    # The page itself still opens, and another address may still try.
    assert client.get("/login").status_code == 200
    assert log_in(from_address(app, "10.0.0.2"), world.accounts["family"]).status_code == 302


def test_failed_logins_are_limited_per_account_across_addresses(app, world):
    user = world.accounts["family"]
    per_pair = first_limit(limits.PASSWORD, limits.FAILURES, limits.PER_ACCOUNT_AND_ADDRESS)
    for attempt in range(first_limit(limits.PASSWORD, limits.FAILURES, limits.PER_ACCOUNT)):
        client = from_address(app, f"10.1.{attempt // per_pair}.1")
        assert log_in(client, user, password="a wrong guess").status_code == 200
    assert_too_many(log_in(from_address(app, "10.2.0.1"), user))
    # Other accounts are not affected.
    assert log_in(from_address(app, "10.2.0.2"), world.accounts["mentor"]).status_code == 302


def test_successful_logins_do_not_count_against_the_account(app, world):
    user = world.accounts["family"]
    per_address = first_limit(limits.PASSWORD, limits.ATTEMPTS, limits.PER_ADDRESS)
    for attempt in range(first_limit(limits.PASSWORD, limits.FAILURES, limits.PER_ACCOUNT) + 1):
        assert log_in(from_address(app, f"10.3.{attempt // per_address}.1"), user).status_code == 302


def test_the_code_step_is_limited(app, world):
    professional = world.accounts["professional"]
    client = from_address(app, "10.4.0.1")
    log_in(client, professional)
    wrong = f"{(int(code_for(professional.totp_secret)) + 1) % 1_000_000:06d}"
    for _ in range(first_limit(limits.CODE, limits.ATTEMPTS, limits.PER_ADDRESS)):
        assert client.post("/login/code", data={"code": wrong}).status_code == 200
    assert_too_many(client.post("/login/code", data={"code": code_for(professional.totp_secret)}))


def test_wrong_codes_are_limited_per_account_across_addresses(app, world):
    professional = world.accounts["professional"]
    wrong = f"{(int(code_for(professional.totp_secret)) + 1) % 1_000_000:06d}"
    per_pair = first_limit(limits.CODE, limits.FAILURES, limits.PER_ACCOUNT_AND_ADDRESS)
    failures = first_limit(limits.CODE, limits.FAILURES, limits.PER_ACCOUNT)
    for number in range(-(-failures // per_pair)):
        client = from_address(app, f"10.5.{number}.1")
        log_in(client, professional)
        for _ in range(min(per_pair, failures - number * per_pair)):
            assert client.post("/login/code", data={"code": wrong}).status_code == 200
    fresh = from_address(app, "10.5.99.1")
    log_in(fresh, professional)
    assert_too_many(fresh.post("/login/code", data={"code": code_for(professional.totp_secret)}))


def test_password_reset_requests_are_limited_per_address_and_per_email(app, world):
    email = world.accounts["family"].email
    for attempt in range(allowed(limits.RESET_REQUESTS_PER_EMAIL)):
        response = from_address(app, f"10.6.0.{attempt + 1}").post("/password/forgot", data={"email": email})
        assert response.status_code == 302
    assert_too_many(from_address(app, "10.6.1.1").post("/password/forgot", data={"email": email}))
    # An unknown address is limited the same way, so the limit does not tell them apart.
    for attempt in range(allowed(limits.RESET_REQUESTS_PER_EMAIL)):
        from_address(app, f"10.6.2.{attempt + 1}").post("/password/forgot", data={"email": "nobody@example.org"})
    assert_too_many(from_address(app, "10.6.3.1").post("/password/forgot", data={"email": "nobody@example.org"}))

    client = from_address(app, "10.6.4.1")
    for attempt in range(allowed(limits.RESET_REQUESTS_PER_ADDRESS)):
        assert client.post("/password/forgot", data={"email": f"someone{attempt}@example.org"}).status_code == 302
    assert_too_many(client.post("/password/forgot", data={"email": "one-more@example.org"}))


def test_setting_a_new_password_through_a_link_is_limited(app):
    client = from_address(app, "10.7.0.1")
    data = {"password": "whatever you like", "password_again": "whatever you like"}
    for attempt in range(allowed(limits.RESETS_PER_ADDRESS)):
        assert client.post(f"/password/reset/guess-{attempt}", data=data).status_code == 404
    assert_too_many(client.post("/password/reset/guess-again", data=data))


def test_password_checks_on_the_account_are_limited(app, auth):
    client = auth.login("family")
    data = {"current_password": "a wrong guess", "password": "a new sentence", "password_again": "a new sentence"}
    for _ in range(allowed(limits.PASSWORD_CHECKS_PER_ACCOUNT)):
        assert client.post("/account/password", data=data).status_code == 200
    assert_too_many(client.post("/account/password", data={**data, "current_password": PASSWORD}))


def test_joining_through_an_invitation_is_limited(app):
    client = from_address(app, "10.8.0.1")
    for attempt in range(20):
        assert client.post(f"/join/guess-{attempt}").status_code == 404
    assert_too_many(client.post("/join/guess-again"))


def test_making_invitations_is_limited(app, auth, world):
    client = auth.login("family")
    url = f"/families/{world.family.id}/people/{world.people['no_account'].id}/invite"
    for _ in range(30):
        assert client.post(url, data={"invite_how": "nonsense"}).status_code == 200
    assert_too_many(client.post(url, data={"invite_how": "link"}))


# --- a store shared between app instances -------------------------------------------------

_OTHER_INSTANCE = """
import sys
from portal import create_app
database_url, storage, address, email = sys.argv[1:5]
app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
                             "RATELIMIT_STORAGE_URI": storage, "WTF_CSRF_ENABLED": False})
client = app.test_client()
client.environ_base["REMOTE_ADDR"] = address
print(client.post("/login", data={"email": email, "password": "a wrong guess"}).status_code)
"""


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def _login_from_another_instance(database_url: str, storage: str, address: str, email: str) -> int:
    """One failed login from a separate process: another worker, with its own app and limiter."""
    done = subprocess.run([sys.executable, "-c", _OTHER_INSTANCE, database_url, storage, address, email],
                          cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_two_app_instances_share_the_count_in_redis(app, database_url):
    import redis

    # A unique address and e-mail keep this run's counters apart from anyone else's.
    marker = uuid.uuid4().hex[:8]
    address = f"10.{int(marker[:2], 16)}.{int(marker[2:4], 16)}.{int(marker[4:6], 16)}"
    email = f"limit-{marker}@example.org"
    first = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
                                   "RATELIMIT_STORAGE_URI": REDIS_URI, "BABEL_DEFAULT_LOCALE": "en"})
    store = redis.Redis.from_url(REDIS_URI)
    try:
        first.test_client_class = KringClient
        client = from_address(first, address)
        for _ in range(first_limit(limits.PASSWORD, limits.FAILURES, limits.PER_ACCOUNT_AND_ADDRESS)):
            assert client.post("/login", data={"email": email, "password": "a wrong guess"}).status_code == 200
        # Another instance on the same store refuses the next attempt; one on its own memory does not.
        assert _login_from_another_instance(database_url, REDIS_URI, address, email) == 429
        assert _login_from_another_instance(database_url, "memory://", address, email) == 200
    finally:
        for pattern in (f"*{address}*", f"*{email}*"):
            for key in store.scan_iter(match=pattern):
                store.delete(key)
        store.close()
        with first.app_context():
            db.engine.dispose()

