"""Writing, narrowing and removing log entries. The caller commits once."""
from __future__ import annotations

from portal.extensions import db
from portal.families.models import Person
from portal.logbook.models import LogEntry
from portal.parts.models import Visibility


def write_entry(author: Person, text: str, visibility: Visibility = Visibility.NETWORK) -> LogEntry:
    entry = LogEntry(family_id=author.family_id, author_id=author.id, text=text.strip(), visibility=visibility)
    db.session.add(entry)
    db.session.flush()
    return entry


def set_entry_visibility(entry: LogEntry, visibility: Visibility) -> None:
    entry.visibility = visibility


def remove_entry(entry: LogEntry) -> None:
    """Remove an entry for good: its author takes back their own words."""
    db.session.delete(entry)
