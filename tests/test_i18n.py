"""Languages: every message is translated into Dutch and English, Dutch is the default whatever the
browser asks, the choice is kept (cookie, account), and a page in one language shows no sentence
of the other.

The page tests compile the `.po` files themselves into a temporary folder, so they check the
catalogs as they are now, not whatever `.mo` files a previous `make catalogs` left behind.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from portal.extensions import babel, db
from portal.i18n import LANGUAGE_COOKIE
from portal.tasks.models import TaskAction, TaskStatus
from portal.tasks.services import act
from tests.conftest import page_text, translated
from tests.factories import TaskFactory

LANGUAGES = ("nl", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Shorter fragments ("Done", "Plan") may well be the same word in both languages.
SENTINEL_MIN_LENGTH = 12


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file)


@pytest.fixture(scope="module")
def extracted(project_root, tmp_path_factory) -> Catalog:
    """The messages in the sources now, extracted exactly as `make extract` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                    "-o", str(pot), "."], cwd=project_root, check=True)
    catalog = read_catalog(pot)
    assert len(catalog) > 100, "the extraction found (almost) nothing: is babel.cfg right?"
    return catalog


@pytest.fixture(scope="module")
def catalogs(project_root) -> dict[str, Catalog]:
    return {lang: read_catalog(project_root / "translations" / lang / "LC_MESSAGES" / "messages.po")
            for lang in LANGUAGES}


def _strings(message) -> list[str]:
    """A message's id or translation as a list: those of a plural message come as a tuple."""
    return list(message) if isinstance(message, (tuple, list)) else [message]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_has_a_translation(extracted, catalogs, lang):
    catalog = catalogs[lang]
    problems = []
    for message in extracted:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        msgid = _strings(message.id)[0]
        if entry is None:
            problems.append(f"missing: {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not all(s.strip() for s in _strings(entry.string)):
            problems.append(f"empty: {msgid!r}")
    assert not problems, f"{len(problems)} message(s) not ready in {lang}:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(catalogs, lang):
    """A translation that drops or misspells %(name)s breaks the page that shows it. (The first form
    of a plural message matches the singular msgid, the other forms the plural one.)"""
    wrong = []
    for entry in catalogs[lang]:
        if not entry.id:
            continue
        ids = _strings(entry.id)
        for form, translation in enumerate(_strings(entry.string)):
            wanted = set(PLACEHOLDER.findall(ids[min(form, len(ids) - 1)]))
            if translation and set(PLACEHOLDER.findall(translation)) != wanted:
                wrong.append(f"{ids[0]!r} -> {translation!r}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def compiled_catalogs(catalogs, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("translations")
    for lang, catalog in catalogs.items():
        target = folder / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        with (target / "messages.mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)
    return folder


@pytest.fixture()
def app_config(compiled_catalogs) -> dict:
    return {"BABEL_TRANSLATION_DIRECTORIES": str(compiled_catalogs)}


@pytest.fixture()
def app(app):
    """The app, reading the freshly compiled catalogs. Flask-Babel keeps loaded catalogs for the
    whole process, whichever folder they came from: forget them before and after."""
    babel.domain_instance.cache.clear()
    yield app
    babel.domain_instance.cache.clear()


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_dutch_is_the_default_even_when_the_browser_asks_for_english(app, client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert html_lang(response) == "nl"
    assert translated("Your plan, together with the people around you") in page_text(response)


def test_the_language_choice_of_a_visitor_is_kept_in_a_cookie(app, client):
    response = client.post("/language", data={"language": "en", "next": "/login"})

    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert client.get_cookie(LANGUAGE_COOKIE).value == "en"
    page = client.get("/login")
    assert html_lang(page) == "en"
    assert translated("Log in", locale="en") in page_text(page)

    client.post("/language", data={"language": "nl", "next": "/"})
    assert html_lang(client.get("/")) == "nl"


def test_the_language_choice_of_a_member_is_kept_on_the_account(app, auth, world):
    auth.login("network").post("/language", data={"language": "en", "next": "/"})

    db.session.refresh(world.accounts["network"])
    assert world.accounts["network"].locale == "en"
    elsewhere = auth.login("network")  # another device: no cookie, the account decides
    assert html_lang(elsewhere.get(f"/families/{world.family.id}/people")) == "en"


def test_an_unknown_language_changes_nothing(app, client):
    client.post("/language", data={"language": "fr", "next": "/"})
    assert html_lang(client.get("/")) == "nl"


def _sentinels(extracted, catalogs, page_lang: str) -> set[str]:
    """Sentences of the other language that the page language says differently."""
    other = "en" if page_lang == "nl" else "nl"
    found: set[str] = set()
    for message in extracted:
        if not message.id:
            continue
        own, foreign = (catalogs[lang].get(message.id, message.context) for lang in (page_lang, other))
        msgid = _strings(message.id)[0]
        own_text = (_strings(own.string)[0] if own and own.string else "") or msgid
        foreign_text = (_strings(foreign.string)[0] if foreign and foreign.string else "") or msgid
        if own_text == foreign_text:
            continue
        for fragment in PLACEHOLDER.split(foreign_text):
            fragment = re.sub(r"\s+", " ", fragment).strip()
            if len(fragment) > SENTINEL_MIN_LENGTH and fragment not in own_text:
                found.add(fragment)
    return found


def _pages_of_every_kind(app, auth, world, lang: str) -> dict[str, object]:
    """One page of each kind a person meets, in `lang`, with data in every section."""
    for user in world.accounts.values():
        user.locale = lang
    aunt, grandpa = world.people["no_account"], world.people["network"]
    task = TaskFactory(family=world.family, status=TaskStatus.OPEN, title="Boodschappen doen")
    TaskFactory(family=world.family, status=TaskStatus.OFFERED, offered_to=grandpa, title="Gras maaien")
    TaskFactory(family=world.family, status=TaskStatus.DECLINED, offered_to=aunt, title="Koken",
                decline_reason="Geen tijd")
    TaskFactory(family=world.family, status=TaskStatus.OFFERED, offered_to=world.people["youth"],
                title="Kamer opruimen")
    with app.test_request_context():
        act(task, TaskAction.ACCEPTED, aunt, world.accounts["family"])
    db.session.commit()
    visitor = app.test_client()
    visitor.set_cookie(LANGUAGE_COOKIE, lang)
    family, mentor, network = auth.login("family"), auth.login("mentor"), auth.login("network")
    family_id = world.family.id
    return {
        "welcome": visitor.get("/"),
        "login with errors": visitor.post("/login", data={"email": "x", "password": ""}),
        "register with errors": visitor.post("/register", data={}),
        "link that does not work": visitor.get("/join/no-such-link"),
        "plan": family.get(f"/families/{family_id}/", follow_redirects=True),
        "people": family.get(f"/families/{family_id}/people"),
        "task": family.get(f"/tasks/{task.id}"),
        "task form with errors": family.post(f"/families/{family_id}/tasks/new", data={"rhythm": "weekly"}),
        "person form with errors": family.post(f"/families/{family_id}/people/new", data={"role": "youth"}),
        "family form": family.get("/families/new"),
        "commitments": mentor.get(f"/families/{family_id}/commitments"),
        "my tasks": network.get(f"/families/{family_id}/my-tasks"),
        "youth home": auth.login("youth").get(f"/families/{family_id}/"),
        "professional home": auth.login("professional").get(f"/families/{family_id}/"),
        "not found": family.get("/no-such-page"),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_in_one_language_shows_nothing_of_the_other(app, auth, world, extracted, catalogs, lang):
    sentinels = _sentinels(extracted, catalogs, lang)
    assert sentinels, "no sentences differ between the catalogs: are they filled in?"

    leaks = {}
    for name, response in _pages_of_every_kind(app, auth, world, lang).items():
        assert response.status_code in (200, 404), f"{name}: {response.status_code}"
        assert html_lang(response) == lang, name
        text = page_text(response)
        found = sorted(s for s in sentinels if s in text)
        if found:
            leaks[name] = found
    assert not leaks, f"text of the other language on {lang} pages: {leaks}"
