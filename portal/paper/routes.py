"""The plan on paper: the plan as a PDF, and each youth's safety card (wallet size, and A4 for the
fridge). Each PDF made leaves an access-log row, like a page view, with the action "export"."""
from __future__ import annotations

from flask import Blueprint, Response, render_template

from portal.access import (Access, FamilyContext, family_view, may_open_safety_page_of, part_entry_view,
                           visible_people)
from portal.audit.models import AuditAction
from portal.extensions import dutch_today, utcnow
from portal.families.models import Person
from portal.paper.documents import plan_on_paper, render_pdf, safety_card
from portal.parts.models import PlanPart

bp = Blueprint("paper", __name__)


def _pdf(html: str, filename: str) -> Response:
    return Response(render_pdf(html), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _day() -> str:
    return dutch_today().isoformat()


@bp.route("/families/<int:family_id>/plan.pdf")
@family_view(Access.VIEW_FAMILY, action=AuditAction.EXPORT)
def plan_pdf(ctx: FamilyContext):
    """The plan as far as the reader may read it; a professional's holds only the consented parts."""
    document = plan_on_paper(ctx, utcnow())
    return _pdf(render_template("paper/plan.html", ctx=ctx, doc=document), f"kring-plan-{_day()}.pdf")


_YOUTH_CARD = dict(part=PlanPart.SAFETY, model=Person, capability=Access.VIEW_FAMILY, id_arg="youth_id",
                   scope=visible_people, sees=may_open_safety_page_of, action=AuditAction.EXPORT)


@bp.route("/families/<int:family_id>/safety/card/<int:youth_id>.pdf")
@part_entry_view(**_YOUTH_CARD)
def safety_card_pdf(ctx: FamilyContext, youth: Person):
    """Credit-card size, two sides, with cut marks: who do I call, and who if they do not answer."""
    card = safety_card(ctx, youth, utcnow())
    return _pdf(render_template("paper/card.html", ctx=ctx, card=card), f"kring-safety-card-{_day()}.pdf")


@bp.route("/families/<int:family_id>/safety/sheet/<int:youth_id>.pdf")
@part_entry_view(**_YOUTH_CARD)
def safety_sheet_pdf(ctx: FamilyContext, youth: Person):
    """The same on one A4 page, for the fridge."""
    card = safety_card(ctx, youth, utcnow())
    return _pdf(render_template("paper/sheet.html", ctx=ctx, card=card), f"kring-safety-sheet-{_day()}.pdf")
