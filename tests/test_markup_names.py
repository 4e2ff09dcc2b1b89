"""A name made of markup is shown as text on every page (security finding 4).

Every person, account and family of the world gets a name that is HTML. Every page each role can
open is fetched, with the URL filled in as the access matrix does; the markup may only ever come
back escaped. A name that slipped through unescaped once sent a mother's browser elsewhere.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import url_for

from portal.extensions import db
from portal.needs.services import offer_help
from portal.relapse.services import AlarmDetails, RelapseRefused, save_alarm_pair
from portal.parts.models import Visibility
from portal.needs.services import NeedRefused
from tests.test_access_matrix import URL_VALUES, Scene

REDIRECT = '<meta http-equiv="refresh" content="0;url=https://evil.example">'


def markup_name(key: str) -> str:
    return f"<b>{key}</b>{REDIRECT}"


def raw_markup_in(body: str) -> list[str]:
    return [found for found in ("<b>", 'content="0;url=https://evil.example') if found in body]


@pytest.fixture()
def marked_up(world):
    """The world, with markup for every name, and one thing of each kind a URL can name."""
    for key, person in world.people.items():
        person.name = markup_name(key)
    for key, user in world.accounts.items():
        user.name = markup_name(f"account-{key}")
    world.family.name = markup_name("family-name")
    world.other_family.name = markup_name("other-family-name")
    scene = Scene(world)
    for make in URL_VALUES.values():
        make(scene)
    db.session.commit()
    return world, scene


def _get_urls(app, scene) -> list[str]:
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or "GET" not in rule.methods:
                continue
            urls.append(url_for(rule.endpoint, **{arg: URL_VALUES[arg](scene) for arg in rule.arguments}))
    return urls


@pytest.mark.parametrize("role", ["family", "mentor", "network", "youth", "professional"])
def test_markup_in_names_is_shown_as_text_on_every_page(app, auth, marked_up, role):
    world, scene = marked_up
    client = auth.login(role)
    leaks, pages_with_names = [], 0
    for url in _get_urls(app, scene):
        response = client.get(url)
        if response.mimetype != "text/html":
            continue  # the data export is JSON, sent as a download: data, not a page
        body = response.get_data(as_text=True)
        if raw := raw_markup_in(body):
            leaks.append(f"{url} ({response.status_code}): {raw}")
        pages_with_names += "&lt;b&gt;" in body
    assert not leaks, "markup from a name came through unescaped:\n" + "\n".join(leaks)
    assert pages_with_names > 3, "the crawl should find pages that show the names"


def test_whose_chain_options_show_a_childs_name_as_text(app, auth, marked_up):
    """The page of the original finding: a lazy string formatted a child's name as safe markup."""
    world, _scene = marked_up
    body = auth.login("family").get(f"/families/{world.family.id}/safety/situations/new").get_data(as_text=True)
    assert "&lt;b&gt;youth&lt;/b&gt;&lt;meta http-equiv" in body
    assert REDIRECT not in body


def test_refusals_that_name_people_are_plain_text(app, marked_up):
    """Messages that carry a name are built at request time with `_()`: plain text, which a
    template escapes (a lazy string would say it is safe markup)."""
    world, scene = marked_up
    with app.test_request_context():
        pair = AlarmDetails(world.people["network"], world.people["mentor"], "", Visibility.NETWORK)
        with pytest.raises(RelapseRefused) as refused:
            save_alarm_pair(world.family, pair)
        assert type(refused.value.message) is str and not hasattr(refused.value.message, "__html__")
        with pytest.raises(NeedRefused) as refused:
            offer_help(scene.need, world.people["network"], "", world.accounts["network"])
        assert type(refused.value.message) is str and not hasattr(refused.value.message, "__html__")
    db.session.rollback()


# Keyword values a lazy string may carry: numbers fixed in the code, never data.
SAFE_LAZY_VALUES = {"limit"}


def test_no_lazy_string_is_formatted_with_data():
    """`_l(..., name=x)` formats itself into markup that Jinja trusts. Only constants (upper-case
    names or literals) and the numbers in `SAFE_LAZY_VALUES` may go in."""
    offenders = []
    for path in Path("portal").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_l", "lazy_gettext", "lazy_ngettext")):
                continue
            for keyword in node.keywords:
                value = keyword.value
                if isinstance(value, ast.Constant) or (isinstance(value, ast.Name) and (
                        value.id.isupper() or value.id in SAFE_LAZY_VALUES)):
                    continue
                offenders.append(f"{path}:{node.lineno} {ast.unparse(node)[:100]}")
    assert not offenders, "lazy strings formatted with data:\n" + "\n".join(offenders)
