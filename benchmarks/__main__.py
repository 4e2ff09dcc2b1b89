"""`make bench` (`python -m benchmarks`): Kring's main pages served by gunicorn and loaded by wrk, for
the demo family in a small database and again after a region was seeded around it; on PostgreSQL
also the access log's rows/s with 1, 2, 4 and 8 writers. Prints a table, writes bench/results.json.

The database: `BENCH_DATABASE_URL` (or `DATABASE_URL`), which must name a PostgreSQL database with
"bench" in its name, because it is emptied first; without either, SQLite in a temporary folder.
`python -m benchmarks seed --families N` only seeds a region into that database.
`python -m benchmarks inprocess` is the earlier in-process timing (Flask's test client);
`python -m benchmarks cpu` the CPU per request of the main pages in-process, production settings.
"""
from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from benchmarks import region, serve, write_report, writers
from portal import create_app
from portal.extensions import db
from portal.families.models import Family

DEMO_FAMILY = "Familie De Vries"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")


def driver_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def database_url(folder: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(folder) / 'bench.db'}"
    url = driver_url(url)
    if "bench" not in sa.make_url(url).database:
        raise SystemExit(f"The benchmark empties its database; {sa.make_url(url).database!r} has no 'bench' in "
                         "its name. Make one: createdb kring_bench")
    return url


def fresh_database(url: str, instance: str) -> int:
    """Empty the database, run the migrations, make the demo; the demo family's id."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    app.instance_path = instance
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
        upgrade(revision="heads")
        outcome = app.test_cli_runner().invoke(args=["demo"])
        if outcome.exit_code != 0:
            raise SystemExit(f"Could not make the demo family:\n{outcome.output}")
        family_id = db.session.scalar(sa.select(Family.id).where(Family.name == DEMO_FAMILY))
        db.session.remove()
        db.engine.dispose()
    return family_id


def seed(url: str, families: int) -> dict:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        started = time.perf_counter()
        counts = region.seed_region(region.RegionSize(families=families),
                                    progress=lambda done, total: print(f"\r  seeding {done}/{total} families",
                                                                       end="", flush=True))
        seconds = round(time.perf_counter() - started, 1)
        db.engine.dispose()
    print(f"\n  seeded in {seconds} s: {sum(counts.values()):,} rows")
    return {"seconds": seconds, "rows": counts}


def machine() -> dict:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    except OSError:
        pass
    return {"cpu": model, "cpus": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "system": platform.platform(), "load_before": os.getloadavg()}


def run(arguments) -> dict:
    with tempfile.TemporaryDirectory(prefix="kring-bench-") as folder:
        url = database_url(folder)
        dialect = sa.make_url(url).get_backend_name()
        family_id = fresh_database(url, str(Path(folder) / "instance"))
        env = dict(os.environ, KRING_ENV="production", SECRET_KEY=secrets.token_hex(32), DATABASE_URL=url,
                   RATELIMIT_STORAGE_URI=REDIS)
        report = {"meta": {**machine(), "database": dialect, "seconds_per_run": arguments.seconds,
                           "connections": serve.CONNECTIONS, "workers": serve.WORKERS,
                           "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
                  "pages": [], "memory": {}}
        pages_file = Path(folder) / "pages.json"
        print(f"Small database ({dialect}): the demo family")
        runs, report["memory"]["small"] = serve.bench_pages("small", env, family_id, arguments.seconds, pages_file)
        report["pages"] += serve.page_rows(runs)
        if arguments.families:
            print(f"Region: {arguments.families:,} families")
            report["seed"] = seed(url, arguments.families)
            runs, report["memory"]["region"] = serve.bench_pages("region", env, family_id, arguments.seconds,
                                                                 pages_file)
            report["pages"] += serve.page_rows(runs)
        if dialect == "postgresql" and not arguments.no_writers:
            print("Access log: rows/s with concurrent writers")
            report["writers"] = writers.run(url, seconds=arguments.seconds)
    return report


def print_table(report: dict) -> None:
    meta = report["meta"]
    print(f"\nKring with gunicorn ({meta['workers']} sync workers), wrk {meta['connections']} connections, "
          f"{meta['database']}; {meta['cpus']} CPUs, {meta['cpu']}\n")
    print(f"{'db':<7}{'role':<13}{'page':<21}{'req/s':>7}{'bare':>7}{'ratio':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
          f"{'reads':>6}{'writes':>7}{'cpu ms':>7}")
    for row in report["pages"]:
        if row["status"] != 200:
            print(f"{row['database']:<7}{row['role']:<13}{row['page']:<21} status {row['status']}")
            continue
        print(f"{row['database']:<7}{row['role']:<13}{row['page']:<21}{row['rps']:>7.0f}{row['bare_rps']:>7.0f}"
              f"{row['ratio']:>7.3f}{row['p50_ms']:>7.1f}{row['p95_ms']:>7.1f}{row['p99_ms']:>7.1f}"
              f"{row['reads']:>6}{row['writes']:>7}{row['cpu_ms']:>7.2f}")
    for label, memory in report["memory"].items():
        print(f"memory per worker ({label}): {memory['rss_mb']} MB now, {memory['peak_mb']} MB at its peak")
    if "seed" in report:
        print(f"region seeded in {report['seed']['seconds']} s")
    for row in report.get("writers", []):
        print(f"access log, {row['writers']} writers, {row['chains']:>6} chains, held {row['hold_ms']} ms: "
              f"{row['rows_per_s']:>7.0f} rows/s, "
              f"{row['record_ms']:.1f} ms writing (waiting for the chain), {row['commit_ms']:.1f} ms committing")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="pages", choices=("pages", "seed", "inprocess", "cpu"))
    parser.add_argument("--families", type=int, default=10_000, help="families in the region (0: no region)")
    parser.add_argument("--seconds", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--no-writers", action="store_true", help="skip the access-log writers on PostgreSQL")
    parser.add_argument("--output", default="bench/results.json")
    arguments, rest = parser.parse_known_args(argv)
    if arguments.command == "inprocess":
        from benchmarks import inprocess
        return inprocess.main(rest)
    if arguments.command == "cpu":
        from benchmarks import cpu
        return cpu.main(rest)
    if arguments.command == "seed":
        if not (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")):
            raise SystemExit("Say where: DATABASE_URL=postgresql://.../kring_bench (or sqlite:///path/to/file.db)")
        seed(database_url(""), arguments.families)
        return 0
    report = run(arguments)
    print_table(report)
    write_report(report, arguments.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
