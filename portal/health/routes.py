"""`/healthz` for a load balancer: 200 when this app server reaches the database, 503 when not.

It touches neither the session nor the access log (a balancer asks every few seconds and is no
user), is never rate limited, and answers in a few bytes of plain text; gunicorn leaves it out of
its access log too (see `gunicorn.conf.py`).
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, Response
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db, limiter

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)

HEALTH_PATH = "/healthz"


@bp.route(HEALTH_PATH)
@limiter.exempt
def check() -> Response:
    try:
        # Its own connection, outside the request's session: nothing to commit or roll back.
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("Health check: database unreachable (%s)", error.__class__.__name__)
        return Response("database unreachable\n", status=503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain")
