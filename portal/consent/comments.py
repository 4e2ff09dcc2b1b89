"""Professionals' comments on a part of the plan, under a "read and comment" permission.

Every part's main page shows them through the `consent/_comments.html` macro, which asks
`comments_section` what this member may read and whether they may write.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.access import FamilyContext, may_read_part_comments
from portal.consent.forms import CommentForm
from portal.consent.models import PartComment
from portal.extensions import db
from portal.parts.models import PlanPart

FORM_PREFIX = "comment"


@dataclass(frozen=True)
class CommentsSection:
    part: PlanPart
    comments: list[PartComment]
    form: CommentForm | None    # only for those who may comment

    @property
    def shown(self) -> bool:
        return bool(self.comments or self.form)


def comment_form(formdata=None) -> CommentForm:
    """The comment form; prefixed, so that it never picks up the fields of the page's own form."""
    return CommentForm(formdata=formdata, prefix=FORM_PREFIX)


def visible_comments(ctx: FamilyContext, part: PlanPart) -> list[PartComment]:
    """The comments on `part` this member may read, oldest first, with their authors (one or two queries)."""
    if not may_read_part_comments(ctx, part):
        return []
    return list(db.session.scalars(
        sa.select(PartComment).where(PartComment.family_id == ctx.family.id, PartComment.part == part)
        .options(selectinload(PartComment.author)).order_by(PartComment.created_at, PartComment.id)))


def comments_section(ctx: FamilyContext, part: PlanPart) -> CommentsSection:
    return CommentsSection(part, visible_comments(ctx, part), comment_form() if ctx.can_comment_on(part) else None)


def add_comment(ctx: FamilyContext, part: PlanPart, text: str) -> PartComment:
    """The member's comment on `part`; the caller checked `ctx.can_comment_on(part)` and commits."""
    comment = PartComment(family_id=ctx.family.id, part=part, author_id=ctx.membership.id, text=text.strip())
    db.session.add(comment)
    db.session.flush()
    return comment
