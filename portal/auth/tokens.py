"""Random secrets for links and codes, and the hash under which they are stored."""
from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """A random, URL-safe secret of 256 bits."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """sha256 in hex. Enough for random secrets of 80 bits and more: there is nothing to guess."""
    return hashlib.sha256(token.encode()).hexdigest()
