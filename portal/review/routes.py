"""The review page ("keeping it going"), opened by the family and the mentor before each meeting."""
from __future__ import annotations

from flask import Blueprint, render_template

from portal.access import Access, FamilyContext, family_view
from portal.extensions import dutch_today
from portal.review.queries import build_review

bp = Blueprint("review", __name__)


@bp.route("/families/<int:family_id>/review")
@family_view(Access.VIEW_COMMITMENTS)
def index(ctx: FamilyContext):
    today = dutch_today()
    return render_template("review/index.html", ctx=ctx, review=build_review(ctx, today), today=today)
