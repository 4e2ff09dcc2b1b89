"""Gunicorn settings for Kring in production: `make serve` (or `gunicorn -c gunicorn.conf.py wsgi:app`).

Every setting can be overridden on the command line or in `GUNICORN_CMD_ARGS`; the environment
variables below are the ones Kring documents (README, "Running in production").
"""
from __future__ import annotations

import os
import re

from gunicorn.glogging import Logger

# Where to listen. Behind a proxy on another machine: KRING_BIND=0.0.0.0:8000.
bind = [os.environ.get("KRING_BIND", "127.0.0.1:8000")]

# Each worker holds about 100 MB, and a login briefly takes 64 MiB more for its argon2 hash: more
# than eight sync workers on one machine buys memory pressure, not speed. WEB_CONCURRENCY wins.
MAX_WORKERS = 8


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, taskset)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(cpus: int, web_concurrency: str | None) -> int:
    if web_concurrency:
        return max(1, int(web_concurrency))
    return min(2 * cpus + 1, MAX_WORKERS)


workers = workers_for(_cpu_count(), os.environ.get("WEB_CONCURRENCY"))
worker_class = "sync"
# A request that runs longer than this is stuck: the worker is replaced. Pages answer in well
# under a second; the slowest honest request is a login (one argon2 hash).
timeout = 30
# On a restart or deploy, requests in flight get this long to finish.
graceful_timeout = 30
# The proxy in front keeps connections open between requests.
keepalive = 5
# Start every worker afresh now and then, so that no slow leak grows without bound; the jitter
# keeps them from restarting all at once. Not too often: a new worker costs a second or two of CPU
# (importing, building the app, compiling templates), which at 1,000 requests was a tenth of a busy
# worker's time (the benchmark's login page showed it); a worker's memory stays flat from boot.
max_requests = 10000
max_requests_jitter = 1000

# One source of truth for the client's address and https: the app's ProxyFix, which trusts exactly
# KRING_TRUSTED_PROXIES hops (portal/__init__.py). Gunicorn itself trusts no forwarded header from
# anyone, or a proxy on 127.0.0.1 could turn on https while KRING_TRUSTED_PROXIES says "no proxy".
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("KRING_LOG_LEVEL", "info")

# The load balancer's health check (portal/health/routes.py) asks every few seconds.
HEALTH_PATH = "/healthz"
# Single-use links carry their secret in the path: the log keeps the page, not the key.
SECRET_PATHS = re.compile(r"(/(?:join|password/reset|email/confirm)/)[^/?\s\"]+")


def without_secrets(text: str) -> str:
    return SECRET_PATHS.sub(r"\1[token]", text)


class KringLogger(Logger):
    """Gunicorn's access log without the health checks and without the tokens of single-use links.
    The client address is the one ProxyFix found (it rewrites REMOTE_ADDR in the same environ)."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        return {name: without_secrets(value) if isinstance(value, str) else value
                for name, value in super().atoms(resp, req, environ, request_time).items()}


logger_class = KringLogger
