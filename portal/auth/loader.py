"""Flask-Login's user loader: the cookie holds `id:session_version`."""
from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import with_expression

from portal.auth.models import User
from portal.auth.twofactor import two_factor_rule
from portal.extensions import db


@cache
def _user_statement() -> sa.Select:
    """Built once, on first use: building a statement costs more than sending it (its cache key too,
    which SQLAlchemy keeps on the statement). The id is a bound parameter."""
    return (sa.select(User).where(User.id == sa.bindparam("user_id"))
            .options(with_expression(User.must_use_two_factor, two_factor_rule(User.id)))
            # A user already in the session (tests share one) is read afresh.
            .execution_options(populate_existing=True))


def load_user(user_id: str) -> User | None:
    """The user of the cookie's id, with whether they must use two-factor login (one statement)."""
    try:
        raw_id, raw_version = user_id.split(":", 1)
        user = db.session.scalar(_user_statement(), {"user_id": int(raw_id)})
        version = int(raw_version)
    except (ValueError, TypeError):
        return None
    if user is None or user.session_version != version:
        return None
    return user
