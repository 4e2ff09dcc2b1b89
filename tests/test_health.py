"""`/healthz` tells a load balancer whether this app server reaches the database: 200 or 503, a few
bytes of plain text, no cookie, no access-log row, never rate limited."""
from __future__ import annotations

import sqlalchemy as sa

from portal import create_app
from portal.audit.models import AccessLogEntry
from portal.extensions import db, limiter
from tests.test_outage import database_down


def _access_log_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AccessLogEntry))


def test_healthy_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok\n"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_unhealthy_when_the_database_is_away_and_healthy_again_after(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unreachable\n"
    assert client.get("/healthz").status_code == 200


def test_a_logged_in_check_leaves_no_access_log_row(auth):
    client = auth.login("family")
    before = _access_log_rows()
    assert client.get("/healthz").status_code == 200
    assert _access_log_rows() == before


def test_never_rate_limited_even_under_a_limit_for_every_route(database_url, tmp_path):
    limited = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
                                     "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_DEFAULT": "2 per hour"})
    limited.instance_path = str(tmp_path / "instance")
    client = limited.test_client()
    try:
        assert [client.get("/healthz").status_code for _ in range(4)] == [200] * 4
        assert [client.get("/").status_code for _ in range(3)][-1] == 429  # the limit does bite elsewhere
    finally:
        # The limiter is one object for every app of the run, and keeps a default limit once set.
        limiter.limit_manager.set_default_limits([])
        with limited.app_context():
            db.engine.dispose()
