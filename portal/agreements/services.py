"""Making and changing agreements, and whether everyone an agreement needs has said yes.

Every save is a compare-and-set on the version the user saw: of two people editing the same
agreement, the second is refused and shown the first one's change (see `portal.plans.versioning`).
The caller commits.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.access import FamilyContext, visible_entries
from portal.agreements.models import Agreement
from portal.extensions import db
from portal.families.models import Person
from portal.parts.models import PlanPart, Visibility
from portal.parts.versioning import compare_and_set
from portal.tasks.models import Task, TaskStatus

AGREEMENT_CHANGED = _l("Someone else changed this agreement while you were editing it. Below is the "
                       "agreement as it is now; your own text is still in the form.")

# A task counts as said yes to once it is taken on; a task that is done has been carried out.
SAID_YES = frozenset({TaskStatus.ACCEPTED, TaskStatus.DONE})


@dataclass(frozen=True)
class AgreementText:
    title: str
    description: str
    visibility: Visibility


def create_agreement(family_id: int, text: AgreementText, by: Person) -> Agreement:
    agreement = Agreement(family_id=family_id, title=text.title.strip(), description=text.description.strip(),
                          visibility=text.visibility, created_by_id=by.id, updated_by_id=by.id)
    db.session.add(agreement)
    db.session.flush()
    return agreement


def edit_agreement(agreement: Agreement, text: AgreementText, by: Person, seen_version: int | None) -> None:
    """Raises `StaleEdit` when someone else saved the agreement after `seen_version` was read."""
    compare_and_set(agreement, seen_version, dict(
        title=text.title.strip(), description=text.description.strip(), visibility=text.visibility,
        updated_by_id=by.id), AGREEMENT_CHANGED)


def remove_agreement(agreement: Agreement) -> None:
    """Remove the agreement; its tasks stay in the plan, no longer tied to it."""
    db.session.delete(agreement)


def is_fully_accepted(tasks: list[Task]) -> bool:
    """Whether everyone an agreement needs has said yes.

    True when the agreement has at least one task and every task is taken on or done. An agreement
    without tasks is not accepted yet: nobody has said they will carry it out.
    """
    return bool(tasks) and all(task.status in SAID_YES for task in tasks)


@dataclass
class AgreementProgress:
    agreement: Agreement
    tasks: list[Task] = field(default_factory=list)

    @property
    def fully_accepted(self) -> bool:
        return is_fully_accepted(self.tasks)

    @property
    def waiting(self) -> list[Task]:
        """The tasks nobody has said yes to yet."""
        return [task for task in self.tasks if task.status not in SAID_YES]


def tasks_by_agreement(agreement_ids: list[int]) -> dict[int, list[Task]]:
    """Every task of these agreements, in one query, for working out whether they are accepted.

    Not scoped to a viewer: whether an agreement is accepted is a fact about all its tasks. Pages
    show only tasks from `visible_tasks`.
    """
    grouped: dict[int, list[Task]] = defaultdict(list)
    if agreement_ids:
        for task in db.session.scalars(sa.select(Task).where(Task.agreement_id.in_(agreement_ids))
                                       .order_by(Task.due_date.is_(None), Task.due_date, Task.id)):
            grouped[task.agreement_id].append(task)
    return grouped


def visible_agreements(ctx: FamilyContext) -> list[Agreement]:
    return list(db.session.scalars(visible_entries(ctx, Agreement, PlanPart.AGREEMENTS)
                                   .order_by(Agreement.created_at, Agreement.id)))


def agreement_choices(ctx: FamilyContext) -> list[tuple[int, str]]:
    """The agreements a task can be part of, for this member, as (id, title) pairs."""
    return [(a.id, a.title) for a in visible_agreements(ctx)]


def progress_of(agreements: list[Agreement]) -> list[AgreementProgress]:
    tasks = tasks_by_agreement([a.id for a in agreements])
    return [AgreementProgress(a, tasks.get(a.id, [])) for a in agreements]


def agreements_summary(ctx: FamilyContext) -> str:
    """One line for the hub: how many agreements this member sees, and how many everyone said yes to."""
    progress = progress_of(visible_agreements(ctx))
    if not progress:
        return _("No agreements yet.")
    accepted = sum(1 for p in progress if p.fully_accepted)
    return ngettext("%(num)d agreement, %(accepted)d accepted by everyone",
                    "%(num)d agreements, %(accepted)d accepted by everyone", len(progress), accepted=accepted)
