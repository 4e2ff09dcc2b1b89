"""The ceiling: a bare Flask app that answers each benchmarked URL with the bytes Kring sent for
it, from memory. Served by gunicorn with the same settings as Kring (`benchmarks.serve`)."""
from __future__ import annotations

import json
import os

from flask import Flask, Response, request

app = Flask(__name__)
with open(os.environ["BENCH_PAGES"], encoding="utf-8") as pages_file:
    PAGES: dict[str, str] = json.load(pages_file)


@app.route("/", defaults={"path": ""})
@app.route("/<path:path>")
def page(path: str) -> Response:
    return Response(PAGES.get(request.path, ""), mimetype="text/html")
