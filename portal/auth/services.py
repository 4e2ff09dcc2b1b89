"""Accounts: registration, password checks and changes, ending sessions."""
from __future__ import annotations

import base64
import functools
import secrets

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.low_level import ARGON2_VERSION
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

from portal.auth.models import User
from portal.extensions import db

# argon2id with the library's RFC 9106 "low memory" defaults.
_hasher = PasswordHasher()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def _unmatchable_hash(hasher: PasswordHasher) -> str:
    """A well-formed argon2 hash with `hasher`'s parameters that no password matches.

    Verified against when the e-mail is unknown, so that both answers cost the same work. It is
    written out rather than hashed: a real hash at import would cost every worker the hasher's
    whole memory cost (64 MiB) at boot, for nothing.
    """
    return (f"$argon2{hasher.type.name.lower()}$v={ARGON2_VERSION}"
            f"$m={hasher.memory_cost},t={hasher.time_cost},p={hasher.parallelism}"
            f"${_b64(secrets.token_bytes(hasher.salt_len))}${_b64(secrets.token_bytes(hasher.hash_len))}")


_DUMMY_HASH = _unmatchable_hash(_hasher)


@functools.lru_cache(maxsize=None)
def _configured_hasher(parameters: tuple) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(**dict(parameters))
    return hasher, _unmatchable_hash(hasher)


def _active_hasher() -> tuple[PasswordHasher, str]:
    """The hasher and its timing-equaliser hash: the defaults, unless the app's `ARGON2_PARAMETERS`
    says otherwise (the testing profile makes them cheap)."""
    parameters = current_app.config.get("ARGON2_PARAMETERS") if has_app_context() else None
    if not parameters:
        return _hasher, _DUMMY_HASH
    return _configured_hasher(tuple(sorted(parameters.items())))


MIN_PASSWORD_LENGTH = 10


class EmailTaken(Exception):
    """An account with this e-mail address exists already."""


class WrongPassword(Exception):
    """The password given to confirm a change is not the account's password."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    hasher, _ = _active_hasher()
    return hasher.hash(password)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def register_user(name: str, email: str, password: str, locale: str = "nl") -> User:
    """Create an account (not yet committed). Raises `EmailTaken`."""
    if user_by_email(email) is not None:
        raise EmailTaken(email)
    user = User(name=name.strip(), email=normalise_email(email),
                password_hash=hash_password(password), locale=locale)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the password is right; None for a wrong password and an unknown e-mail alike."""
    user = user_by_email(email)
    hasher, dummy_hash = _active_hasher()
    try:
        hasher.verify(user.password_hash if user else dummy_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def password_matches(user: User, password: str) -> bool:
    try:
        return _active_hasher()[0].verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def end_all_sessions(user: User) -> None:
    """Make every login cookie of `user` worthless, copies included (the caller commits).

    The cookie holds `User.session_version` (see `loader.py`); raising it logs every one out.
    """
    user.session_version = (user.session_version or 0) + 1


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password and end every session of the account. Raises `WrongPassword`."""
    if not password_matches(user, current_password):
        raise WrongPassword()
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
