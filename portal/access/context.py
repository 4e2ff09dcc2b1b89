"""Who the current user is in one family, and what that allows: the `FamilyContext` every family
page is handed, and the queries that load it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal.access.flags import Access, access_for
from portal.consent.grants import Grant, grant_for
from portal.extensions import db, dutch_today
from portal.families.models import Family, Person, Role
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.parts.registry import FAMILY_CIRCLE, part_info, readers_of

_FAMILY_CIRCLE = FAMILY_CIRCLE


@dataclass(frozen=True)
class FamilyContext:
    """Who the current user is in one family, and what that allows."""

    family: Family
    membership: Person
    access: Access
    # Parts the family limited to the family and the mentor.
    narrowed_parts: frozenset[PlanPart] = frozenset()
    # For a professional: the parts the family's consents in force open to them today.
    grant: Grant = Grant()

    @property
    def role(self) -> Role:
        return self.membership.role

    @property
    def in_family_circle(self) -> bool:
        """The family and the mentor: they see every part and every entry of their own plan."""
        return self.role in _FAMILY_CIRCLE

    @property
    def reads_by_permission(self) -> bool:
        """A professional: a guest who reads the parts the family shares, for as long as it does."""
        return self.role == Role.PROFESSIONAL

    def can(self, capability: Access) -> bool:
        return capability in self.access

    def sees_narrowed(self, part: PlanPart) -> bool:
        """Whether what the family narrowed in `part` still shows for this member."""
        return self.in_family_circle or self.role in part_info(part).spared_by_narrowing

    def can_read(self, part: PlanPart) -> bool:
        """Whether this member may open `part` of the plan at all.

        Professionals read a part only while a consent in force names it (conditions excepted,
        which they set). What the family narrowed to "the family and the mentor" stays that way,
        consent or not.
        """
        consented = self.role == Role.PROFESSIONAL and part in self.grant.parts
        if self.role not in readers_of(part) and not consented:
            return False
        return self.sees_narrowed(part) or part not in self.narrowed_parts

    def consent_for(self, part: PlanPart | None) -> int | None:
        """The consent that lets a professional read `part` (for the access log), if any."""
        return self.grant.consent_id(part) if self.role == Role.PROFESSIONAL else None

    def can_comment_on(self, part: PlanPart) -> bool:
        """Professionals with a "read and comment" consent for `part`."""
        return self.role == Role.PROFESSIONAL and part in self.grant.can_comment and self.can_read(part)

    def can_see_entry(self, part: PlanPart, visibility: Visibility) -> bool:
        """Whether one entry of `part`, with its own `visibility`, shows for this member."""
        if not self.can_read(part):
            return False
        return self.sees_narrowed(part) or visibility == Visibility.NETWORK

    def seen_by(self, part: PlanPart, visibility: Visibility = Visibility.NETWORK) -> Visibility:
        """Who in fact sees an entry of `part` with `visibility` (or, without one, the part itself),
        to say so on the page: a narrowed part narrows every entry in it. The one answer to "who sees
        this": every page and every note asks it here."""
        if part in self.narrowed_parts:
            return Visibility.FAMILY_AND_MENTOR
        return visibility


@cache
def _membership() -> sa.Select:
    """The membership of `:user_id` in `:family_id`, with its family. Built once, on first use:
    building a statement costs more than sending it (its cache key too, kept on the statement)."""
    return (sa.select(Person)
            .where(Person.user_id == sa.bindparam("user_id"), Person.family_id == sa.bindparam("family_id"),
                   Person.left_at.is_(None))
            .options(joinedload(Person.family)))


@cache
def _membership_and_narrowed_parts() -> sa.Select:
    return (_membership().add_columns(PartVisibility.part)
            .outerjoin(PartVisibility, sa.and_(PartVisibility.family_id == Person.family_id,
                                               PartVisibility.visibility == Visibility.FAMILY_AND_MENTOR)))


def membership_of(user_id: int, family_id: int) -> Person | None:
    return db.session.scalar(_membership(), {"user_id": user_id, "family_id": family_id})


def family_context(user_id: int, family_id: int) -> FamilyContext | None:
    """Who `user_id` is in `family_id`, or None when not a member. Every request on a family's
    data asks this, so it is one statement: the membership, its family and the narrowed parts (one
    row per narrowed part, or one row with none)."""
    rows = db.session.execute(_membership_and_narrowed_parts(), {"user_id": user_id, "family_id": family_id}).all()
    if not rows:
        return None
    membership = rows[0][0]
    narrowed = frozenset(part for _, part in rows if part is not None)
    today = dutch_today()
    grant = grant_for(membership, today) if membership.role == Role.PROFESSIONAL else Grant()
    return FamilyContext(membership.family, membership, access_for(membership, today), narrowed, grant)


def memberships_of_user(user_id: int) -> list[Person]:
    """The user's memberships, one per family, with the family loaded."""
    return list(
        db.session.scalars(
            sa.select(Person)
            .where(Person.user_id == user_id, Person.left_at.is_(None))
            .options(selectinload(Person.family))
            .order_by(Person.family_id)
        )
    )
