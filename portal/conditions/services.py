"""Adding conditions, commenting on them, linking agreements, and whether a condition is met.

Professionals add conditions; they start visible to the family, the mentor and the professionals
only, because what a professional requires often touches on what the family has not shared with
the network. The family decides whether the whole network sees a condition. The caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import joinedload, selectinload

from portal.access import FamilyContext, visible_entries
from portal.agreements.models import Agreement
from portal.agreements.services import AgreementProgress, progress_of
from portal.conditions.models import Condition, ConditionComment
from portal.extensions import db
from portal.families.models import Person
from portal.parts.models import PlanPart, Visibility
from portal.parts.versioning import compare_and_set

CONDITION_CHANGED = _l("Someone else changed this condition while you were writing. Below is the "
                       "condition as it is now; your own text is still in the form.")


def condition_is_met(linked: list[AgreementProgress]) -> bool:
    """Whether a condition is met, given the progress of every agreement linked to it.

    Met means: the family linked at least one agreement to the condition, and everyone each of
    those agreements needs has said yes (every linked agreement is fully accepted, see
    `portal.agreements.services.is_fully_accepted`). A condition without agreements is not met.
    """
    return bool(linked) and all(progress.fully_accepted for progress in linked)


@dataclass
class ConditionStatus:
    condition: Condition
    linked: list[AgreementProgress]   # every linked agreement: the status is a fact, whoever looks

    @property
    def met(self) -> bool:
        return condition_is_met(self.linked)


def statuses_of(conditions: list[Condition]) -> list[ConditionStatus]:
    """Each condition with the progress of all its linked agreements, in a fixed number of queries."""
    agreements = {a.id: a for c in conditions for a in c.agreements}
    progress = {p.agreement.id: p for p in progress_of(list(agreements.values()))}
    return [ConditionStatus(c, [progress[a.id] for a in c.agreements]) for c in conditions]


def visible_conditions(ctx: FamilyContext) -> list[Condition]:
    return list(db.session.scalars(
        visible_entries(ctx, Condition, PlanPart.CONDITIONS)
        .options(selectinload(Condition.agreements), selectinload(Condition.comments),
                 joinedload(Condition.created_by))
        .order_by(Condition.created_at, Condition.id)))


def conditions_summary(ctx: FamilyContext) -> str:
    """One line for the hub: how many conditions this member sees, and how many are met. Only the
    conditions with their agreements: the hub shows no comments and no authors (two reads less)."""
    conditions = list(db.session.scalars(visible_entries(ctx, Condition, PlanPart.CONDITIONS)
                                         .options(selectinload(Condition.agreements))))
    statuses = statuses_of(conditions)
    if not statuses:
        return _("No conditions yet.")
    met = sum(1 for s in statuses if s.met)
    return ngettext("%(num)d condition, %(met)d met", "%(num)d conditions, %(met)d met", len(statuses), met=met)


def add_condition(family_id: int, text: str, by: Person) -> Condition:
    condition = Condition(family_id=family_id, text=text.strip(), created_by_id=by.id,
                          visibility=Visibility.FAMILY_AND_MENTOR)
    db.session.add(condition)
    db.session.flush()
    return condition


def edit_condition(condition: Condition, text: str, seen_version: int | None) -> None:
    """Raises `StaleEdit` when someone else changed the condition after `seen_version`."""
    compare_and_set(condition, seen_version, dict(text=text.strip()), CONDITION_CHANGED)


def set_condition_visibility(condition: Condition, visibility: Visibility) -> None:
    condition.visibility = visibility


def add_comment(condition: Condition, text: str, author: Person) -> ConditionComment:
    comment = ConditionComment(condition_id=condition.id, text=text.strip(), author_id=author.id)
    db.session.add(comment)
    return comment


def link_agreement(condition: Condition, agreement: Agreement) -> None:
    """Count `agreement` towards `condition` (both of the same family; linking twice changes nothing)."""
    if agreement.family_id != condition.family_id:
        raise ValueError("an agreement of another family")
    if agreement not in condition.agreements:
        condition.agreements.append(agreement)


def unlink_agreement(condition: Condition, agreement: Agreement) -> None:
    if agreement in condition.agreements:
        condition.agreements.remove(agreement)
