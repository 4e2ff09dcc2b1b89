"""Known devices: a browser on which an account logged in fully (password, and code if it has one).

A signed, long-lived cookie lists the accounts that did. Failed logins counted against an account
from elsewhere do not hold back its known devices (see `throttle.py`), so a stranger who guesses
passwords cannot keep the owner out of their own laptop. The cookie is no key: the password (and
the code) are still needed; it can only not be forged, because it is signed with the app's key.
"""
from __future__ import annotations

from flask import after_this_request, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.auth.models import User

KNOWN_DEVICE_DAYS = 365
# A shared family computer may be known for a few accounts; more is not a device, it is a list.
MAX_ACCOUNTS_PER_DEVICE = 10
_SALT = "kring-known-device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def _cookie_name() -> str:
    return current_app.config["KNOWN_DEVICE_COOKIE_NAME"]


def known_account_ids() -> list[int]:
    """The accounts this browser logged in to fully; empty when the cookie is missing or forged."""
    raw = request.cookies.get(_cookie_name())
    if not raw:
        return []
    try:
        ids = _serializer().loads(raw, max_age=KNOWN_DEVICE_DAYS * 24 * 3600)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def is_known_device(user: User | None) -> bool:
    return user is not None and user.id in known_account_ids()


def remember_device(user: User) -> None:
    """After a full login: mark this browser as a known device of `user` (set on the response)."""
    ids = [i for i in known_account_ids() if i != user.id][-(MAX_ACCOUNTS_PER_DEVICE - 1):] + [user.id]
    value = _serializer().dumps(ids)

    @after_this_request
    def set_cookie(response):
        response.set_cookie(_cookie_name(), value, max_age=KNOWN_DEVICE_DAYS * 24 * 3600, path="/",
                            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")), httponly=True,
                            samesite="Lax")
        return response
