"""Two-factor login: enrolment with a QR code, the code step at login, codes that work once,
recovery codes, professionals who must use it, and the demo professional's printed secret."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import sqlalchemy as sa

from portal.auth.models import RecoveryCode, User
from portal.auth.sessions import PENDING_KEY
from portal.auth.twofactor import WrongCode, disable_two_factor, enable_two_factor, new_secret, use_totp_code
from portal.extensions import db
from tests.accounts import app_config, world  # noqa: F401  (pages in English)
from tests.accounts import (code_for, copy_session, is_logged_in, log_in, log_in_with_code, new_user,
                            session_cookie)
from tests.conftest import page_text
from tests.factories import PASSWORD

SECRET_ON_PAGE = re.compile(r'class="link-box secret-key">([A-Z2-7 ]+)<')


def _secret_from_page(response) -> str:
    match = SECRET_ON_PAGE.search(response.get_data(as_text=True))
    assert match, "the set-up page shows the key as text"
    return match.group(1).replace(" ", "")


def _codes_from_page(response) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.get_data(as_text=True))


def _enrol(client, user) -> list[str]:
    """Set up two-factor login through the pages; returns the recovery codes shown."""
    page = client.get("/account/two-factor")
    secret = _secret_from_page(page)
    response = client.post("/account/two-factor", data={"code": code_for(secret)})
    assert response.status_code == 200
    db.session.refresh(user)
    assert user.totp_secret == secret
    return _codes_from_page(response)


@pytest.fixture()
def family_user(world) -> User:
    return world.accounts["family"]


# --- enrolment ------------------------------------------------------------------------------

def test_setup_page_shows_a_qr_code_and_the_key_as_text(auth, family_user):
    client = auth.login("family")
    response = client.get("/account/two-factor")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    secret = _secret_from_page(response)
    assert len(secret) == 32
    # Two-factor login is not on yet: the secret waits on the server until a code confirms it.
    db.session.refresh(family_user)
    assert family_user.totp_secret is None and not family_user.has_two_factor
    assert family_user.pending_totp_secret == secret
    # Reloading the page shows the same key, so a half-finished scan still works.
    assert _secret_from_page(client.get("/account/two-factor")) == secret


def _session_in_cookie(client) -> dict:
    """What the browser holds: the session cookie, decoded (it is signed, not encrypted)."""
    app = client.application
    return app.session_interface.get_signing_serializer(app).loads(session_cookie(client))


def test_the_secret_being_set_up_never_travels_in_the_session_cookie(auth, family_user):
    """Finding 10: the cookie is readable by anyone with the browser or a copy of the cookie."""
    client = auth.login("family")
    secret = _secret_from_page(client.get("/account/two-factor"))
    wrong = f"{(int(code_for(secret)) + 1) % 1_000_000:06d}"
    for response in (client.get("/account/two-factor"), client.post("/account/two-factor", data={"code": wrong})):
        assert response.status_code == 200
        stored = _session_in_cookie(client)
        assert secret not in repr(stored)
        assert secret not in session_cookie(client)
    # Once it is on, the pending secret is gone and the confirmed one is not in the cookie either.
    _enrol_with(client, secret)
    db.session.refresh(family_user)
    assert family_user.totp_secret == secret and family_user.pending_totp_secret is None
    assert secret not in repr(_session_in_cookie(client))


def _enrol_with(client, secret: str) -> None:
    assert client.post("/account/two-factor", data={"code": code_for(secret)}).status_code == 200


def test_turning_two_factor_off_forgets_a_pending_secret_too(two_factor_user):
    two_factor_user.pending_totp_secret = new_secret()
    disable_two_factor(two_factor_user)
    assert two_factor_user.pending_totp_secret is None


def test_a_wrong_first_code_keeps_two_factor_off_and_says_why(auth, family_user):
    client = auth.login("family")
    secret = _secret_from_page(client.get("/account/two-factor"))
    wrong = f"{(int(code_for(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/account/two-factor", data={"code": wrong})
    assert response.status_code == 200
    assert "This code is not right" in page_text(response)
    assert f'value="{wrong}"' in response.get_data(as_text=True)  # what was typed stays
    db.session.refresh(family_user)
    assert not family_user.has_two_factor


def test_enrolment_shows_ten_recovery_codes_once_and_stores_only_hashes(auth, family_user):
    client = auth.login("family")
    codes = _enrol(client, family_user)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == family_user.id)).all()
    assert len(stored) == 10
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored
    assert family_user.has_two_factor
    # The codes are not shown again: the account page only counts them.
    account = page_text(client.get("/account"))
    assert "10 unused recovery codes" in account
    assert not any(code in account for code in codes)


def test_enrolment_ends_sessions_that_logged_in_with_the_password_alone(app, family_user):
    laptop, copy = app.test_client(), app.test_client()
    log_in(laptop, family_user)
    copy_session(laptop, copy)
    assert is_logged_in(copy)
    _enrol(laptop, family_user)
    assert is_logged_in(laptop)
    assert not is_logged_in(copy)


# --- the login with a code ------------------------------------------------------------------

@pytest.fixture()
def two_factor_user(family_user) -> User:
    enable_two_factor(family_user, new_secret())
    db.session.commit()
    return family_user


def test_the_password_alone_does_not_log_in_a_two_factor_user(app, two_factor_user):
    client = app.test_client()
    response = log_in(client, two_factor_user)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login/code")
    assert not is_logged_in(client)
    assert client.get("/login/code").status_code == 200


def test_the_right_code_logs_in_and_goes_where_the_user_was_going(app, two_factor_user):
    client = app.test_client()
    log_in(client, two_factor_user, next_url="/account")
    response = client.post("/login/code", data={"code": code_for(two_factor_user.totp_secret)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert is_logged_in(client)


def test_a_wrong_code_does_not_log_in(app, two_factor_user):
    client = app.test_client()
    log_in(client, two_factor_user)
    right = code_for(two_factor_user.totp_secret)
    response = client.post("/login/code", data={"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    assert response.status_code == 200
    assert "This code is not right" in page_text(response)
    assert not is_logged_in(client)


def test_a_code_works_once(app, two_factor_user):
    code = code_for(two_factor_user.totp_secret)
    first = app.test_client()
    assert log_in_with_code(first, two_factor_user, code).status_code == 302
    second = app.test_client()
    response = log_in_with_code(second, two_factor_user, code)
    assert response.status_code == 200
    assert "used already" in page_text(response)
    assert not is_logged_in(second)
    # The next code from the app works.
    assert log_in_with_code(second, two_factor_user, code_for(two_factor_user.totp_secret, 1)).status_code == 302


@pytest.mark.parametrize("offset, accepted", [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_codes_are_accepted_one_step_either_side_of_now(two_factor_user, offset, accepted):
    now = datetime(2030, 5, 1, 12, 0, 10, tzinfo=timezone.utc)
    step = int(now.timestamp()) // 30
    code = pyotp.TOTP(two_factor_user.totp_secret).generate_otp(step + offset)
    if accepted:
        use_totp_code(two_factor_user, code, now=now)
        assert two_factor_user.totp_last_step == step + offset
    else:
        with pytest.raises(WrongCode):
            use_totp_code(two_factor_user, code, now=now)


def test_a_code_older_than_the_last_one_used_is_refused(two_factor_user):
    now = datetime(2030, 5, 1, 12, 0, 10, tzinfo=timezone.utc)
    step = int(now.timestamp()) // 30
    totp = pyotp.TOTP(two_factor_user.totp_secret)
    use_totp_code(two_factor_user, totp.generate_otp(step), now=now)
    for replay in (totp.generate_otp(step), totp.generate_otp(step - 1)):
        with pytest.raises(WrongCode):
            use_totp_code(two_factor_user, replay, now=now)
    # Thirty seconds later, the new code works.
    use_totp_code(two_factor_user, totp.generate_otp(step + 1), now=now + timedelta(seconds=30))


def test_a_recovery_code_works_once(app, auth, family_user):
    codes = _enrol(auth.login("family"), family_user)
    first = app.test_client()
    response = log_in_with_code(first, family_user, codes[3].upper())  # typed in capitals: still fine
    assert response.status_code == 302
    account = first.get("/account")
    assert account.status_code == 200
    assert "You have 9 left" in page_text(account)
    second = app.test_client()
    response = log_in_with_code(second, family_user, codes[3])
    assert response.status_code == 200
    assert not is_logged_in(second)


def test_the_half_finished_login_expires(app, two_factor_user):
    client = app.test_client()
    log_in(client, two_factor_user)
    with client.session_transaction() as session:
        pending = dict(session[PENDING_KEY])
        pending["until"] = int(time.time()) - 1
        session[PENDING_KEY] = pending
    response = client.post("/login/code", data={"code": code_for(two_factor_user.totp_secret)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert not is_logged_in(client)
    assert "Please log in again" in page_text(client.get("/login"))


def test_the_code_step_without_the_password_step_goes_to_login(client):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_a_password_change_voids_a_half_finished_login(app, two_factor_user):
    client = app.test_client()
    log_in(client, two_factor_user)
    two_factor_user.session_version += 1
    db.session.commit()
    response = client.post("/login/code", data={"code": code_for(two_factor_user.totp_secret)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert not is_logged_in(client)


# --- turning it off, new recovery codes -----------------------------------------------------

def test_others_may_turn_it_off_with_their_password(app, two_factor_user):
    client = app.test_client()
    log_in_with_code(client, two_factor_user)
    wrong = client.post("/account/two-factor/off", data={"current_password": "not my password"})
    assert wrong.status_code == 200
    assert "This is not your current password" in page_text(wrong)
    db.session.refresh(two_factor_user)
    assert two_factor_user.has_two_factor
    right = client.post("/account/two-factor/off", data={"current_password": PASSWORD})
    assert right.status_code == 302
    db.session.refresh(two_factor_user)
    assert not two_factor_user.has_two_factor
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)
                             .where(RecoveryCode.user_id == two_factor_user.id)) == 0
    # Now the password alone logs in.
    again = app.test_client()
    assert log_in(again, two_factor_user).headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old_ones(app, auth, family_user):
    old = _enrol(auth.login("family"), family_user)
    client = app.test_client()
    log_in_with_code(client, family_user, old[0])
    response = client.post("/account/two-factor/recovery-codes", data={"current_password": PASSWORD})
    new = _codes_from_page(response)
    assert len(new) == 10 and not set(new) & set(old)
    assert log_in_with_code(app.test_client(), family_user, old[1]).status_code == 200
    assert log_in_with_code(app.test_client(), family_user, new[1]).status_code == 302


# --- professionals must use it --------------------------------------------------------------

@pytest.fixture()
def professional_without_two_factor(world) -> User:
    user = world.accounts["professional"]
    disable_two_factor(user)
    db.session.commit()
    return user


def test_a_professional_without_two_factor_can_only_set_it_up(app, world, professional_without_two_factor):
    client = app.test_client()
    response = log_in(client, professional_without_two_factor)
    assert response.status_code == 302
    family = world.family.id
    for url in ("/", f"/families/{family}/", "/account", "/account/password"):
        blocked = client.get(url)
        assert blocked.status_code == 303, url
        assert blocked.headers["Location"].endswith("/account/two-factor"), url
    # Not only pages: actions are sent there too.
    assert client.post("/account/sessions/end").headers["Location"].endswith("/account/two-factor")
    setup = client.get("/account/two-factor")
    assert setup.status_code == 200
    assert "You work with families as a professional" in page_text(setup)
    assert "Not now" not in page_text(setup)

    _enrol(client, professional_without_two_factor)
    assert client.get(f"/families/{family}/", follow_redirects=True).status_code == 200


def test_a_professional_without_two_factor_may_still_log_out(app, professional_without_two_factor):
    client = app.test_client()
    log_in(client, professional_without_two_factor)
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not is_logged_in(client)


def test_a_professional_cannot_turn_it_off(auth, world):
    client = auth.login("professional")
    assert "Turn off two-factor login" not in page_text(client.get("/account"))
    response = client.post("/account/two-factor/off", data={"current_password": PASSWORD})
    assert response.status_code == 302
    db.session.refresh(world.accounts["professional"])
    assert world.accounts["professional"].has_two_factor


def test_a_professional_logs_in_with_password_and_code(app, world):
    professional = world.accounts["professional"]
    client = app.test_client()
    assert log_in_with_code(client, professional).status_code == 302
    assert client.get(f"/families/{world.family.id}/", follow_redirects=True).status_code == 200


def test_someone_without_a_professional_role_is_not_forced(app):
    user = new_user()
    client = app.test_client()
    log_in(client, user)
    assert client.get("/account").status_code == 200


# --- the demo -------------------------------------------------------------------------------

def test_demo_prints_the_professionals_secret_every_time(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    professional = db.session.scalar(sa.select(User).where(User.email == "wijkteam@example.org"))
    assert professional.has_two_factor
    secret = professional.totp_secret
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    assert grouped in first.output
    uri = re.search(r"otpauth://\S+", first.output).group(0)
    parsed = urlsplit(uri)
    assert parsed.netloc == "totp"
    assert parse_qs(parsed.query)["secret"] == [secret]
    assert parse_qs(parsed.query)["issuer"] == ["Kring"]

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    assert "nothing changed" in again.output
    assert grouped in again.output
