"""Which language a page is in: the account's choice, else the cookie, else Dutch.

The browser's Accept-Language is deliberately ignored: Kring speaks Dutch unless asked not to.
"""
from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import current_app, has_request_context, request
from flask_login import current_user
from wtforms.i18n import messages_path

LANGUAGE_COOKIE = "kring_lang"


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        # A command or a background job: no visitor, so no choice to honour.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return locale_without_database()


def locale_without_database() -> str:
    """The cookie's language, else Dutch: for pages that must not load the account (an outage)."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@lru_cache(maxsize=8)
def wtforms_catalog(locale: str) -> support.Translations:
    """WTForms' built-in messages ("This field is required.") in `locale`, read once per process
    (as Flask-WTF reads them, which it does once per request)."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")
