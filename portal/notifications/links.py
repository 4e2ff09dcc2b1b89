"""Links in mail and shares: always on the configured public address (`KRING_BASE_URL`), never on
the host a request happened to come in on; and the one-click unsubscribe token."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal.extensions import db
from portal.families.models import Person
from portal.notifications.rules import Kind


def path_for(endpoint: str, **values) -> str:
    """The path of `endpoint`, with or without a request (the worker and the scheduler have none)."""
    return current_app.url_map.bind("kring.invalid").build(endpoint, values)


def public_url(path: str) -> str:
    return current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/") + path


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="kring-unsubscribe")


def unsubscribe_token(person_id: int, kind: str) -> str:
    """A token that says "this person wants no more mail of this kind"; it needs no login, so it
    can do nothing else."""
    return _serializer().dumps([person_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (person id, kind) of a token, or None for anything that is not one of ours."""
    try:
        person_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(person_id, int) or not isinstance(kind, str):
        return None
    return person_id, kind


def unsubscribe_target(token: str) -> tuple[Person, Kind] | None:
    """(person, kind) a valid unsubscribe token names, or None."""
    found = read_unsubscribe_token(token)
    if found is None or found[1] not in Kind._value2member_map_:
        return None
    person = db.session.get(Person, found[0])
    return (person, Kind(found[1])) if person is not None else None
