"""The offline safety page: the service worker that keeps the person's own "what do I do now?" page
(and its stylesheet, nothing else) on their device, and the web app manifest that lets them put that
page on their home screen. Neither holds any of the family's data: the worker script and the
manifest are the same for everyone, so they need no login and leave no access-log row.

The page registers the worker with the page itself as its scope (see static/offline.js); the worker
lives under /offline/, so `Service-Worker-Allowed` lets it take a scope under /families/.
"""
from __future__ import annotations

import re

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

bp = Blueprint("offline", __name__)

# The worker only ever fetches its own page and stylesheet from Kring.
WORKER_CSP = "default-src 'none'; connect-src 'self'"
WORKER_SCOPES = "/families/"
# The pages a manifest may start at: a family's "what do I do now?" page, nothing else.
START_PAGE = re.compile(r"/families/[1-9][0-9]{0,17}/safety/now")


@bp.route("/offline/worker.js")
def worker():
    script = render_template("offline/worker.js", stylesheet=url_for("static", filename="kring.css"))
    return Response(script, mimetype="text/javascript", headers={
        "Service-Worker-Allowed": WORKER_SCOPES, "Content-Security-Policy": WORKER_CSP})


@bp.route("/offline/manifest.webmanifest")
def manifest():
    """`?start=` names the page the home-screen icon opens: a safety page, else Kring's start page."""
    start = request.args.get("start", "")
    if not START_PAGE.fullmatch(start):
        start = url_for("main.index")
    icon = lambda name, size, kind: {"src": url_for("static", filename=name), "sizes": size, "type": kind}  # noqa: E731
    response = jsonify({
        "name": "Kring", "short_name": "Kring", "lang": str(get_locale()),
        "description": _("What do I do now? Your safety page, also without internet."),
        "start_url": start, "scope": start, "display": "standalone",
        "background_color": "#fbf8f3", "theme_color": "#0b6b5d",
        "icons": [icon("kring-icon-192.png", "192x192", "image/png"), icon("kring-icon-512.png", "512x512", "image/png"),
                  icon("kring-icon.svg", "any", "image/svg+xml")],
    })
    response.mimetype = "application/manifest+json"
    return response
