"""Static files under fingerprinted URLs, cached for a year.

`url_for('static', filename='kring.css')` gives `/static/kring.css?v=<hash of the file>`, so every
template gets the fingerprint without asking for it. A request that names the current fingerprint
may be kept by browsers and proxies for a year: a changed file has a new hash, so a new URL, and
no one is served a stale copy. Every app server of one release computes the same hashes.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request

ONE_YEAR_IMMUTABLE = "public, max-age=31536000, immutable"
# An old or missing fingerprint: serve the file, but let the browser check again next time.
REVALIDATE = "no-cache"


def fingerprints(folder: str | Path) -> dict[str, str]:
    """A short content hash for every file under `folder`, by its path relative to it ("a/b.css")."""
    root = Path(folder)
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in sorted(root.rglob("*")) if path.is_file()}


def register_static_fingerprints(app: Flask) -> None:
    versions = fingerprints(app.static_folder or "")  # once, at start-up: the files ship with a release

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            version = versions.get(values.get("filename", ""))
            if version:
                values["v"] = version

    @app.after_request
    def cache_fingerprinted(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            current = versions.get(filename)
            fresh = current is not None and request.args.get("v") == current
            response.headers["Cache-Control"] = ONE_YEAR_IMMUTABLE if fresh else REVALIDATE
        return response
