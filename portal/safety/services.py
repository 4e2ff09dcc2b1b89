"""Writes to the safety plan. Every write keeps a chain's positions 1..n without gaps, and keeps
the rule that a chain ends with a professional or an emergency number. The caller commits."""
from __future__ import annotations

from portal import phones

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.families.models import Family, Person
from portal.parts.models import Visibility
from portal.safety.models import ChainLink, ChildrenBriefing, LinkKind, SafePlace, SafetySituation
from portal.transactions import Refused

CHAIN_MUST_END_WELL = _l(
    "The last one in the chain must be a professional or an emergency number, for example "
    "Veilig Thuis (0800-2000) or 112. Then there is always someone who answers.")


class SafetyRefused(Refused):
    """The change would break the safety plan; `message` says why, in the user's language."""


@dataclass(frozen=True)
class LinkDetails:
    person: Person | None   # someone in the network, or None for a contact such as Veilig Thuis
    name: str               # used when `person` is None
    phone: str              # as typed; may be empty when the person's own number is used
    note: str
    kind: LinkKind


@dataclass(frozen=True)
class SituationDetails:
    title: str
    for_youth: Person | None    # None: the chain is for the whole network
    visibility: Visibility
    links: list[LinkDetails]    # in calling order


def dials_emergency(phone: str, name: str = "") -> bool:
    """Whether a link calls 112: its number, or, without one, its name."""
    return (phones.dialable(phone) or (name.strip() if not phone.strip() else "")) == "112"


def chain_problem(kinds: list[LinkKind]):
    """Why a chain with links of these `kinds` (in calling order) is not acceptable, or None."""
    if not kinds:
        return _l("Add at least one person or number to call.")
    if not kinds[-1].always_answers:
        return CHAIN_MUST_END_WELL
    return None


def create_situation(family: Family, details: SituationDetails) -> SafetySituation:
    """Raises `SafetyRefused` when the chain does not end with a professional or emergency number."""
    _check(details)
    situation = SafetySituation(family_id=family.id)
    _apply(situation, details)
    return situation


def update_situation(situation: SafetySituation, details: SituationDetails) -> None:
    """Replace the situation's text and chain. Raises `SafetyRefused` like `create_situation`."""
    _check(details)
    _apply(situation, details)


def _check(details: SituationDetails) -> None:
    problem = chain_problem([link.kind for link in details.links])
    if problem is not None:
        raise SafetyRefused(problem)


def _apply(situation: SafetySituation, details: SituationDetails) -> None:
    situation.title = details.title.strip()
    situation.for_youth_id = details.for_youth.id if details.for_youth else None
    situation.visibility = details.visibility
    # Rows are reused by position, so positions 1..n never collide with the unique constraint.
    existing = list(situation.links)
    for position, link_details in enumerate(details.links, start=1):
        if position <= len(existing):
            link = existing[position - 1]
        else:
            link = ChainLink(position=position)
            situation.links.append(link)
        link.person = link_details.person
        link.name = "" if link_details.person else link_details.name.strip()
        link.phone = link_details.phone.strip()
        link.note = link_details.note.strip()
        link.kind = link_details.kind
    for surplus in existing[len(details.links):]:
        situation.links.remove(surplus)
    # Added only now: loading the people above must not flush a half-filled new situation.
    db.session.add(situation)
    db.session.flush()


def allowed_moves(situation: SafetySituation) -> dict[int, set[str]]:
    """Per link id, the directions ("up", "down") it may move without breaking the chain's end."""
    links = list(situation.links)
    moves: dict[int, set[str]] = {link.id: set() for link in links}
    for index in range(len(links) - 1):
        swapped = links[:index] + [links[index + 1], links[index]] + links[index + 2:]
        if chain_problem([item.kind for item in swapped]) is None:
            moves[links[index].id].add("down")
            moves[links[index + 1].id].add("up")
    return moves


def move_link(situation: SafetySituation, link: ChainLink, direction: str) -> None:
    """Swap `link` with its neighbour above ("up") or below ("down").

    Raises `SafetyRefused` at the top or bottom of the chain, and when the chain would no longer
    end with a professional or emergency number.
    """
    links = list(situation.links)
    index = links.index(link)
    other_index = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other_index < len(links):
        raise SafetyRefused(_l("This one cannot move further."))
    if direction not in allowed_moves(situation)[link.id]:
        raise SafetyRefused(CHAIN_MUST_END_WELL)
    other = links[other_index]
    # Through a free position (0), so that the unique (situation, position) is never violated.
    first, second = link.position, other.position
    link.position = 0
    db.session.flush()
    other.position = first
    db.session.flush()
    link.position = second
    db.session.flush()
    db.session.expire(situation, ["links"])


def delete_situation(situation: SafetySituation) -> None:
    db.session.delete(situation)
    db.session.flush()


def save_briefing(family: Family, told_by: str, why: str, visibility: Visibility) -> ChildrenBriefing:
    """Create or change the family's one answer to "who tells the children, and why"."""
    briefing = db.session.scalar(db.select(ChildrenBriefing).where(ChildrenBriefing.family_id == family.id))
    if briefing is None:
        briefing = ChildrenBriefing(family_id=family.id)
        db.session.add(briefing)
    briefing.told_by, briefing.why, briefing.visibility = told_by.strip(), why.strip(), visibility
    db.session.flush()
    return briefing


@dataclass(frozen=True)
class SafePlaceDetails:
    youth: Person
    description: str
    person: Person | None
    phone: str
    visibility: Visibility


def save_safe_place(family: Family, details: SafePlaceDetails, place: SafePlace | None = None) -> SafePlace:
    """Add a safe place for a child, or change `place`."""
    place = place or SafePlace(family_id=family.id)
    place.youth, place.person = details.youth, details.person
    place.description, place.phone = details.description.strip(), details.phone.strip()
    place.visibility = details.visibility
    db.session.add(place)
    db.session.flush()
    return place


def delete_safe_place(place: SafePlace) -> None:
    db.session.delete(place)
    db.session.flush()
