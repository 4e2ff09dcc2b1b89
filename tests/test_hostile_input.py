"""Hostile input in every form of the app: never a 500; what is stored is validated (no NUL, no
bidirectional override), and what is shown back is escaped.

Every POST route of `app.url_map` takes part (the access matrix says who may post it and how to
fill in its URL). The test opens the page that holds the route's form, as a browser would, and
sends the form back with hostile values in its fields: markup, NUL and other control characters,
right-to-left overrides, emoji, and numbers and dates far outside any sane range. A fixed worst case
comes first, then a few examples that hypothesis draws (derandomized, so CI runs the same ones).
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.input import MAX_ID, MAX_PAGE
from portal.plans.models import EntryKind, PlanEntry
from portal.parts.models import Visibility
from tests.factories import TaskFactory
from tests.test_access_matrix import ACCESS, OK, URL_VALUES, Scene, world  # noqa: F401  (the matrix's world)

# Markup that would do something if a page showed it unescaped; each has a part that only appears
# in a page when the input went out raw (`RAW_SIGNS`).
MARKUP = ('<script>alert(1)</script>', '<meta http-equiv="refresh" content="0;url=https://evil.example">',
          '"><img src=x onerror=alert(1)>', "{{ 7*7 }}{% raw %}", "%(name)s %s")
RAW_SIGNS = ("<script>alert", "<meta http-equiv", "<img src=x")
CONTROLS = ("\x00", "\x00\x00", "\x1b[31m", "\x7f", "\x85", "\r\n", "\t")
BIDI = ("\u202e", "\u202dabc\u202c", "\u2066\u2069", "\u200f")
EMOJI = ("😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "\U0010ffff", "ﷺ")
WORST_TEXT = "Oma " + "".join(MARKUP) + "\x00\u202eNoor 👨‍👩‍👧‍👦\x1b\x7f"
HOSTILE_NUMBERS = ("2147483648", str(2**63), "9" * 40, "-1", "-2147483649", "0", "1e9", "NaN", "١٢", " 7 ",
                   "0x10", "")
HOSTILE_DATES = ("9999-12-31", "0001-01-01", "0000-00-00", "2024-02-30", "99999-01-01", "-2024-01-01",
                 "2024-1-1", "")
# Roles tried in this order: the first one that may post a route posts it.
POSTERS = ("family", "mentor", "network", "professional", "youth_16", "youth", "youth_under_12",
           "professional_with_consent", "anonymous", "outsider")
TEXT_INPUTS = {"text", "email", "password", "search", "url", "tel", None}


class _Forms(HTMLParser):
    """Every form of a page: its action and, per field, (kind, value a browser would send)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, tuple[str, str]]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif not self.forms:
            return
        elif tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            kind = attrs.get("type")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or name not in self.forms[-1][1]:
                    self.forms[-1][1][name] = (kind, attrs.get("value") or "y")
            else:
                self.forms[-1][1][name] = ("text" if kind in TEXT_INPUTS else kind, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self.forms[-1][1]:
                self.forms[-1][1][self._select] = ("select", attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.forms[-1][1][name] = ("text", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            kind, value = self.forms[-1][1][self._textarea]
            self.forms[-1][1][self._textarea] = (kind, value + data)


@dataclass
class Target:
    endpoint: str
    client: object
    url: str


def _poster(endpoint: str) -> str:
    expected = ACCESS[endpoint]["POST"]
    # A route nobody gets through in the matrix's scene (a reset link it has no token for): anonymous.
    return next((role for role in POSTERS if expected.get(role) == OK), "anonymous")


def _post_routes(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods})


def _target(app, auth, world, endpoint: str) -> Target:
    scene = Scene(world)
    rule = next(app.url_map.iter_rules(endpoint=endpoint))
    with app.test_request_context():
        url = url_for(endpoint, **{arg: URL_VALUES[arg](scene) for arg in rule.arguments})
    db.session.commit()
    role = _poster(endpoint)
    client = app.test_client() if role == "anonymous" else auth.login(role)
    return Target(endpoint, client, url)


def _form_of(target: Target) -> dict[str, tuple[str, str]] | None:
    """The fields of the target's form, from the page at its URL or, for a route that only takes
    POST, from the nearest page above it (a task's buttons are on the task's page)."""
    path = target.url
    while path:
        page = target.client.get(path)
        assert page.status_code < 500, f"GET {path}: {page.status_code}"
        if page.status_code == 200:
            reader = _Forms()
            reader.feed(page.get_data(as_text=True))
            for action, fields in reader.forms:
                if (urlsplit(action).path or path) == target.url:
                    return fields
        path = path.rstrip("/").rpartition("/")[0]
    return None


def _assert_shown_escaped(response, where: str) -> None:
    body = response.get_data(as_text=True)
    raw = [sign for sign in RAW_SIGNS if sign in body]
    assert not raw, f"{where}: input shown unescaped: {raw}"


def _send(target: Target, fill) -> None:
    """Post the target's form with each field's value from `fill(kind, value_on_the_page)`."""
    fields = _form_of(target)
    if fields is None:
        fields = {"text": ("text", ""), "name": ("text", ""), "title": ("text", "")}
    data = {name: value if name == "csrf_token" else fill(kind, value)
            for name, (kind, value) in fields.items()}
    response = target.client.post(target.url, data=data)
    where = f"POST {target.url} ({target.endpoint})"
    assert response.status_code < 500, f"{where}: {response.status_code} with {data!r:.300}"
    _assert_shown_escaped(response, where)
    if response.status_code in (302, 303):
        location = urlsplit(response.headers["Location"])
        shown = target.client.get(location.path + (f"?{location.query}" if location.query else ""))
        assert shown.status_code < 500, f"{where}, then GET {location.path}: {shown.status_code}"
        _assert_shown_escaped(shown, f"{where}, then GET {location.path}")


def _worst(kind: str, value: str) -> str:
    if kind == "date":
        return "9999-12-31"
    if kind in ("number", "select", "hidden"):
        return "9" * 40
    if kind in ("checkbox", "radio"):
        return value
    return WORST_TEXT


hostile_text = st.one_of(
    st.lists(st.sampled_from(MARKUP + CONTROLS + BIDI + EMOJI), min_size=1, max_size=4).map("".join),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).map(lambda text: f"{text}{MARKUP[0]}"),
)
hostile_number = st.one_of(st.sampled_from(HOSTILE_NUMBERS),
                           st.integers(min_value=-(2**70), max_value=2**70).map(str))


def _field_value(kind: str, value: str) -> st.SearchStrategy[str]:
    if kind == "date":
        return st.one_of(st.sampled_from(HOSTILE_DATES), st.just(value))
    if kind in ("number", "select", "hidden"):
        return st.one_of(hostile_number, hostile_text, st.just(value))
    if kind in ("checkbox", "radio"):
        return st.one_of(st.just(value), hostile_text)
    # Text, often with sane values elsewhere, so that the form passes validation and stores it.
    return st.one_of(hostile_text, st.just(value or "Oma helpt"))


def _assert_nothing_stored_unvalidated() -> None:
    """No text column holds a NUL, another control character or a bidirectional override."""
    bad = {chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)} | {"\u202a", "\u202b", "\u202c",
                                                                            "\u202d", "\u202e"}
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, sa.String)]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)):
            for column, value in zip(columns, row):
                if isinstance(value, str) and column.name not in ("prev_hash", "entry_hash"):
                    assert not bad & set(value), f"{table.name}.{column.name} holds {value!r:.100}"


def pytest_generate_tests(metafunc):
    if "post_endpoint" in metafunc.fixturenames:
        metafunc.parametrize("post_endpoint", sorted(e for e, methods in ACCESS.items() if "POST" in methods))


def test_every_post_route_takes_part(app):
    assert _post_routes(app) == sorted(e for e, methods in ACCESS.items() if "POST" in methods)


@pytest.fixture()
def app_config() -> dict:
    # A bug must show as a 500 here, as it would in production, not as an exception in the test.
    return {"PROPAGATE_EXCEPTIONS": False}


def test_hostile_input_never_breaks_a_form(app, auth, world, post_endpoint):
    target = _target(app, auth, world, post_endpoint)
    _send(target, _worst)

    # Few examples per form (77 forms), no shrinking: each example changes the world the next one
    # posts into, so a replay would not be the same test case anyway.
    @settings(max_examples=2, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def hostile_examples(data):
        _send(target, lambda kind, value: data.draw(_field_value(kind, value)))

    hostile_examples()
    db.session.rollback()
    _assert_nothing_stored_unvalidated()


@pytest.mark.parametrize("endpoint", ["log.write", "plans.new_entry", "families.new", "auth.register"])
def test_a_megabyte_of_text_is_refused_kindly(app, auth, world, endpoint):
    target = _target(app, auth, world, endpoint)
    _send(target, lambda kind, value: "Oma 👵 " * 100_000 if kind == "text" else value)


def test_text_is_kept_without_its_control_characters(app, auth, world):
    """The log keeps what was typed, minus NUL and the override; markup is shown as text."""
    client = auth.login("family")
    response = client.post(f"/families/{world.family.id}/log", data={"text": "Noor\x00 \u202e<b>blij</b> 😀",
                                                                      "visibility": "network"})
    assert response.status_code == 303
    page = client.get(f"/families/{world.family.id}/log").get_data(as_text=True)
    assert "Noor &lt;b&gt;blij&lt;/b&gt; 😀" in page


@pytest.mark.parametrize("path", ["/families/2147483648/tasks", f"/tasks/{2**64}", "/families/99999999999999999999/log",
                                  "/families/1/plan/concerns/2147483648/edit"])
def test_an_id_beyond_the_database_range_is_not_found(auth, world, path):
    assert auth.login("family").get(path).status_code == 404


@pytest.mark.parametrize("page", [str(2**63), "9" * 40, "-5", "0", "abc", str(MAX_PAGE + 1)])
@pytest.mark.parametrize("where", ["log", "access-log"])
def test_any_page_number_shows_a_page(auth, world, page, where):
    response = auth.login("family").get(f"/families/{world.family.id}/{where}?page={page}")
    assert response.status_code == 200


def test_a_huge_agreement_id_in_the_query_string_is_ignored(auth, world):
    response = auth.login("family").get(f"/families/{world.family.id}/tasks/new?agreement_id={2**70}")
    assert response.status_code == 200
    assert MAX_ID == 2**31 - 1


def test_a_task_button_for_a_person_beyond_the_database_range_is_refused(auth, world):
    """The hidden `person_id` of a task button once reached the query as is: an overflow, a 500."""
    task = TaskFactory(family=world.family)
    db.session.commit()
    response = auth.login("network").post(f"/tasks/{task.id}/accept", data={"person_id": str(2**64)})
    assert response.status_code < 500


def test_a_form_version_beyond_the_database_range_is_not_a_500(auth, world):
    """The hidden version of an edit form once reached the stale-save check's query: an overflow."""
    entry = PlanEntry(family_id=world.family.id, kind=EntryKind.CONCERN, text="Noor slaapt slecht",
                      visibility=Visibility.NETWORK, author_id=world.people["family"].id)
    db.session.add(entry)
    db.session.commit()
    response = auth.login("family").post(f"/families/{world.family.id}/plan/concerns/{entry.id}/edit", data={
        "kind": "concern", "text": "Noor slaapt beter", "visibility": "network", "version": "9" * 30})
    assert response.status_code < 500
