"""Kring served the production way (gunicorn with the repository's gunicorn.conf.py, 2 sync workers,
Redis for the limiter) and loaded by `wrk` from this process's machine over loopback, page by
page, each run followed by one against a bare Flask app serving the same bytes (`benchmarks.bare`).

Per page: requests per second, latency percentiles, the ratio to the bare app, the SQL statements
and writes one request sends (counted in this process with Flask's test client), and the CPU the
gunicorn workers spent per request. Per database: the memory of each worker (now and at its peak).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_login.utils import _create_identifier

from portal import create_app
from portal.auth.services import user_by_email
from portal.auth.sessions import LAST_SEEN_KEY
from portal.extensions import db

REPO = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
LUA = str(Path(__file__).with_name("report.lua"))
CONNECTIONS, WORKERS = 16, 2
# What a request from wrk looks like to the app (for the session's identifier): no User-Agent.
WRK_ENVIRON = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": None}
ROLES = {"family": "ouder@example.org", "youth": "jongere@example.org", "mentor": "mentor@example.org",
         "network": "opa@example.org", "professional": "wijkteam@example.org"}
# The main page of each role (the table); `{family}` is the demo family.
PAGES = [
    ("network", "my tasks", "/families/{family}/my-tasks"),
    ("mentor", "commitments", "/families/{family}/commitments"),
    ("family", "plan hub", "/families/{family}/plan"),
    ("youth", "what do I do now", "/families/{family}/safety/now"),
    ("family", "review", "/families/{family}/review"),
    ("professional", "professional's view", "/families/{family}/"),
    ("anonymous", "login", "/login"),
]


@dataclass
class PageRun:
    database: str
    role: str
    page: str
    url: str
    status: int
    rps: float = 0.0
    bare_rps: float = 0.0
    ratio: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    reads: int = 0
    writes: int = 0
    cpu_ms: float = 0.0
    errors: int = 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with gunicorn.conf.py, WORKERS sync workers, on a free loopback port."""

    def __init__(self, app_spec: str, env: dict[str, str], ready_path: str):
        self.port = free_port()
        env = dict(env, WEB_CONCURRENCY=str(WORKERS), KRING_BIND=f"127.0.0.1:{self.port}", KRING_LOG_LEVEL="warning")
        # Its error log goes to a file: a pipe nobody reads would fill and stop the server.
        self.log = Path(tempfile.gettempdir()) / f"kring-bench-gunicorn-{self.port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen([GUNICORN, "--config", "gunicorn.conf.py", app_spec], cwd=REPO, env=env,
                                            stdout=subprocess.DEVNULL, stderr=log)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + ready_path, timeout=30):
                    return
            except OSError:  # not listening yet, or the workers are still starting
                if self.process.poll() is not None:
                    raise SystemExit(f"gunicorn stopped (exit {self.process.returncode}); see {self.log}")
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer {ready_path} within two minutes")

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(pid) for pid in children]

    def cpu_seconds(self) -> float:
        """CPU of the master, its live workers and the workers it already replaced (max_requests)."""
        ticks = os.sysconf("SC_CLK_TCK")
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        for pid in self.workers():
            try:
                worker = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(worker[11]) + int(worker[12])
        return total / ticks

    def memory_mb(self) -> dict[str, float]:
        """The largest worker's resident memory now, and the largest peak of any live worker."""
        now, peak = 0.0, 0.0
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            values = {line.split(":")[0]: int(line.split()[1]) for line in status if line.startswith(("VmRSS", "VmHWM"))}
            now, peak = max(now, values.get("VmRSS", 0) / 1024), max(peak, values.get("VmHWM", 0) / 1024)
        return {"rss_mb": round(now, 1), "peak_mb": round(peak, 1)}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def session_cookie(app: Flask, email: str) -> str:
    """The session cookie of a full login of `email` (signed with the server's key), as wrk sends it:
    from 127.0.0.1 without a User-Agent, so Flask-Login's session protection finds it unchanged."""
    with app.test_request_context(environ_base=WRK_ENVIRON):
        user = user_by_email(email)
        # With a form token already in it, as after the first page with a form.
        value = {"_user_id": user.get_id(), "_fresh": True, "_id": _create_identifier(),
                 LAST_SEEN_KEY: int(time.time()), "csrf_token": hashlib.sha1(os.urandom(64)).hexdigest()}
        signed = app.session_interface.get_signing_serializer(app).dumps(value)
    return f"{app.config['SESSION_COOKIE_NAME']}={signed}"


def wrk(url: str, cookie: str | None, seconds: float) -> dict:
    command = [WRK, "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", LUA, url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def fetch(url: str, cookie: str | None) -> tuple[int, str, bytes]:
    """Status, final URL (after redirects) and body of one GET."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.url, response.read()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read()


def statements(app: Flask, path: str, cookie: str | None) -> tuple[int, int]:
    """(reads, writes) one request for `path` sends, in this process with the test client."""
    client = app.test_client(use_cookies=False)  # its own cookie jar would hide the header
    headers = {"Cookie": cookie} if cookie else {}
    client.get(path, headers=headers, environ_base=WRK_ENVIRON)  # warm-up
    sent: list[str] = []

    def count(conn, cursor, statement, *args):
        sent.append(statement.lstrip().split(None, 1)[0].upper())

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(path, headers=headers, environ_base=WRK_ENVIRON).close()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    writes = sum(1 for word in sent if word in ("INSERT", "UPDATE", "DELETE", "WITH"))
    return len(sent) - writes, writes


def bench_pages(label: str, server_env: dict[str, str], family_id: int, seconds: float,
                pages_file: Path) -> tuple[list[PageRun], dict]:
    """Every page of PAGES on Kring and on the bare app, interleaved; and the workers' memory."""
    counting_app = create_app("production", {"SQLALCHEMY_DATABASE_URI": server_env["DATABASE_URL"],
                                             "SECRET_KEY": server_env["SECRET_KEY"],
                                             "RATELIMIT_STORAGE_URI": "memory://"})
    cookies = {role: session_cookie(counting_app, email) for role, email in ROLES.items()}
    kring = Server("wsgi:app", server_env, "/healthz")
    runs: list[PageRun] = []
    try:
        targets = []
        for role, page, path in PAGES:
            cookie = cookies.get(role)
            status, final_url, body = fetch(kring.base + path.format(family=family_id), cookie)
            final_path = final_url[len(kring.base):]
            targets.append((role, page, final_path, cookie, status, body))
        pages_file.write_text(json.dumps({path: body.decode() for _, _, path, _, _, body in targets}))
        bare = Server("benchmarks.bare:app", dict(os.environ, BENCH_PAGES=str(pages_file)), "/")
        try:
            for role, page, path, cookie, status, _ in targets:
                run = PageRun(label, role, page, path, status)
                runs.append(run)
                if status != 200:
                    continue
                run.reads, run.writes = statements(counting_app, path, cookie)
                wrk(kring.base + path, cookie, 2)  # warm-up: templates compiled in both workers
                cpu_before = kring.cpu_seconds()
                measured = wrk(kring.base + path, cookie, seconds)
                cpu = kring.cpu_seconds() - cpu_before
                ceiling = wrk(bare.base + path, cookie, seconds)
                run.rps = round(measured["requests"] / (measured["duration_us"] / 1e6), 1)
                run.bare_rps = round(ceiling["requests"] / (ceiling["duration_us"] / 1e6), 1)
                run.ratio = round(run.rps / run.bare_rps, 3) if run.bare_rps else 0.0
                run.p50_ms, run.p95_ms, run.p99_ms = (round(measured[key] / 1000, 1)
                                                      for key in ("p50_us", "p95_us", "p99_us"))
                run.cpu_ms = round(cpu * 1000 / max(1, measured["requests"]), 2)
                run.errors = measured["non_2xx_3xx"] + measured["socket_errors"]
                print(f"  {label:<6} {role:<12} {page:<20} {run.rps:>7.1f} req/s  ratio {run.ratio:.3f}", flush=True)
        finally:
            bare.stop()
        memory = kring.memory_mb()
    finally:
        kring.stop()
        with counting_app.app_context():
            db.engine.dispose()
    return runs, memory


def page_rows(runs: list[PageRun]) -> list[dict]:
    return [asdict(run) for run in runs]
