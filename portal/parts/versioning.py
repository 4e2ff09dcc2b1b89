"""Saving a change only if nobody else changed the same thing meanwhile.

Every editable text of the plan carries a `version`. A form sends back the version it showed; the
save is one UPDATE ... WHERE version = seen, so of two people editing the same agreement exactly
one wins, and the other is told and shown the text as it is now (their own text stays in the form).
Tasks and every editable entry of the plan save this way (any model with `id`, `version` and `updated_at`).
"""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db, utcnow
from portal.transactions import Refused


class StaleEdit(Refused):
    """Someone else saved first; `message` says so, in the user's language."""


def compare_and_set(entry, seen_version: int | None, values: dict, refusal,
                    error: type[Refused] = StaleEdit) -> None:
    """Write `values` to `entry` if it is still at `seen_version`, and bump its version.

    Raises `error(refusal)` (a `StaleEdit` unless the caller names its own kind of refusal) when
    the stored version differs. The request commits, or rolls back after a refusal.
    """
    model = type(entry)
    changed = db.session.execute(
        sa.update(model)
        .where(model.id == entry.id, model.version == (seen_version or 0))
        .values(version=model.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(entry)
    if changed != 1:
        raise error(refusal)
