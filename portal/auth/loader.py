"""Flask-Login's user loader: the cookie holds `id:session_version`."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import with_expression

from portal.auth.models import User
from portal.auth.twofactor import two_factor_rule
from portal.extensions import db


def load_user(user_id: str) -> User | None:
    """The user of the cookie's id, with whether they must use two-factor login (one statement)."""
    try:
        raw_id, raw_version = user_id.split(":", 1)
        user = db.session.scalar(sa.select(User).where(User.id == int(raw_id))
                                 .options(with_expression(User.must_use_two_factor, two_factor_rule(User.id)))
                                 # A user already in the session (tests share one) is read afresh.
                                 .execution_options(populate_existing=True))
        version = int(raw_version)
    except (ValueError, TypeError):
        return None
    if user is None or user.session_version != version:
        return None
    return user
