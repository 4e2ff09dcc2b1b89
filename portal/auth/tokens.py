"""Random secrets for links and codes, and the hash under which they are stored."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets


def new_token() -> str:
    """A random, URL-safe secret of 256 bits."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """sha256 in hex. Enough for random secrets of 80 bits and more: there is nothing to guess."""
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_token(key: str | bytes, nonce: str) -> str:
    """A secret that can be made again from `nonce` by whoever holds `key` (the app's secret key),
    and by nobody else: so a link can be shown again without the database holding it."""
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, b"kring-shared-link:" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
