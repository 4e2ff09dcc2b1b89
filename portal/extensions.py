"""Flask extensions, created unbound here and bound to the app in `create_app`."""
from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so that migrations can find and alter them on every engine.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


# Kring's families live in the Netherlands: "today" is the Dutch day, not UTC's.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def dutch_today(now: datetime | None = None) -> date:
    """Today in Europe/Amsterdam (at `now`, if given): the one answer to "what day is it" for
    due dates, reminders, ages and consents. Between midnight and 1 or 2 a.m. UTC's date is still
    yesterday's."""
    return (now or utcnow()).astimezone(AMSTERDAM).date()


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC datetime on every engine (SQLite hands back naive values)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def enum_column(enum_cls: type[enum.Enum]) -> sa.Enum:
    """A portable enum column that stores the member's value as a short string."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
