"""The family's and the mentor's first screen, and the review page ("keeping it going") they open
before each meeting."""
from __future__ import annotations

from flask import Blueprint, render_template

from portal.access import Access, FamilyContext, family_view
from portal.extensions import dutch_today
from portal.review.queries import build_review
from portal.review.today import FIRST_SCREEN_ITEMS, build_today

bp = Blueprint("review", __name__)


@bp.route("/families/<int:family_id>/review")
@family_view(Access.VIEW_COMMITMENTS)
def index(ctx: FamilyContext):
    today = dutch_today()
    return render_template("review/index.html", ctx=ctx, review=build_review(ctx, today), today=today)


@bp.route("/families/<int:family_id>/today")
@family_view(Access.VIEW_COMMITMENTS)
def today(ctx: FamilyContext):
    """The family's and the mentor's first screen: what needs them now, then this week."""
    day = dutch_today()
    return render_template("review/today.html", ctx=ctx, now=build_today(ctx, day), today=day,
                           most=FIRST_SCREEN_ITEMS)
