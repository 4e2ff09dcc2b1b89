"""The offline safety page, server side: the page asks for the worker for itself only, the worker is
served with its scope and a strict policy of its own, the manifest starts at a safety page and
nothing else, and logging out tells the browser to drop the copy. (tests/browser/test_offline.py
shows it working in a real browser.)"""
from __future__ import annotations

import json

import pytest
from flask import url_for

from portal.offline.routes import WORKER_CSP
from tests.conftest import translated


def _urls(app, world):
    with app.test_request_context():
        return (url_for("safety.now", family_id=world.family.id),
                url_for("safety.now_for_youth", family_id=world.family.id, youth_id=world.people["youth"].id))


def test_only_the_members_own_safety_page_asks_to_be_kept_offline(app, auth, world):
    own, childs = _urls(app, world)
    client = auth.login("family")

    page = client.get(own).get_data(as_text=True)
    assert f'data-offline-scope="{own}"' in page
    assert 'rel="manifest"' in page and "/static/offline.js" in page
    assert translated("This page was last updated on %(moment)s.", moment="")[:25] in page
    # A child's page opened by the parent is not the parent's own: it stays on the server.
    other = client.get(childs).get_data(as_text=True)
    assert "data-offline-worker" not in other and "offline.js" not in other
    assert translated("Safety card for in your wallet (PDF)") in other


def test_the_worker_keeps_the_page_and_its_stylesheet_only(app, client):
    response = client.get("/offline/worker.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/families/"
    assert response.headers["Content-Security-Policy"] == WORKER_CSP
    script = response.get_data(as_text=True)
    with app.test_request_context():
        assert json.dumps(url_for("static", filename="kring.css")) in script
    assert "registration.scope" in script and "caches.delete" in script


@pytest.mark.parametrize("start, opens", [
    ("/families/7/safety/now", "/families/7/safety/now"), ("", "/"), ("/families/7/plan", "/"),
    ("https://evil.example/", "/"), ("/families/7/safety/now/../../../plan", "/"),
    ("/families/99999999999999999999/safety/now", "/"),
    ("/families/7/safety/now\x00", "/families/7/safety/now"),  # control characters are taken out first
])
def test_the_manifest_starts_at_a_safety_page_or_at_kring(client, start, opens):
    response = client.get("/offline/manifest.webmanifest", query_string={"start": start} if start else None)
    assert response.status_code == 200
    manifest = response.get_json(force=True)
    assert response.mimetype == "application/manifest+json"
    assert manifest["start_url"] == manifest["scope"] == opens
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_logging_out_tells_the_browser_to_drop_the_copy(app, auth, world):
    client = auth.login("youth")
    response = client.post("/logout")
    assert response.status_code in (302, 303)
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
