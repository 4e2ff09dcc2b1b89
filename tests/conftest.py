"""Shared fixtures: a migrated database per run, an app per setting built once and given a fresh
app context per test, empty tables per test, a client
that sends CSRF tokens like a browser, and a `world` with one person for every role."""
from __future__ import annotations

import os
from collections import OrderedDict
import re
import secrets
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
import sqlalchemy as sa
from flask import Flask, current_app, g, has_app_context
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer

from portal import create_app
from portal.auth.models import User
from portal.extensions import db, limiter
from portal.families.models import Family, Person
from tests.factories import World, build_world
# A real SMTP server for the tests that mail (one per test process; see tests/mailserver.py).
from tests.mailserver import _running_smtp_server, smtp_server  # noqa: F401


def _database_url(tmp_path_factory, worker: str) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        parsed = sa.engine.make_url(url)
        if parsed.get_backend_name() == "postgresql":
            if worker != "master":
                # Each pytest-xdist worker runs its tests in a database of its own.
                parsed = parsed.set(database=f"{parsed.database}_{worker}")
                _create_database(parsed)
            if "options" not in parsed.query:
                # A test database needs no durability: do not wait for the disk at every commit.
                parsed = parsed.update_query_dict({"options": "-c synchronous_commit=off"})
        return parsed.render_as_string(hide_password=False)
    # (Under pytest-xdist every worker has a temporary folder, so a database file, of its own.)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'kring-test.db'}"


def _create_database(url: sa.engine.URL) -> None:
    """Make the PostgreSQL database `url` names, empty, through the server's `postgres` database."""
    _drop_database(url)
    _on_server(url, f'CREATE DATABASE "{url.database}"')


def _drop_database(url: sa.engine.URL) -> None:
    _on_server(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def _on_server(url: sa.engine.URL, statement: str) -> None:
    server = sa.create_engine(url.set(database="postgres", query={}), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(statement))
    server.dispose()


def _runs_browser_tests(config) -> bool:
    """Whether this run may reach the browser tests: by its paths and its -m."""
    if "not browser" in (config.option.markexpr or ""):
        return False
    browser_folder = Path(__file__).resolve().parent / "browser"
    paths = [Path(str(arg).split("::")[0]).resolve() for arg in config.args] or [Path.cwd()]
    return any(path == browser_folder or browser_folder in path.parents or path in browser_folder.parents
               for path in paths)


def pytest_configure(config):
    """With several workers (pytest-xdist), the first process starts the one Nu HTML Checker they
    all use (one Java warming up instead of one per worker); its port reaches them by the environment."""
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        return
    from tests.browser.audit import SHARED_CHECKER_PORT, HtmlChecker, java_available

    if java_available() and Path("/usr/bin/chromium").exists() and _runs_browser_tests(config):
        log_folder = Path(config.rootpath) / "test-artifacts"
        log_folder.mkdir(exist_ok=True)
        config._kring_html_checker = checker = HtmlChecker(log_file=log_folder / "vnu.log")
        os.environ[SHARED_CHECKER_PORT] = str(checker.port)


def pytest_unconfigure(config):
    checker = getattr(config, "_kring_html_checker", None)
    if checker is not None:
        from tests.browser.audit import SHARED_CHECKER_PORT

        checker.close()
        os.environ.pop(SHARED_CHECKER_PORT, None)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """One database per test run (per worker under pytest-xdist), with the schema made by the
    migrations (never create_all)."""
    url = _database_url(tmp_path_factory, worker_id)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(revision="heads")
        db.engine.dispose()
    yield url
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "postgresql" and worker_id != "master":
        _drop_database(parsed)


class KringClient(FlaskClient):
    """A test client that, like a browser form, sends the CSRF token with every POST, and a fresh
    one-time form token (as if the form had just been shown) unless the test gives one."""

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            raw = session.get("csrf_token")
            if raw is None:
                raw = os.urandom(20).hex()
                session["csrf_token"] = raw
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args, **kwargs):
        # The test's app context stays pushed, so every request reuses its `g`. In production each
        # request has a fresh one; without this the logged-in user, the locale and the CSRF token
        # of one request carry over to the next, even to another client.
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)

    def post(self, *args, csrf: bool = True, **kwargs):
        if csrf:
            data = dict(kwargs.pop("data", None) or {})
            data.setdefault("csrf_token", self.csrf_token())
            data.setdefault("form_token", secrets.token_urlsafe(32))
            data.setdefault("comment-form_token", secrets.token_urlsafe(32))  # the prefixed comment form
            kwargs["data"] = data
        return super().post(*args, **kwargs)

    def login_as(self, user) -> "KringClient":
        """Log in without the password round-trip (the login form has its own tests)."""
        with self.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return self


class SharedTemplateCache(jinja2.BytecodeCache):
    """Compiled templates shared by the apps of one run: some tests build apps of their own, and
    compiling every template again for each would cost more than the test. A changed
    template source does not match its checksum, so it is compiled anew."""

    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedTemplateCache()


@pytest.fixture()
def app_config() -> dict:
    """Extra settings for `app`; a test module overrides this fixture to change them."""
    return {}


# Built apps, by their settings: building one costs more than most tests (blueprints, extensions,
# templates), and a test changes nothing in it that `app` does not put back afterwards.
_BUILT_APPS: OrderedDict[str, Flask] = OrderedDict()
_KEPT_APPS = 4


def _built_app(config: dict) -> Flask:
    """An app with these settings, built once per run (tests with rate limits on get a new one:
    the limiter counts in memory, so a shared one would carry counts from test to test)."""
    if config.get("RATELIMIT_ENABLED"):
        return _new_app(config)
    key = repr(sorted(config.items()))
    if key not in _BUILT_APPS:
        _BUILT_APPS[key] = _new_app(config)
        if len(_BUILT_APPS) > _KEPT_APPS:
            _, oldest = _BUILT_APPS.popitem(last=False)
            with oldest.app_context():
                db.engine.dispose()
    _BUILT_APPS.move_to_end(key)
    return _BUILT_APPS[key]


def _new_app(config: dict) -> Flask:
    app = create_app("testing", config)
    app.test_client_class = KringClient
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    return app


# The module whose shared world (see `world_ro`) is in the tables now, with the ids to load it by.
_SHARED_WORLD: dict[str, object] = {}


@pytest.fixture()
def app(request, database_url, tmp_path, app_config):
    """The app, in its own app context (a fresh `g` and database session) and its own instance
    folder (the mail outbox) for this test; the tables are emptied afterwards. Only a test marked
    `shares_world` (see `world_ro`) leaves its rows for the next such test of its module."""
    config = {**app_config, "SQLALCHEMY_DATABASE_URI": database_url}
    app = _built_app(config)
    settings = dict(app.config)
    app.instance_path = str(tmp_path / "instance")
    # The limiter is one object for every app: the last app built decides whether it counts, and
    # its storage (memory in tests) also holds the login throttle's counts: each test starts at zero.
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    # (A limiter that was never switched on has no storage yet.)
    if limiter.enabled and app.config.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory://"):
        limiter.reset()
    shares_world = request.node.get_closest_marker("shares_world") is not None
    try:
        with app.app_context():
            if _SHARED_WORLD and not (shares_world and _SHARED_WORLD["module"] == request.node.module.__name__):
                _empty_all_tables()
            yield app
            db.session.remove()
            if not (shares_world and _next_test_shares_world(request)):
                _empty_all_tables()
    finally:
        # Settings a test changed go back for the next test.
        app.config.clear()
        app.config.update(settings)
        if app not in _BUILT_APPS.values():
            with app.app_context():
                db.engine.dispose()


def _next_test_shares_world(request) -> bool:
    """Whether the test that runs next reads the same module's shared world (see `world_ro`)."""
    items = request.session.items
    position = items.index(request.node)
    following = items[position + 1] if position + 1 < len(items) else None
    return (following is not None and following.get_closest_marker("shares_world") is not None
            and following.module is request.node.module)


def _empty_all_tables() -> None:
    _SHARED_WORLD.clear()
    # DELETE rather than TRUNCATE: on the few rows a test leaves, it is many times faster on
    # PostgreSQL (ids then keep counting up, which no test may rely on anyway).
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture()
def client(app) -> KringClient:
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


def _world_ids(world: World) -> dict[str, object]:
    return {"family": world.family.id, "other_family": world.other_family.id,
            "people": {key: person.id for key, person in world.people.items()},
            "accounts": {key: user.id for key, user in world.accounts.items()}}


def _load_world(ids: dict) -> World:
    """The world of these ids, read in three statements."""
    def by_id(model, wanted) -> dict:
        return {row.id: row for row in db.session.scalars(sa.select(model).where(model.id.in_(wanted)))}

    families = by_id(Family, [ids["family"], ids["other_family"]])
    people, accounts = by_id(Person, ids["people"].values()), by_id(User, ids["accounts"].values())
    return World(family=families[ids["family"]], other_family=families[ids["other_family"]],
                 people={key: people[id_] for key, id_ in ids["people"].items()},
                 accounts={key: accounts[id_] for key, id_ in ids["accounts"].items()})


@pytest.fixture()
def world(app) -> World:
    """Two families; the first has a person in every role, the second one member of its own."""
    built = build_world(today=date.today())
    db.session.commit()
    return built


@pytest.fixture()
def world_ro(request, app) -> World:
    """The `world` (with the module's own additions), built once for the tests of a module that
    only read it: for tests marked `shares_world`, which leave their rows for the next one. Tests
    that change anything use `world`, which every test gets afresh."""
    assert request.node.get_closest_marker("shares_world"), "world_ro is for tests marked shares_world"
    module = request.node.module.__name__
    if _SHARED_WORLD.get("module") != module:
        _empty_all_tables()
        built = request.getfixturevalue("world")
        db.session.commit()
        _SHARED_WORLD.update(module=module, **_world_ids(built))
        return built
    return _load_world(_SHARED_WORLD)


@pytest.fixture()
def english(world) -> World:
    """The world's accounts read their pages in English, the source language: so a test's words are
    the msgids, whatever the Dutch catalog says. A module opts in with
    `pytestmark = pytest.mark.usefixtures("english")`, a test by naming the fixture."""
    for user in world.accounts.values():
        user.locale = "en"
    db.session.commit()
    return world


class AuthActions:
    def __init__(self, app, world: World):
        self._app = app
        self._world = world

    def login(self, role: str = "family") -> KringClient:
        """A fresh client logged in as the world's person with this role name (see World.accounts)."""
        client = self._app.test_client()
        return client.login_as(self._world.accounts[role])


@pytest.fixture()
def auth(app, world) -> AuthActions:
    return AuthActions(app, world)


CSRF_IN_PAGE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class _FormReader(HTMLParser):
    """The values a browser would send for each form of a page (see `form_fields`)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._select_has_choice = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append({})
        elif not self.forms or not (name or tag == "option"):
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.forms[-1][name] = attrs.get("value") or ("y" if attrs.get("type") == "checkbox" else "")
        elif tag == "select":
            self._select, self._select_has_choice = name, False
        elif tag == "option" and self._select and ("selected" in attrs or not self._select_has_choice):
            # The selected option, else the first one (as a browser does).
            if "selected" in attrs or self._select not in self.forms[-1]:
                self.forms[-1][self._select] = attrs.get("value", "")
            self._select_has_choice = self._select_has_choice or "selected" in attrs
        elif tag == "textarea":
            self._textarea = name
            self.forms[-1][name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the one line break that follows <textarea>.
            value = self.forms[-1][self._textarea]
            self.forms[-1][self._textarea] = value[2:] if value.startswith("\r\n") else value.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data


def form_fields(response, containing: str) -> dict[str, str]:
    """What the browser would send for the page's form that has a field named `containing`:
    so a test posts a form as it is, and changes only what it means to change."""
    reader = _FormReader()
    reader.feed(response.get_data(as_text=True))
    return next(form for form in reader.forms if containing in form)


def page_text(response) -> str:
    """The visible text of a page, roughly: tags stripped, entities decoded, whitespace folded."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def translated(msgid: str, locale: str = "nl", **variables) -> str:
    """`msgid` as a page in `locale` shows it, whether or not the catalogs are compiled yet.
    Needs the app context of the `app` fixture."""
    with current_app.test_request_context(), force_locale(locale):
        return gettext(msgid, **variables)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
