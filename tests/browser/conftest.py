"""Browser fixtures: Debian's Chromium (one per session), Kring on a real WSGI server on loopback
(one per session, on the migrated test database), a fresh browser context per test, and an
`audit` that checks every page a journey visits.

Every test in this folder is marked `browser` and skipped, with the reason, when
/usr/bin/chromium is missing. Each test seeds what it needs and the tables are emptied around it,
so tests do not depend on their order and leave nothing behind for the rest of the suite.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from tests.browser.audit import LAPTOP, HtmlChecker, PageAudit, java_available
from tests.browser.helpers import DemoFamily, LiveServer, seed_demo_family
from tests.conftest import _empty_all_tables

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark everything in this folder `browser` (before -m selects), and skip it without Chromium."""
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


def pytest_report_header(config):
    chromium = "found" if CHROMIUM.exists() else "MISSING, browser tests are skipped"
    java = "found" if java_available() else "MISSING, the HTML of visited pages is not checked"
    return [f"browser tests: {CHROMIUM} {chromium}; java for the Nu HTML Checker {java}"]


@pytest.fixture(scope="session")
def browser(html_checker):  # the HTML checker starts first: Java takes longest to get going
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_server(database_url, tmp_path_factory):
    """Kring served by werkzeug on 127.0.0.1 (a free port), in a background thread."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    app.instance_path = str(tmp_path_factory.mktemp("browser-instance"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["SERVER_NAME_FOR_MAIL"] = url  # links in invitations point at this server
    thread = threading.Thread(target=server.serve_forever, name="kring-live-server", daemon=True)
    thread.start()
    yield LiveServer(url=url, app=app)
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(live_server):
    """Start each browser test on empty tables and leave them empty for whatever runs next."""
    with live_server.app.app_context():
        _empty_all_tables()
    yield
    with live_server.app.app_context():
        db.session.remove()
        _empty_all_tables()


@pytest.fixture()
def new_page(browser, live_server, audit):
    """Open a page in a fresh browser context (its own cookies): `new_page()`; closed after the test.

    The browser says it prefers English, to show that Kring still starts in Dutch.
    """
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, viewport=LAPTOP, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return audit.watch(context.new_page())

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture()
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def html_checker(tmp_path_factory):
    """The Nu HTML Checker for the whole run, or None when there is no Java (then HTML is not checked)."""
    if not java_available():
        yield None
        return
    checker = HtmlChecker.shared() or HtmlChecker(log_file=tmp_path_factory.mktemp("vnu") / "vnu.log")
    yield checker
    checker.close()


@pytest.fixture()
def audit(html_checker, project_root):
    """Checks every page a test hands it: axe, reflow, valid HTML (see audit.py)."""
    artifacts = project_root / "test-artifacts"
    return PageAudit(screenshot_dir=artifacts / "screenshots", invalid_html_dir=artifacts / "invalid-html",
                     html_checker=html_checker)


# The demo family as first seeded in this run, kept as a copy of the SQLite file: seeding it (with
# its mails) costs seconds, putting the copy back a few milliseconds.
_DEMO_COPY: dict = {}


def _copy_sqlite(source: str, target: str) -> None:
    """Copy one SQLite database over another through SQLite's backup API (safe with the target's
    idle connections open: the live server's and the test's)."""
    with sqlite3.connect(source) as from_db, sqlite3.connect(target) as to_db:
        to_db.execute("PRAGMA synchronous = OFF")  # a test database: no waiting for the disk
        from_db.backup(to_db)
    from_db.close()
    to_db.close()


@pytest.fixture()
def demo(live_server, tmp_path_factory) -> DemoFamily:
    """The demo family 'Familie De Vries' with its accounts (see portal/demo.py), as seeded; on
    SQLite, the first test's seed is put back for every later one."""
    url = live_server.app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        return seed_demo_family(live_server)
    database = url.removeprefix("sqlite:///")
    if not _DEMO_COPY:
        seeded = seed_demo_family(live_server)
        copy = str(tmp_path_factory.mktemp("demo") / "demo.db")
        _copy_sqlite(database, copy)
        _DEMO_COPY.update(family=seeded, path=copy)
        return seeded
    _copy_sqlite(_DEMO_COPY["path"], database)
    return _DEMO_COPY["family"]
