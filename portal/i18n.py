"""Which language a page is in: the account's choice, else the cookie, else Dutch.

The browser's Accept-Language is deliberately ignored: Kring speaks Dutch unless asked not to.
"""
from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Domain
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


class CatalogPerRequest(Domain):
    """Flask-Babel's message domain, with the request's catalog remembered on the request.

    Flask-Babel finds the locale and then the catalog anew for every string it translates (about
    20 microseconds each on a 2-CPU server; a page translates a hundred). This keeps the catalog
    with the locale it was found for, and finds it anew when the locale is another one
    (`force_locale`, `refresh`). It reads where Flask-Babel 4 keeps the request's locale
    (`g._flask_babel.babel_locale`); without that it simply asks Flask-Babel every time."""

    def get_translations(self):
        try:
            state = g._get_current_object()
        except RuntimeError:  # no app context: Flask-Babel answers with no translations
            return super().get_translations()
        babel_state = state.__dict__.get("_flask_babel")
        locale = getattr(babel_state, "babel_locale", None)
        remembered = state.__dict__.get("_kring_catalog")
        if remembered is not None and locale is not None and remembered[0] is locale:
            return remembered[1]
        catalog = super().get_translations()
        state._kring_catalog = (getattr(state.__dict__.get("_flask_babel"), "babel_locale", None), catalog)
        return catalog


def install_catalog_per_request(app: Flask, babel) -> None:
    """After `babel.init_app`: translate through `CatalogPerRequest`, in Python and in templates."""
    domain = CatalogPerRequest(domain=app.config.get("BABEL_DOMAIN", "messages"))
    babel.domain_instance = domain
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
