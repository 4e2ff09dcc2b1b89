"""CPU per request of the main pages, in-process, the production settings: `python -m benchmarks cpu`.

The seven pages of `make bench` (`benchmarks.serve.PAGES`), each opened with the session cookie of
a full login as wrk sends it, through Flask's test client in this process, with the production
profile (the limiter counting in memory instead of Redis). No gunicorn and no network: what is
measured is the Python a request costs, which is what the workers spend most of their CPU on.

Per page the CPU time of this process (`time.process_time`) over `--requests` requests, in
`--rounds` rounds with the pages interleaved in each round; the lowest round counts (the machine
is shared: other work only ever adds). Beside each page the same for a bare Flask app that serves
the same bytes from memory (`benchmarks.bare`), through the same test client.

`--profile PAGE` (a page name, e.g. "plan hub") instead runs pyinstrument over that page's
requests and prints where the time goes.

The database: `BENCH_DATABASE_URL` (a PostgreSQL database with "bench" in its name: it is
emptied), else SQLite in a temporary folder.
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, Response, request

from benchmarks import serve, write_report
from portal import create_app
from portal.extensions import db


def bare_app(pages: dict[str, bytes]) -> Flask:
    """`benchmarks.bare`, in this process: the same bytes, from memory."""
    app = Flask("bare")

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def page(path: str) -> Response:
        return Response(pages.get(request.path, b""), mimetype="text/html")

    return app


def cpu_ms(client, path: str, cookie: str | None, requests: int) -> float:
    headers = {"Cookie": cookie} if cookie else {}
    started = time.process_time()
    for _ in range(requests):
        client.get(path, headers=headers, environ_base=serve.WRK_ENVIRON).close()
    return (time.process_time() - started) * 1000 / requests


TRIVIAL = "/families/{family}/bench-trivial"


def add_trivial_page(app: Flask) -> None:
    """A family page with nothing of its own (the layout and the family menu, empty content), behind
    the same loader and transaction as every family page: what every family request pays. Only in
    the app this benchmark builds."""
    from flask import render_template

    from portal.access.views import family_view
    from portal.transactions import _in_one_transaction

    template = app.jinja_env.from_string('{% extends "base.html" %}{% block content %}<h1>Kring</h1>{% endblock %}')

    @family_view()
    def trivial(ctx):
        return render_template(template, ctx=ctx)

    app.add_url_rule("/families/<int:family_id>/bench-trivial", "bench_trivial", _in_one_transaction(trivial))


def setup(folder: str, reuse: bool = False) -> tuple[Flask, list[tuple[str, str, str, str | None]]]:
    from benchmarks.__main__ import DEMO_FAMILY, database_url, fresh_database

    url = database_url(folder)
    if reuse and url.startswith("postgresql"):
        import sqlalchemy as sa

        engine = sa.create_engine(url)
        with engine.connect() as connection:
            family_id = connection.scalar(sa.text("SELECT id FROM families WHERE name = :name"),
                                          {"name": DEMO_FAMILY})
        engine.dispose()
    else:
        family_id = fresh_database(url, str(Path(folder) / "instance"))
    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32),
                                    "RATELIMIT_STORAGE_URI": "memory://"})
    add_trivial_page(app)
    cookies = {role: serve.session_cookie(app, email) for role, email in serve.ROLES.items()}
    pages = [(role, page, path.format(family=family_id), cookies.get(role))
             for role, page, path in [*serve.PAGES, ("network", "trivial family page", TRIVIAL),
                                      ("professional", "trivial (professional)", TRIVIAL)]]
    return app, pages


def measure(app: Flask, pages, rounds: int, requests: int) -> list[dict]:
    client = app.test_client(use_cookies=False)
    bodies: list[bytes] = []
    for _, _, path, cookie in pages:
        response = client.get(path, headers={"Cookie": cookie} if cookie else {}, environ_base=serve.WRK_ENVIRON)
        if response.status_code != 200:
            raise SystemExit(f"{path}: status {response.status_code}")
        bodies.append(response.get_data())
        for _ in range(3):  # warm-up: templates compiled, statement caches filled
            cpu_ms(client, path, cookie, 1)
    samples: list[list[float]] = [[] for _ in pages]
    bare_samples: list[list[float]] = [[] for _ in pages]
    for _ in range(rounds):
        for index, (_, _, path, cookie) in enumerate(pages):
            samples[index].append(cpu_ms(client, path, cookie, requests))
            bare = bare_app({path: bodies[index]}).test_client(use_cookies=False)
            bare_samples[index].append(cpu_ms(bare, path, cookie, requests))
    return [{"role": role, "page": page, "url": path, "bytes": len(bodies[index]),
             "cpu_ms_lowest": round(min(samples[index]), 2), "cpu_ms_median": round(statistics.median(samples[index]), 2),
             "bare_ms_lowest": round(min(bare_samples[index]), 3)}
            for index, (role, page, path, _) in enumerate(pages)]


def profile(app: Flask, pages, name: str, requests: int) -> None:
    from pyinstrument import Profiler

    role, page, path, cookie = next(entry for entry in pages if entry[1] == name or f"{entry[0]} {entry[1]}" == name)
    client = app.test_client(use_cookies=False)
    for _ in range(3):
        cpu_ms(client, path, cookie, 1)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    cpu_ms(client, path, cookie, requests)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks cpu", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=15, help="requests per page per round")
    parser.add_argument("--profile", metavar="PAGE", help="profile one page with pyinstrument instead")
    parser.add_argument("--json", help="also write the results as JSON here")
    parser.add_argument("--reuse", action="store_true", help="PostgreSQL: keep the database of the last run")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kring-cpu-") as folder:
        app, pages = setup(folder, arguments.reuse)
        try:
            if arguments.profile:
                profile(app, pages, arguments.profile, arguments.requests)
                return 0
            rows = measure(app, pages, arguments.rounds, arguments.requests)
        finally:
            with app.app_context():
                db.engine.dispose()
    print(f"\nCPU ms per request, in-process, production settings; lowest (and median) of {arguments.rounds} "
          f"rounds of {arguments.requests}; load {os.getloadavg()[0]:.1f}\n")
    print(f"{'role':<13}{'page':<21}{'lowest':>8}{'median':>8}{'bare':>7}{'KB':>6}")
    for row in rows:
        print(f"{row['role']:<13}{row['page']:<21}{row['cpu_ms_lowest']:>8.2f}{row['cpu_ms_median']:>8.2f}"
              f"{row['bare_ms_lowest']:>7.2f}{row['bytes'] / 1024:>6.0f}")
    if arguments.json:
        write_report({"meta": {"rounds": arguments.rounds, "requests": arguments.requests,
                               "load": os.getloadavg()}, "pages": rows}, arguments.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
