"""The parts of a family's network plan, and who sees them.

A plan is made of parts (the goal, concerns and strengths, needs, agreements, the safety plan...).
The family decides per part, and per single entry, whether the whole network sees it or only the
family and the mentor. Consent for professionals names the same parts.
"""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db, enum_column


class PlanPart(enum.StrEnum):
    GOAL = "goal"                  # what the family hopes to reach, in their own words
    CONCERNS = "concerns"          # concerns, strengths and exceptions
    NEEDS = "needs"                # what the family is looking for, and offers of help
    AGREEMENTS = "agreements"      # concrete agreements and the tasks that carry them out
    SAFETY = "safety"              # safety plan: chains of people to call, safe places
    RELAPSE = "relapse"            # relapse plan: warning signs, who raises the alarm
    CONDITIONS = "conditions"      # what professionals require the plan to cover
    SCORES = "scores"              # scale questions and their answers
    MEETINGS = "meetings"          # network meetings: preparation, replies, outcome
    LOG = "log"                    # short updates from everyone
    NETWORK_MAP = "network_map"    # the people around the family


class Visibility(enum.StrEnum):
    NETWORK = "network"                        # everyone in the network who may read the part
    FAMILY_AND_MENTOR = "family_and_mentor"    # only the family and the mentor


class PartVisibility(db.Model):
    """A part the family narrowed; a part without a row is visible to the whole network."""

    __tablename__ = "part_visibility"
    __table_args__ = (sa.UniqueConstraint("family_id", "part", name="uq_part_visibility_family_part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(sa.ForeignKey("families.id", ondelete="CASCADE"), index=True)
    part: Mapped[PlanPart] = mapped_column(enum_column(PlanPart))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.FAMILY_AND_MENTOR)
