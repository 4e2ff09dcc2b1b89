"""Configuration, read from the environment.

`KRING_ENV` picks the profile: `production` (the default), `development` or `testing`.
Production has no fallback for `SECRET_KEY`: the app refuses to start without one.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def database_url_from_env(instance_path: str) -> str:
    """The SQLAlchemy URL: `DATABASE_URL` if set (PostgreSQL via psycopg 3), else SQLite."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'kring.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class BaseConfig:
    LANGUAGES = ("nl", "en")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; forms left open overnight still work
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    INVITATION_DAYS = 7
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Kring <kring@localhost>")
    # The outbox worker: the first wait after a failed try (doubling each time, at most six hours),
    # and how many tries before a mail counts as not delivered.
    MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "10"))
    # Deliver the outbox rows a commit wrote right after it, in the request (tests); otherwise the
    # worker (`flask --app wsgi worker`) delivers them.
    MAIL_SEND_AT_ONCE = False
    # Absolute links in mail need a host; behind a proxy set it explicitly.
    SERVER_NAME_FOR_MAIL = os.environ.get("KRING_BASE_URL", "http://127.0.0.1:5000")
    # Where rate limits are counted. memory:// counts per process; with several workers or machines
    # use a shared store, e.g. redis://127.0.0.1:6379, or each counts on its own.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = "kring"
    RATELIMIT_HEADERS_ENABLED = True
    # Marks a browser on which an account logged in fully: failed logins from elsewhere don't slow it.
    KNOWN_DEVICE_COOKIE_NAME = "kring_device"
    # Professionals see families' plans: their session ends after this long without a request.
    PROFESSIONAL_IDLE_MINUTES = 30
    PASSWORD_RESET_MINUTES = 60
    # A link that proves an e-mail address; a day, so that a mail read the next morning still works.
    EMAIL_CONFIRMATION_HOURS = 24
    # argon2id settings for new password hashes; None: the library's RFC 9106 "low memory" defaults.
    ARGON2_PARAMETERS: dict | None = None


class ProductionConfig(BaseConfig):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, for this host
    # only and for the whole site: no subdomain can set or read it.
    SESSION_COOKIE_NAME = "__Host-kring_session"
    REMEMBER_COOKIE_NAME = "__Host-kring_remember"
    KNOWN_DEVICE_COOKIE_NAME = "__Host-kring_device"


class DevelopmentConfig(BaseConfig):
    SESSION_COOKIE_SECURE = False


class TestingConfig(BaseConfig):
    TESTING = True
    MAIL_SEND_AT_ONCE = True
    SESSION_COOKIE_SECURE = False
    RATELIMIT_ENABLED = False
    # Still argon2id, with the lightest settings: the suite logs in through the form hundreds of
    # times, and the real cost is most of a second each on a busy machine.
    ARGON2_PARAMETERS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    # A test database is thrown away: no waiting for the disk at each commit (see portal/database.py).
    SQLITE_TEST_PRAGMAS = ("synchronous=OFF", "journal_mode=MEMORY")


PROFILES = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def secret_key_for(profile: str, instance_path: str) -> str | None:
    """`SECRET_KEY` from the environment; in development a random one kept in the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if profile == "testing":
        return secrets.token_hex(32)
    if profile == "development":
        path = Path(instance_path) / "dev-secret-key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
        return path.read_text().strip()
    return None
