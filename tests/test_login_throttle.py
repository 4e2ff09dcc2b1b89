"""Login throttles (security finding 5): nobody can lock the owner out.

Failures count per account and client address, per address, and per account from anywhere; the
last one does not hold back the owner's known devices. The owner is told by mail, once per window.
The counts live in the limiter's storage, so two processes on one Redis share them.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import types
import uuid
from pathlib import Path

import limits.storage.memory
import pytest
from limits import parse

from portal.auth import limits as auth_limits
from portal.auth.limits import CODE, FAILURES, PASSWORD, PER_ACCOUNT, PER_ACCOUNT_AND_ADDRESS
from portal.extensions import db
from tests.accounts import world  # noqa: F401  (pages in English)
from tests.accounts import code_for, is_logged_in, log_in, log_in_with_code, outbox
from tests.conftest import page_text, translated
from tests.factories import PASSWORD as RIGHT_PASSWORD
from tests.test_rate_limits import cheap_password_hashing, first_limit, from_address  # noqa: F401

WRONG = "a wrong guess"


@pytest.fixture()
def app_config() -> dict:
    return {"BABEL_DEFAULT_LOCALE": "en", "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def assert_wait(response, email: str | None = None) -> None:
    assert response.status_code == 429
    assert "Please wait a moment and try again" in page_text(response)
    assert int(response.headers["Retry-After"]) > 0
    if email:
        # What was typed stays, so the owner only has to type the password again.
        assert f'value="{email}"' in response.get_data(as_text=True)


def wrong_code(secret: str) -> str:
    return f"{(int(code_for(secret)) + 1) % 1_000_000:06d}"


def fail_until_refused(client, user, limit: int = 50) -> int:
    """Wrong passwords until the client is asked to wait; returns how many were answered."""
    for tries in range(limit):
        response = log_in(client, user, password=WRONG)
        if response.status_code == 429:
            return tries
        assert response.status_code == 200
    raise AssertionError("never refused")


def test_the_thresholds_are_a_table_that_never_locks_for_good():
    for throttle in auth_limits.LOGIN_THROTTLES:
        windows = [parse(text) for text in throttle.limits]
        # Short to long, each allowing more: the wait grows with the tries ...
        assert [w.get_expiry() for w in windows] == sorted(w.get_expiry() for w in windows)
        assert [w.amount for w in windows] == sorted(w.amount for w in windows)
        # ... and always ends: no window is longer than a day.
        assert max(w.get_expiry() for w in windows) <= 24 * 3600
    for step in (PASSWORD, CODE):
        # One address alone can never use up what the account allows from everywhere.
        [pair] = [t for t in auth_limits.LOGIN_THROTTLES if (t.step, t.per) == (step, PER_ACCOUNT_AND_ADDRESS)]
        [account] = [t for t in auth_limits.LOGIN_THROTTLES if (t.step, t.per) == (step, PER_ACCOUNT)]
        assert account.known_devices_exempt and not pair.known_devices_exempt
        pair_allows = {parse(text).get_expiry(): parse(text).amount for text in pair.limits}
        for window in map(parse, account.limits):
            assert pair_allows[window.get_expiry()] < window.amount


def test_wrong_passwords_slow_down_that_account_at_that_address_only(app, world):
    owner = world.accounts["family"]
    attacker = from_address(app, "10.20.0.1")
    assert fail_until_refused(attacker, owner) == first_limit(PASSWORD, FAILURES, PER_ACCOUNT_AND_ADDRESS)
    # Even the right password waits there, and the page says so in words, keeping the address typed.
    assert_wait(log_in(attacker, owner), email=owner.email)
    # Another account from the same address, and the owner elsewhere, are not slowed.
    assert log_in(attacker, world.accounts["mentor"]).status_code == 302
    assert log_in(from_address(app, "10.20.0.2"), owner).status_code == 302


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(app, world):
    owner = world.accounts["family"]
    # A few addresses, each guessing until it is made to wait: under the old rule (30 failures an
    # hour per account from anywhere) three addresses were enough to keep out the right password.
    for number in range(3):
        fail_until_refused(from_address(app, f"10.21.{number}.1"), owner)
    # The owner, on a browser never used before, still gets in with the right password.
    assert log_in(from_address(app, "10.21.99.1"), owner).status_code == 302


def test_a_known_device_gets_in_while_the_account_is_guessed_from_everywhere(app, world):
    owner = world.accounts["family"]
    laptop = from_address(app, "10.22.0.1")
    assert log_in(laptop, owner).status_code == 302
    assert laptop.get_cookie("kring_device") is not None
    laptop.post("/logout")

    per_pair = first_limit(PASSWORD, FAILURES, PER_ACCOUNT_AND_ADDRESS)
    for attempt in range(first_limit(PASSWORD, FAILURES, PER_ACCOUNT)):
        assert log_in(from_address(app, f"10.23.{attempt // per_pair}.1"), owner, password=WRONG).status_code == 200

    # A browser that is not known waits, even with the right password, even at the owner's address ...
    assert_wait(log_in(from_address(app, "10.22.0.1"), owner), email=owner.email)
    forged = from_address(app, "10.22.0.1")
    forged.set_cookie("kring_device", laptop.get_cookie("kring_device").value[:-2] + "xx")
    assert_wait(log_in(forged, owner))
    # ... a cookie of another account does not count ...
    other = from_address(app, "10.22.0.2")
    assert log_in(other, world.accounts["mentor"]).status_code == 302
    other.post("/logout")
    assert_wait(log_in(other, owner))
    # ... but the owner's own laptop gets in.
    assert log_in(laptop, owner).status_code == 302
    assert is_logged_in(laptop)


def test_the_known_device_cookie_is_out_of_reach_of_scripts_and_https_only_in_production(app, world):
    from portal.config import ProductionConfig

    response = log_in(from_address(app, "10.22.9.1"), world.accounts["family"])
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("kring_device="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    # In production the __Host- prefix makes browsers demand Secure (taken from SESSION_COOKIE_SECURE).
    assert ProductionConfig.KNOWN_DEVICE_COOKIE_NAME.startswith("__Host-") and ProductionConfig.SESSION_COOKIE_SECURE


def test_the_owner_is_mailed_once_per_window_in_their_language(app, world, monkeypatch):
    owner = world.accounts["family"]
    owner.locale = "nl"
    db.session.commit()
    per_pair = first_limit(PASSWORD, FAILURES, PER_ACCOUNT_AND_ADDRESS)
    [notice] = [n for n in auth_limits.FAILURE_NOTICES if n.step == PASSWORD]
    threshold = parse(notice.after)

    def fail(count: int, network: int) -> None:
        for attempt in range(count):
            client = from_address(app, f"10.{network}.{attempt // per_pair}.1")
            assert log_in(client, owner, password=WRONG).status_code == 200

    fail(threshold.amount - 1, 24)
    assert outbox(app) == []
    fail(1, 25)
    [mail] = outbox(app)
    assert mail["To"] == owner.email
    assert mail["Subject"] == translated("Someone tried to log in to your Kring account", "nl")
    assert "wachtwoord" in mail.get_content()
    # More failures in the same window: no second mail.
    fail(threshold.amount, 26)
    assert len(outbox(app)) == 1

    # A window later (a clock moved on, not waited for), new failures bring one new mail.
    later = types.SimpleNamespace(time=lambda: _real_time() + threshold.get_expiry() + 1)
    monkeypatch.setattr(limits.storage.memory, "time", later)
    fail(threshold.amount + 2, 27)
    assert len(outbox(app)) == 2


def _real_time() -> float:
    import time
    return time.time()


def test_an_unknown_address_is_throttled_like_an_account_and_mails_nobody(app, world):
    client = from_address(app, "10.28.0.1")
    stranger = types.SimpleNamespace(email="nobody-here@example.org")
    assert fail_until_refused(client, stranger) == first_limit(PASSWORD, FAILURES, PER_ACCOUNT_AND_ADDRESS)
    assert outbox(app) == []


# --- the code step ----------------------------------------------------------------------------

def test_wrong_codes_slow_down_per_account_and_address(app, world):
    professional = world.accounts["professional"]
    per_pair = first_limit(CODE, FAILURES, PER_ACCOUNT_AND_ADDRESS)
    guessers = [from_address(app, f"10.30.{number}.1") for number in range(2)]
    for guesser in guessers:
        log_in(guesser, professional)
        for _ in range(per_pair):
            assert guesser.post("/login/code", data={"code": wrong_code(professional.totp_secret)}).status_code == 200
    # At those addresses even the right code waits now ...
    refused = guessers[0].post("/login/code", data={"code": code_for(professional.totp_secret)})
    assert_wait(refused)
    # ... but the account is not locked: under the old rule (10 wrong codes an hour per account)
    # these two addresses kept everyone out.
    owner = from_address(app, "10.30.99.1")
    assert log_in_with_code(owner, professional).status_code == 302
    # The owner heard of it, once: someone knew the password.
    [mail] = outbox(app)
    assert mail["To"] == professional.email
    assert "wrong code" in mail.get_content()


def test_the_right_code_from_a_known_device_works_while_codes_are_guessed_from_everywhere(app, world):
    professional = world.accounts["professional"]
    laptop = from_address(app, "10.31.0.1")
    assert log_in_with_code(laptop, professional).status_code == 302
    laptop.post("/logout")

    per_pair = first_limit(CODE, FAILURES, PER_ACCOUNT_AND_ADDRESS)
    failures = first_limit(CODE, FAILURES, PER_ACCOUNT)
    for number in range(-(-failures // per_pair)):
        guesser = from_address(app, f"10.32.{number}.1")
        log_in(guesser, professional)
        for _ in range(min(per_pair, failures - number * per_pair)):
            assert guesser.post("/login/code", data={"code": wrong_code(professional.totp_secret)}).status_code == 200

    stranger = from_address(app, "10.31.0.2")
    log_in(stranger, professional)
    assert_wait(stranger.post("/login/code", data={"code": code_for(professional.totp_secret, 1)}))
    # The next code of the app (the one before was used by the laptop's first login).
    assert log_in_with_code(laptop, professional, code_for(professional.totp_secret, 1)).status_code == 302
    assert is_logged_in(laptop)


# --- two processes, one Redis -----------------------------------------------------------------

REDIS_DB = "redis://127.0.0.1:6379/3"

_WORKER = """
import json, sys
from portal import create_app
settings = json.loads(sys.argv[1])
app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": settings["database_url"], "RATELIMIT_ENABLED": True,
                             "RATELIMIT_STORAGE_URI": settings["storage"], "RATELIMIT_KEY_PREFIX": settings["prefix"],
                             "WTF_CSRF_ENABLED": False})
app.instance_path = settings["instance"]
print("ready", flush=True)
for line in sys.stdin:  # one round per line: {"address": ..., "passwords": [...]}
    round = json.loads(line)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = round["address"]
    statuses = [client.post("/login", data={"email": settings["email"], "password": password}).status_code
                for password in round["passwords"]]
    print(json.dumps(statuses), flush=True)
"""


class AppProcess:
    """Kring in a process of its own (as a second gunicorn worker is), started once and then asked
    for rounds of logins: `process.log_in(address, passwords)` gives the status of each."""

    def __init__(self, settings: dict, errors: Path):
        self._errors = errors.open("w")  # a file, not a pipe: a chatty process never blocks on it
        self._process = subprocess.Popen([sys.executable, "-c", _WORKER, json.dumps(settings)],
                                         cwd=Path(__file__).resolve().parent.parent, text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors)

    def _answer(self) -> str:
        line = self._process.stdout.readline()
        if not line:
            self._process.wait(timeout=10)
            raise AssertionError(f"the app process stopped: {Path(self._errors.name).read_text()}")
        return line.strip()

    def log_in(self, address: str, passwords: list[str]) -> list[int]:
        self._process.stdin.write(json.dumps({"address": address, "passwords": passwords}) + "\n")
        self._process.stdin.flush()
        return json.loads(self._answer())

    def wait_until_ready(self) -> "AppProcess":
        assert self._answer() == "ready"
        return self

    def stop(self) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._process.stdout.close()
        self._errors.close()


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running on 127.0.0.1:6379, so there is "
                                                   "no shared store for two processes to count in")
def test_two_processes_share_the_throttle_and_the_one_mail_through_redis(app, world, database_url, tmp_path):
    import redis

    owner = world.accounts["family"]
    # Its own key prefix: this run's counts never meet anyone else's in the shared database.
    prefix = f"kring-test-{uuid.uuid4().hex}"
    store = redis.Redis.from_url(REDIS_DB)

    def start(name: str, storage: str = REDIS_DB) -> AppProcess:
        return AppProcess({"database_url": database_url, "storage": storage, "prefix": prefix,
                           "instance": str(tmp_path / name), "email": owner.email},
                          errors=tmp_path / f"{name}.err")

    # Three processes start side by side: two on the shared Redis, one counting in its own memory.
    processes = {"one": start("one"), "two": start("two"), "alone": start("alone", storage="memory://")}
    try:
        one, two, alone = (processes[name].wait_until_ready() for name in ("one", "two", "alone"))
        per_pair = first_limit(PASSWORD, FAILURES, PER_ACCOUNT_AND_ADDRESS)
        first_part = per_pair // 2
        assert one.log_in("10.40.0.1", [WRONG] * first_part) == [200] * first_part
        assert two.log_in("10.40.0.1", [WRONG] * (per_pair - first_part)) == [200] * (per_pair - first_part)
        # The limit holds across both: the next try at that address waits, on either process ...
        assert one.log_in("10.40.0.1", [RIGHT_PASSWORD]) == [429]
        assert two.log_in("10.40.0.1", [RIGHT_PASSWORD]) == [429]
        # ... while a process counting on its own (memory) would not have seen the failures.
        assert alone.log_in("10.40.0.1", [RIGHT_PASSWORD]) == [302]

        # Failures from two processes together reach the notice threshold: one mail, not two.
        [notice] = [n for n in auth_limits.FAILURE_NOTICES if n.step == PASSWORD]
        remaining = parse(notice.after).amount - per_pair
        addresses = [f"10.41.{n}.1" for n in range(-(-remaining // per_pair) + 2)]
        for number, address in enumerate(addresses):
            (one if number % 2 else two).log_in(address, [WRONG] * per_pair)
        mails = [path for name in ("one", "two") for path in (tmp_path / name / "outbox").glob("*.eml")]
        assert len(mails) == 1
    finally:
        for process in processes.values():
            process.stop()
        for key in store.scan_iter(match=f"*{prefix}*"):
            store.delete(key)
        store.close()
