"""The documents on paper, as plain functions: what goes on them (read models built from the access
policy's answers) and turning their HTML into a PDF with WeasyPrint.

The PDF is made from Jinja templates in the reader's language, with the stylesheet
`static/paper.css`; nothing is fetched while rendering.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app

from portal.access import FamilyContext
from portal.families.models import Person, Role
from portal.paper.sections import PAPER_SECTIONS, Section
from portal.parts.models import PlanPart
from portal.parts.registry import PartInfo, registered_parts
from portal.plans.models import Plan
from portal.plans.services import plan_of
from portal.safety.models import SafetySituation
from portal.safety.queries import SafetyPage, youth_safety_page


@dataclass(frozen=True)
class PaperPart:
    info: PartInfo
    template: str
    data: dict

    @property
    def anchor(self) -> str:
        return f"part-{self.info.part.value}"


@dataclass(frozen=True)
class PlanOnPaper:
    made_at: datetime
    made_for: Person
    plan: Plan | None            # None when there is no plan, or the reader may not read its status
    parts: list[PaperPart]
    # For a professional: the parts the family's permission opens (the cover says only these are in).
    consented: list[PartInfo] | None


def parts_on_paper(ctx: FamilyContext) -> list[tuple[PartInfo, Section]]:
    """The parts this reader may read, in the order of the plan, each with its section on paper."""
    return [(info, PAPER_SECTIONS[info.part]) for info in registered_parts()
            if info.part in PAPER_SECTIONS and ctx.can_read(info.part)]


def plan_on_paper(ctx: FamilyContext, now: datetime) -> PlanOnPaper:
    parts = [PaperPart(info, f"paper/parts/{section.template}", section.load(ctx))
             for info, section in parts_on_paper(ctx)]
    consented = None
    if ctx.role == Role.PROFESSIONAL:
        consented = [info for info in registered_parts() if info.part in ctx.grant.parts]
    plan = plan_of(ctx.family.id) if ctx.can_read(PlanPart.GOAL) else None
    return PlanOnPaper(now, ctx.membership, plan, parts, consented)


@dataclass(frozen=True)
class SafetyCard:
    """One youth's safety card: their own chains (else the chains they see), and where they can go."""

    youth: Person
    situations: list[SafetySituation]
    page: SafetyPage
    made_at: datetime
    made_for: Person


def safety_card(ctx: FamilyContext, youth: Person, now: datetime) -> SafetyCard:
    """The caller's loader has checked `may_open_safety_page_of(ctx, youth)`."""
    page = youth_safety_page(ctx, youth)
    return SafetyCard(youth, page.own or page.others, page, now, ctx.membership)


def stylesheet_path() -> Path:
    return Path(current_app.static_folder) / "paper.css"


def render_pdf(html: str) -> bytes:
    """The PDF of one of Kring's paper templates, rendered."""
    # Imported here: WeasyPrint with Pango and its fonts is some 40 MB in every worker that loads
    # it, and most workers never make a PDF.
    from weasyprint import CSS, HTML, URLFetcher

    # The documents hold everything themselves (charts are inline SVG): no protocol may be fetched.
    no_fetching = URLFetcher(allowed_protocols=frozenset())
    document = HTML(string=html, base_url=str(Path(current_app.static_folder)), url_fetcher=no_fetching)
    # Tagged (headings, lists, tables and the language marked), so that a screen reader can read it.
    return document.write_pdf(stylesheets=[CSS(filename=str(stylesheet_path()))], pdf_tags=True)
