"""Two-factor login: time-based codes from an authenticator app (TOTP, RFC 6238) and one-time
recovery codes for when the phone is lost.

Professionals must use it; everyone else may. Every code works once: the last accepted time step
is stored per user and only a later one is accepted, and a recovery code is marked used by a
conditional update, so two requests with the same code cannot both get in.
"""
from __future__ import annotations

import base64
import hmac
import secrets
from datetime import datetime

import pyotp
import qrcode
import qrcode.image.svg
import sqlalchemy as sa

from portal.auth.models import RecoveryCode, User
from portal.auth.services import end_all_sessions
from portal.auth.tokens import hash_token
from portal.extensions import db, utcnow
from portal.families.models import Person, Role

ISSUER = "Kring"
STEP_SECONDS = 30
# One step either side of now: the clocks of phones drift, and typing takes a while.
ACCEPTED_STEPS = (0, -1, 1)
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: the codes are read off paper. 16 of these 31 characters carry 79 bits.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 16


class WrongCode(Exception):
    """The code does not fit, or it was used before."""


# Whoever holds one of these roles in some family logs in with a two-factor code.
TWO_FACTOR_ROLES = frozenset({Role.PROFESSIONAL})


def two_factor_rule(user_id) -> sa.Exists:
    """The rule as SQL: `user_id` (a value or a column) is a professional in some family."""
    return sa.exists().where(Person.user_id == user_id, Person.role.in_(TWO_FACTOR_ROLES))


def requires_two_factor(user: User) -> bool:
    """Whether `user` must use two-factor login: anyone who is a professional in some family.
    Answered from the user's row when the request's user loader asked it along (one statement less)."""
    loaded = user.__dict__.get("must_use_two_factor")
    if loaded is not None:
        return bool(loaded)
    return bool(db.session.scalar(sa.select(two_factor_rule(user.id))))


def asks_two_factor(person: Person) -> bool:
    """Whether joining as `person` (an invitation's) means logging in with a two-factor code."""
    return person.role in TWO_FACTOR_ROLES


def new_secret() -> str:
    """A fresh TOTP secret in base32 (160 bits), as authenticator apps expect it."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_data_uri(text: str) -> str:
    """`text` as a QR code, an SVG image in a data: URI (the CSP allows data: images, no scripts)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    encoded = base64.b64encode(image.to_string()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def _digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (around `now`) whose code is `code`, or None."""
    code = _digits(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for offset in ACCEPTED_STEPS:
        if hmac.compare_digest(totp.generate_otp(current + offset), code):
            return current + offset
    return None


def use_totp_code(user: User, code: str, now: datetime | None = None) -> None:
    """Accept `code` from the user's app once. Raises `WrongCode` when it does not fit or was used.

    The step is claimed with a conditional update, so the same code sent twice at once is
    accepted once; a code older than the last one accepted is refused too.
    """
    if not user.has_two_factor:
        raise WrongCode()
    step = _matching_step(user.totp_secret, code, now or utcnow())
    if step is None:
        raise WrongCode()
    claimed = db.session.execute(
        sa.update(User)
        .where(User.id == user.id, sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(user, ["totp_last_step"])
    if claimed != 1:
        raise WrongCode()


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def use_recovery_code(user: User, code: str) -> None:
    """Accept one of the user's recovery codes, once. Raises `WrongCode`."""
    claimed = db.session.execute(
        sa.update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id,
               RecoveryCode.code_hash == hash_token(normalise_recovery_code(code)),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise WrongCode()


def use_second_factor(user: User, code: str) -> str:
    """Accept an app code or a recovery code; returns "app" or "recovery". Raises `WrongCode`."""
    if len(_digits(code)) == 6:
        use_totp_code(user, code)
        return "app"
    use_recovery_code(user, code)
    return "recovery"


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes by fresh ones. Returns them in plain text: show them once."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_token(raw)))
    return codes


def enable_two_factor(user: User, secret: str, used_step: int | None = None) -> list[str]:
    """Turn two-factor login on with `secret`; returns the new recovery codes (not committed)."""
    user.totp_secret = secret
    user.totp_last_step = used_step
    user.two_factor_enabled_at = utcnow()
    return new_recovery_codes(user)


def pending_secret(user: User) -> str:
    """The secret being set up for `user`, made on first use (the caller commits).

    It waits on the server, not in the session cookie, and stays the same across reloads of the
    set-up page, so a half-finished scan still works.
    """
    if user.pending_totp_secret is None:
        user.pending_totp_secret = new_secret()
    return user.pending_totp_secret


def confirm_enrolment(user: User, code: str, now: datetime | None = None) -> list[str]:
    """Turn two-factor login on once the first `code` proves the app holds the pending secret.

    Returns the recovery codes; raises `WrongCode`. The confirming code counts as used. Sessions
    that logged in with the password alone end (the caller keeps the current one).
    """
    secret = user.pending_totp_secret
    step = _matching_step(secret, code, now or utcnow()) if secret else None
    if step is None:
        raise WrongCode()
    end_all_sessions(user)
    user.pending_totp_secret = None
    return enable_two_factor(user, secret, used_step=step)


def disable_two_factor(user: User) -> None:
    """Turn two-factor login off and forget the secret and the recovery codes."""
    user.totp_secret = None
    user.pending_totp_secret = None
    user.totp_last_step = None
    user.two_factor_enabled_at = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
