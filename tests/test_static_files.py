"""Static files have fingerprinted URLs (a hash of their content) and, under the current
fingerprint, a year in every cache; a stale or missing fingerprint makes the browser check again."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from portal.static_files import fingerprints


def _stylesheet_url(response) -> str:
    match = re.search(r'<link rel="stylesheet" href="([^"]+)"', response.get_data(as_text=True))
    assert match, "no stylesheet link on the page"
    return match.group(1)


def test_the_page_links_the_stylesheet_by_its_content_hash(app, client):
    content = (Path(app.static_folder) / "kring.css").read_bytes()
    expected = hashlib.sha256(content).hexdigest()[:12]
    assert _stylesheet_url(client.get("/")) == f"/static/kring.css?v={expected}"


def test_the_fingerprinted_stylesheet_is_cached_for_a_year(client):
    response = client.get(_stylesheet_url(client.get("/")))
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    cache_control = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache_control and "immutable" in cache_control
    assert "no-store" not in cache_control
    response.close()


def test_a_stale_or_missing_fingerprint_is_checked_again(client):
    for url in ("/static/kring.css", "/static/kring.css?v=0123456789ab"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        response.close()


def test_a_changed_file_gets_a_new_fingerprint(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "kring.css").write_text("body { color: black }")
    (tmp_path / "js" / "menu.js").write_text("// menu")
    before = fingerprints(tmp_path)
    (tmp_path / "kring.css").write_text("body { color: navy }")
    after = fingerprints(tmp_path)
    assert set(before) == {"kring.css", "js/menu.js"}
    assert before["kring.css"] != after["kring.css"]
    assert before["js/menu.js"] == after["js/menu.js"]
