"""Changes to needs, offers of help and how helpers take part. The caller commits once.

An offer moves once: pending → accepted (it becomes a task for the helper, taken on by them at
once: the offer was theirs) or pending → declined. The move is a compare-and-set on the status,
so when two people in the family answer the same offer at the same moment, exactly one succeeds.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.needs.models import HelpMode, HelpOffer, Need, OfferStatus, Participation, TakingPart
from portal.parts.models import Visibility
from portal.tasks.models import Category, Rhythm, Task, TaskAction, TaskStatus
from portal.tasks.services import TaskDetails, act, create_task
from portal.transactions import Refused


class NeedRefused(Refused):
    """The change is not possible now; `message` says why, in the user's language."""


@dataclass(frozen=True)
class NeedDetails:
    title: str
    description: str
    category: Category
    mode: HelpMode
    visibility: Visibility


@dataclass(frozen=True)
class Cover:
    """Something that already takes care of a need: a task made for it, or an accepted offer."""

    task: Task | None
    offer: HelpOffer | None

    @property
    def person(self) -> Person | None:
        """Who does it; None while the task is open for anyone."""
        if self.task is not None:
            return self.task.assignee or self.task.offered_to
        return self.offer.person if self.offer else None


def covers_of(need: Need) -> list[Cover]:
    """What already takes care of `need`: its tasks that nobody said no to, and accepted offers
    (also when their task was removed). Empty: the family is still looking for someone."""
    offer_of_task = {o.task_id: o for o in need.offers if o.task_id is not None}
    covers = [Cover(task, offer_of_task.get(task.id)) for task in need.tasks if task.status != TaskStatus.DECLINED]
    task_ids = {task.id for task in need.tasks}
    covers += [Cover(None, offer) for offer in need.offers
               if offer.status == OfferStatus.ACCEPTED and offer.task_id not in task_ids]
    return covers


def create_need(family_id: int, details: NeedDetails, created_by: User) -> Need:
    need = Need(family_id=family_id, created_by_id=created_by.id, **_columns(details))
    db.session.add(need)
    db.session.flush()
    return need


def edit_need(need: Need, details: NeedDetails) -> None:
    for name, value in _columns(details).items():
        setattr(need, name, value)


def _columns(details: NeedDetails) -> dict:
    return dict(title=details.title.strip(), description=details.description.strip(), category=details.category,
                mode=details.mode, visibility=details.visibility)


def offer_help(need: Need, person: Person, message: str, recorded_by: User) -> HelpOffer:
    """`person` offers to help with `need`. Raises `NeedRefused` when they already have an offer
    waiting for an answer on it."""
    if any(o.person_id == person.id and o.status == OfferStatus.PENDING for o in need.offers):
        raise NeedRefused(_("%(name)s already offered to help with this. The family will answer soon.",
                            name=person.name))
    offer = HelpOffer(need=need, person=person, message=message.strip(), recorded_by_id=recorded_by.id)
    db.session.add(offer)
    db.session.flush()
    return offer


def accept_offer(offer: HelpOffer, title: str, accepted_by: User) -> Task:
    """The family agrees: the offer becomes a task for the helper, taken on by them at once.

    The task's history says the family added it and the helper took it on, with the offer's own
    words; it was noted by whoever wrote the offer down (the helper, or the family for them).
    Raises `NeedRefused` when the offer was already answered.
    """
    _answer(offer, OfferStatus.ACCEPTED)
    need = offer.need
    task = create_task(need.family_id, TaskDetails(title, need.description, need.category, Rhythm.ONCE, None,
                                                   offer.person), accepted_by)
    noted_by = db.session.get(User, offer.recorded_by_id) if offer.recorded_by_id else None
    act(task, TaskAction.ACCEPTED, offer.person, noted_by or accepted_by, note=offer.message)
    offer.task_id = task.id
    need.tasks.append(task)
    return task


def decline_offer(offer: HelpOffer) -> None:
    """The family does not need this offer now. Raises `NeedRefused` when it was already answered."""
    _answer(offer, OfferStatus.DECLINED)


def _answer(offer: HelpOffer, status: OfferStatus) -> None:
    changed = db.session.execute(
        sa.update(HelpOffer)
        .where(HelpOffer.id == offer.id, HelpOffer.status == OfferStatus.PENDING)
        .values(status=status, answered_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(offer, ["status", "answered_at"])
    if changed != 1:
        raise NeedRefused(_l("Someone in the family has already answered this offer."))


def ask_the_network(need: Need, title: str, asked_by: User) -> Task:
    """Make `need` a task that anyone in the network may take on."""
    task = create_task(need.family_id, TaskDetails(title, need.description, need.category, Rhythm.ONCE, None, None),
                       asked_by)
    need.tasks.append(task)
    return task


def set_taking_part(person: Person, way: TakingPart) -> Participation:
    participation = db.session.get(Participation, person.id)
    if participation is None:
        participation = Participation(person_id=person.id, way=way)
        db.session.add(participation)
    else:
        participation.way = way
    return participation
