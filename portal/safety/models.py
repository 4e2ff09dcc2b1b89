"""The safety plan: whom to call when it is not safe, and who next when nobody answers.

A `SafetySituation` ("when it is unsafe for mum at home", "when Sam feels unsafe") holds an
ordered chain of `ChainLink`s. The chain is called from the top: if the first does not answer,
the next. The last link is always a professional or an emergency number, so that somebody always
answers (see `portal.safety.services.check_chain`). A situation is for the whole network, or for
one youth: then it is that youth's chain.

Besides the chains: where each child can go when they do not feel safe (`SafePlace`), and who
tells the children about the agreements, and why (`ChildrenBriefing`, one per family).
Who sees which of these is decided in `portal.access` (`visible_safety_situations`,
`visible_safe_places`).
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_column, utcnow
from portal.families.models import Person
from portal.parts.models import Visibility


class LinkKind(enum.StrEnum):
    NETWORK = "network"              # someone the family knows: opa, the neighbour, the mentor
    PROFESSIONAL = "professional"    # a professional or a helpline: the district team, Veilig Thuis
    EMERGENCY = "emergency"          # 112

    @property
    def always_answers(self) -> bool:
        """Whether a chain may end with this kind of link."""
        return self in (LinkKind.PROFESSIONAL, LinkKind.EMERGENCY)


class SafetySituation(db.Model):
    __tablename__ = "safety_situations"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    # In the family's words: "Als het thuis niet veilig is voor Sandra".
    title: Mapped[str] = mapped_column(sa.String(200))
    # The youth whose chain this is; None: the chain is for the whole network.
    for_youth_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    for_youth: Mapped[Person | None] = relationship()
    links: Mapped[list[ChainLink]] = relationship(
        back_populates="situation", order_by="ChainLink.position", cascade="all, delete-orphan"
    )


class ChainLink(db.Model):
    """One person or number in a chain; `position` 1 is called first. Positions are 1..n, no gaps."""

    __tablename__ = "safety_chain_links"
    __table_args__ = (sa.UniqueConstraint("situation_id", "position", name="uq_safety_chain_links_situation_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    situation_id: Mapped[int] = mapped_column(sa.ForeignKey("safety_situations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    # Someone in the family's network; their name and phone number are used unless `phone` is set.
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    # For a contact outside the network ("Veilig Thuis", "112"); for a person: left empty.
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    # As typed ("0800-2000"); for a person: only when it differs from the number in their profile.
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # A short word on when or why: "in nood", "overdag".
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[LinkKind] = mapped_column(enum_column(LinkKind), default=LinkKind.NETWORK)

    situation: Mapped[SafetySituation] = relationship(back_populates="links")
    person: Mapped[Person | None] = relationship()

    @property
    def display_name(self) -> str:
        if self.person is not None:
            return self.person.name
        return self.name

    @property
    def relation(self) -> str:
        return self.person.relation if self.person is not None else ""

    @property
    def phone_to_call(self) -> str:
        """The number as typed: the link's own, else the person's; empty when neither is known."""
        if self.phone:
            return self.phone
        return (self.person.phone or "") if self.person is not None else ""


class SafePlace(db.Model):
    """Where a child can go, or whom they can go to, when they do not feel safe."""

    __tablename__ = "safe_places"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    youth_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # In plain words: "Bij Ria, twee deuren verder. Zij heeft altijd een bed klaar."
    description: Mapped[str] = mapped_column(sa.String(500))
    # The person the child goes to, if they are in the network.
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    youth: Mapped[Person] = relationship(foreign_keys=[youth_id])
    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])

    @property
    def phone_to_call(self) -> str:
        if self.phone:
            return self.phone
        return (self.person.phone or "") if self.person is not None else ""


class ChildrenBriefing(db.Model):
    """Who tells the children about the safety agreements, and why those agreements were made."""

    __tablename__ = "children_briefings"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), unique=True)
    told_by: Mapped[str] = mapped_column(sa.String(200))
    why: Mapped[str] = mapped_column(sa.Text(), default="")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.NETWORK)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
