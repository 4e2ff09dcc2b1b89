"""Flask-Login's user loader: the cookie holds `id:session_version`."""
from __future__ import annotations

from portal.auth.models import User
from portal.extensions import db


def load_user(user_id: str) -> User | None:
    try:
        raw_id, raw_version = user_id.split(":", 1)
        user = db.session.get(User, int(raw_id))
        version = int(raw_version)
    except (ValueError, TypeError):
        return None
    if user is None or user.session_version != version:
        return None
    return user
