"""Kring: one network plan for a family, its mentor, its network and its professionals."""
from __future__ import annotations

import os
from typing import Any, Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from flask_babel import lazy_gettext as _l

from portal.config import PROFILES, database_url_from_env, secret_key_for
from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
from portal.templating import register_template_context
from portal.transactions import register_transactions


def create_app(profile: str | None = None, overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `profile` is production, development or testing (default: `KRING_ENV`)."""
    profile = profile or os.environ.get("KRING_ENV", "production")
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(PROFILES[profile])
    app.config["KRING_PROFILE"] = profile
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url_from_env(app.instance_path)
    app.config["SECRET_KEY"] = secret_key_for(profile, app.instance_path)
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set. Set it in the environment before starting Kring.")

    # Behind a reverse proxy, trust its X-Forwarded-* headers (client address for rate limits,
    # https for secure cookies); never without one, or anyone could claim any address.
    trusted_proxies = int(os.environ.get("KRING_TRUSTED_PROXIES", "0"))
    if trusted_proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies,
                                x_host=trusted_proxies)

    register_input_guards(app)
    register_extensions(app)
    register_blueprints(app)
    register_transactions(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_context(app)
    return app


def register_input_guards(app: Flask) -> None:
    """Before any route is added: bounded `<int:...>` ids and form data without control characters."""
    from portal.input import BoundedIntegerConverter, CleanInputRequest

    app.url_map.converters["int"] = BoundedIntegerConverter
    app.request_class = CleanInputRequest


def register_extensions(app: Flask) -> None:
    from portal import models  # noqa: F401  (every model, for the mapper and for Alembic)
    from portal.database import configure_engines
    from portal.i18n import install_catalog_per_request, select_locale
    from portal.security import register_security_headers
    from portal.static_files import register_static_fingerprints

    os.makedirs(app.instance_path, exist_ok=True)
    db.init_app(app)
    configure_engines(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_catalog_per_request(app, babel)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    register_security_headers(app)
    register_static_fingerprints(app)

    from portal.auth.loader import load_user
    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    """Every feature package's blueprint; the parts of the plan register themselves first, so
    that the access policy, the hub and the access log know them (see `portal.features`)."""
    from portal.features import blueprints, load_parts

    load_parts()
    for blueprint in blueprints():
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from portal.errors import register_error_handlers

    register_error_handlers(app)


def register_commands(app: Flask) -> None:
    from portal.audit.commands import audit_cli
    from portal.demo import demo_command
    from portal.outbox.commands import mail_cli, worker_command

    app.cli.add_command(demo_command)
    app.cli.add_command(audit_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(mail_cli)
