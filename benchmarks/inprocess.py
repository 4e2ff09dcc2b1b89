"""Time Kring's main pages for each demo role in-process: `python -m benchmarks inprocess`.

A throwaway database (SQLite in a temporary folder, or `BENCH_DATABASE_URL`, e.g. an empty
PostgreSQL database) gets the migrations and the demo family; then every main page is opened N
times per role with Flask's test client, in this process: no network, no gunicorn, one request
at a time. Per page it reports the median and 95th-percentile time in milliseconds and the SQL
statements one request sends, prints a table and writes `bench/results.json`.

This is a first step: the demo family is one small family. It measures the cost of the code and
the queries per page, not the load of many families or many users at once.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from portal import create_app
from portal.auth.sessions import LAST_SEEN_KEY
from portal.auth.services import user_by_email
from portal.extensions import db
from portal.families.models import Family
from benchmarks import write_report

DEMO_FAMILY = "Familie De Vries"
# The demo account for each role (see README, "Demo accounts").
ROLES = {
    "family": "ouder@example.org",
    "youth": "jongere@example.org",
    "mentor": "mentor@example.org",
    "network": "opa@example.org",
    "professional": "wijkteam@example.org",
}
# The pages people open most; `{family}` is the demo family's id. A page a role may not open
# (or that redirects it) is listed in the results with its status and no timings.
PAGES = {
    "start": "/",
    "plan": "/families/{family}/plan",
    "tasks": "/families/{family}/tasks",
    "my tasks": "/families/{family}/my-tasks",
    "commitments": "/families/{family}/commitments",
    "people": "/families/{family}/people",
    "agreements": "/families/{family}/plan/agreements",
    "safety": "/families/{family}/safety",
    "log": "/families/{family}/log",
    "meetings": "/families/{family}/meetings",
    "scores": "/families/{family}/scores",
    "needs": "/families/{family}/needs",
    "review": "/families/{family}/review",
    "consent": "/families/{family}/consent",
    "access log": "/families/{family}/access-log",
}
ANONYMOUS_PAGES = {"welcome": "/", "login": "/login", "health": "/healthz"}


@dataclass
class PageResult:
    role: str
    page: str
    url: str
    status: int
    median_ms: float | None = None
    p95_ms: float | None = None
    statements: int | None = None


def build_app(database_url: str, instance_path: str) -> Flask:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    app.instance_path = instance_path
    with app.app_context():
        upgrade(revision="heads")
        outcome = app.test_cli_runner().invoke(args=["demo"])
        if outcome.exit_code != 0:
            raise SystemExit(f"Could not make the demo family:\n{outcome.output}")
    return app


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def time_page(app: Flask, client, engine, role: str, page: str, url: str, requests: int) -> PageResult:
    first = client.get(url)  # warm-up: compiles the templates, fills the caches
    if first.status_code != 200:
        return PageResult(role, page, url, first.status_code)
    durations: list[float] = []
    statement_counts: list[int] = []
    for _ in range(requests):
        sent = [0]

        def count(*args):
            sent[0] += 1

        sa.event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - started) * 1000)
        sa.event.remove(engine, "before_cursor_execute", count)
        response.close()
        statement_counts.append(sent[0])
    return PageResult(role, page, url, 200, round(statistics.median(durations), 2), round(p95(durations), 2),
                      round(statistics.median(statement_counts)))


def client_for(app: Flask, email: str | None):
    """A test client with the account's session, as after a full login (the login has its own cost)."""
    client = app.test_client()
    if email is None:
        return client
    with app.app_context():
        user_id = user_by_email(email).get_id()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
        session[LAST_SEEN_KEY] = int(time.time())
    return client


def driver_url(url: str) -> str:
    """`postgresql://…` as `DATABASE_URL` takes it, with the driver Kring uses (psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def run(requests: int, database_url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="kring-bench-") as folder:
        url = driver_url(database_url) if database_url else f"sqlite:///{Path(folder) / 'bench.db'}"
        app = build_app(url, str(Path(folder) / "instance"))
        with app.app_context():
            engine = db.engine
            family_id = db.session.scalar(sa.select(Family.id).where(Family.name == DEMO_FAMILY))
            dialect = engine.dialect.name
        results: list[PageResult] = []
        anonymous = client_for(app, None)
        for page, path in ANONYMOUS_PAGES.items():
            results.append(time_page(app, anonymous, engine, "anonymous", page, path, requests))
        for role, email in ROLES.items():
            client = client_for(app, email)
            for page, path in PAGES.items():
                results.append(time_page(app, client, engine, role, page, path.format(family=family_id), requests))
        engine.dispose()
    return {
        "meta": {
            "what": "in-process Flask test client, one request at a time, demo family only",
            "database": dialect,
            "requests_per_page": requests,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "pages": [asdict(result) for result in results],
    }


def print_table(report: dict) -> None:
    meta = report["meta"]
    print(f"\nKring pages, {meta['requests_per_page']} requests each, {meta['database']}, in-process\n")
    print(f"{'role':<13} {'page':<12} {'median ms':>10} {'p95 ms':>8} {'SQL':>5}")
    for row in report["pages"]:
        if row["status"] != 200:
            # A server error is a bug to see, not a page the role may not open.
            label = f"ERROR {row['status']}" if row["status"] >= 500 else f"not timed: {row['status']}"
            print(f"{row['role']:<13} {row['page']:<12} {label:>25}")
            continue
        print(f"{row['role']:<13} {row['page']:<12} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} "
              f"{row['statements']:>5}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page (default 10)")
    parser.add_argument("--output", default="bench/inprocess.json", help="where to write the results")
    arguments = parser.parse_args(argv)
    report = run(max(1, arguments.requests), os.environ.get("BENCH_DATABASE_URL"))
    print_table(report)
    write_report(report, arguments.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
