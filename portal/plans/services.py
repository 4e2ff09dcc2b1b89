"""Changing the plan's goal, its visibility and its concerns, strengths and exceptions.

The goal and the family's own words keep every earlier text as a `PlanRevision`. Every save is a
compare-and-set on the version the user saw (see `portal.plans.versioning`). The caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from portal.parts.registry import narrowable_parts
from portal.extensions import db
from portal.families.models import Person
from portal.plans.models import EntryKind, Plan, PlanEntry, PlanField, PlanRevision, PlanStatus
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.parts.versioning import StaleEdit, compare_and_set

PLAN_CHANGED = _l("Someone else changed the plan while you were editing it. Below is the plan as it is "
                  "now; your own text is still in the form.")
ENTRY_CHANGED = _l("Someone else changed this note while you were editing it. Below is the note as it is "
                   "now; your own text is still in the form.")


@dataclass(frozen=True)
class PlanText:
    goal: str
    own_words: str
    status: PlanStatus


def plan_of(family_id: int) -> Plan | None:
    return db.session.scalar(sa.select(Plan).where(Plan.family_id == family_id))


def save_plan(family_id: int, text: PlanText, by: Person, seen_version: int | None) -> Plan:
    """Save the goal, the family's own words and the status; keep what they replaced.

    `seen_version` is the version the form showed (0 or None: there was no plan yet).
    Raises `StaleEdit` when someone else saved after that version was read.
    """
    values = {PlanField.GOAL: text.goal.strip(), PlanField.OWN_WORDS: text.own_words.strip(),
              PlanField.STATUS: text.status}
    plan = plan_of(family_id)
    if plan is None:
        return _first_plan(family_id, values, by, seen_version)
    previous = {field: getattr(plan, field.value) for field in PlanField}
    changed = {field: value for field, value in values.items() if value != previous[field]}
    compare_and_set(plan, seen_version, {**{f.value: v for f, v in changed.items()}, "updated_by_id": by.id},
                    PLAN_CHANGED)
    for field in changed:
        db.session.add(PlanRevision(plan_id=plan.id, field=field, previous_text=str(previous[field]),
                                    changed_by_id=by.id))
    return plan


def _first_plan(family_id: int, values: dict, by: Person, seen_version: int | None) -> Plan:
    if seen_version:
        raise StaleEdit(PLAN_CHANGED)
    plan = Plan(family_id=family_id, updated_by_id=by.id, **{f.value: v for f, v in values.items()})
    db.session.add(plan)
    try:
        db.session.flush()
    except IntegrityError:
        # Someone else wrote the first version at the same moment; the caller rolls back.
        raise StaleEdit(PLAN_CHANGED) from None
    return plan


def set_part_visibility(family_id: int, part: PlanPart, visibility: Visibility) -> None:
    """Narrow `part` to the family and the mentor, or open it to the whole network again."""
    if part not in narrowable_parts():
        raise ValueError(f"{part} cannot be narrowed as a whole")
    row = db.session.scalar(sa.select(PartVisibility).where(
        PartVisibility.family_id == family_id, PartVisibility.part == part))
    if visibility == Visibility.NETWORK:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(PartVisibility(family_id=family_id, part=part, visibility=visibility))
    else:
        row.visibility = visibility


@dataclass(frozen=True)
class EntryText:
    kind: EntryKind
    text: str
    visibility: Visibility


def add_entry(family_id: int, entry: EntryText, author: Person) -> PlanEntry:
    added = PlanEntry(family_id=family_id, kind=entry.kind, text=entry.text.strip(),
                      visibility=entry.visibility, author_id=author.id)
    db.session.add(added)
    db.session.flush()
    return added


def edit_entry(entry: PlanEntry, changed: EntryText, seen_version: int | None) -> None:
    """Raises `StaleEdit` when someone else changed the note after `seen_version`."""
    compare_and_set(entry, seen_version, dict(kind=changed.kind, text=changed.text.strip(),
                                              visibility=changed.visibility), ENTRY_CHANGED)


def remove_entry(entry: PlanEntry) -> None:
    db.session.delete(entry)
