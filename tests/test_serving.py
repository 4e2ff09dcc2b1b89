"""The production server's settings (gunicorn.conf.py) and `make serve`'s refusal without them."""
from __future__ import annotations

import logging
import os
import runpy
import subprocess
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config


@pytest.fixture()
def settings(project_root, monkeypatch):
    """gunicorn.conf.py read as gunicorn reads it, under the environment a test sets."""
    def read(**environment: str) -> dict:
        for name in ("WEB_CONCURRENCY", "KRING_BIND"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(project_root / "gunicorn.conf.py"))
    return read


@pytest.mark.parametrize("cpus, web_concurrency, expected", [
    (1, None, 3), (2, None, 5), (3, None, 7), (16, None, 8), (16, "12", 12), (2, "1", 1), (2, "0", 1),
])
def test_workers_follow_the_cpus_within_a_cap_unless_web_concurrency_says(settings, cpus, web_concurrency,
                                                                          expected):
    assert settings()["workers_for"](cpus, web_concurrency) == expected


def test_gunicorn_trusts_no_forwarded_header_itself(settings):
    """The app's ProxyFix (KRING_TRUSTED_PROXIES) is the one judge of client address and https."""
    config = settings()
    assert config["forwarded_allow_ips"] == ""
    assert config["secure_scheme_headers"] == {}
    assert config["accesslog"] == "-"
    assert config["timeout"] > 0 and config["graceful_timeout"] > 0


def test_bind_address_from_the_environment(settings):
    assert settings()["bind"] == ["127.0.0.1:8000"]
    assert settings(KRING_BIND="0.0.0.0:8080")["bind"] == ["0.0.0.0:8080"]


def _logged_line(settings, tmp_path, path: str, referer: str = "-") -> str:
    config = settings()
    gunicorn_config = Config()
    log_file = tmp_path / "access.log"
    gunicorn_config.set("accesslog", str(log_file))
    logger = config["KringLogger"](gunicorn_config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.7", "HTTP_REFERER": referer}
    response = SimpleNamespace(status="200 OK", response_length=3, sent=3, headers=[])
    request = SimpleNamespace(headers=[("REFERER", referer)])
    logger.access(response, request, environ, timedelta(milliseconds=4))
    for handler in logger.access_log.handlers:
        handler.flush()
    text = log_file.read_text() if log_file.exists() else ""
    for handler in list(logger.access_log.handlers):
        handler.close()
        logger.access_log.removeHandler(handler)
    logging.getLogger("gunicorn.access").handlers.clear()
    return text


def test_access_log_leaves_out_health_checks(settings, tmp_path):
    assert _logged_line(settings, tmp_path, "/healthz") == ""
    assert '"GET /families/3/tasks HTTP/1.1" 200' in _logged_line(settings, tmp_path, "/families/3/tasks")


@pytest.mark.parametrize("path", ["/join/Zk9s-secret", "/password/reset/Zk9s-secret", "/email/confirm/Zk9s-secret"])
def test_access_log_keeps_no_token_of_a_single_use_link(settings, tmp_path, path):
    line = _logged_line(settings, tmp_path, path, referer=f"https://kring.example{path}")
    assert "Zk9s-secret" not in line
    assert "[token]" in line


def test_make_serve_names_what_it_needs(project_root):
    finished = subprocess.run(["make", "--no-print-directory", "serve"], cwd=project_root,
                              capture_output=True, text=True,
                              env={"PATH": os.environ["PATH"]})  # and nothing else
    assert finished.returncode != 0
    assert "SECRET_KEY DATABASE_URL RATELIMIT_STORAGE_URI" in finished.stdout
    assert "pybabel" not in finished.stdout + finished.stderr  # it stops before installing or compiling
