"""Putting up and taking down a person's own photo. The caller commits."""
from __future__ import annotations

from portal.extensions import db
from portal.families.models import Person
from portal.photos.images import STORED_MIME_TYPE, clean_photo
from portal.photos.models import PersonPhoto


def put_up_photo(person: Person, raw: bytes) -> None:
    """Keep `raw`, checked and re-encoded, as `person`'s photo (replacing any earlier one).
    Raises `PhotoRefused` for a file that is too large or no photo."""
    data = clean_photo(raw)
    photo = db.session.get(PersonPhoto, person.id)
    if photo is None:
        db.session.add(PersonPhoto(person_id=person.id, mime_type=STORED_MIME_TYPE, data=data))
    else:
        photo.mime_type, photo.data = STORED_MIME_TYPE, data
    # A new version is a new URL, so no browser shows the old photo from before.
    person.photo_version = (person.photo_version or 0) + 1


def take_down_photo(person: Person) -> None:
    """Remove `person`'s photo, if there is one."""
    photo = db.session.get(PersonPhoto, person.id)
    if photo is not None:
        db.session.delete(photo)
    person.photo_version = None


def photo_of(person: Person) -> PersonPhoto | None:
    return db.session.get(PersonPhoto, person.id)
