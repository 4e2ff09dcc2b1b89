"""The plan on paper: the PDF holds every part its reader may read and nothing else, in the reader's
language; the safety card's numbers are the chain's, in order; each PDF made is in the access log.

The PDFs are read back with pypdf (their text), as anyone would read them. The demo family's plan and
Sam's card are also written to test-output/ (not committed), with page 1 of each as a PNG.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
import sqlalchemy as sa
from flask import url_for

from portal.audit.describe import sentence
from portal.audit.models import AccessLogEntry, AuditAction, AuditResult
from portal.consent.labels import CONSENTABLE_PARTS
from portal.consent.models import ConsentLevel
from portal.demo import build_demo_family
from portal.extensions import db, utcnow
from portal.families.models import Person
from portal.paper.sections import PAPER_SECTIONS
from portal.parts.models import PlanPart, Visibility
from portal.parts.registry import registered_parts
from portal.phones import display
from portal.safety.models import LinkKind, SafetySituation
from portal.safety.services import LinkDetails, SituationDetails, create_situation
from portal.auth.models import User
from tests.consents import consent_in_force
from tests.conftest import translated
from tests.test_consent_markers import fill_every_part, markers_of

MM = 72 / 25.4  # PDF points per millimetre


def pdf_of(response) -> pypdf.PdfReader:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.data))


def text_of(reader: pypdf.PdfReader) -> str:
    """The text of every page, whitespace folded (a phrase broken over two lines still matches)."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def plan_pdf(app, client, family_id: int) -> pypdf.PdfReader:
    with app.test_request_context():
        url = url_for("paper.plan_pdf", family_id=family_id)
    return pdf_of(client.get(url))


def parts_shown(text: str) -> set[PlanPart]:
    return {part for part in PlanPart if any(marker in text for marker in markers_of(part))}


def test_every_part_of_the_plan_has_its_section_on_paper(app):
    assert {info.part for info in registered_parts()} <= set(PAPER_SECTIONS)


def test_the_family_gets_every_part_with_a_cover_and_contents(app, auth, world):
    fill_every_part(world)
    text = text_of(plan_pdf(app, auth.login("family"), world.family.id))

    assert parts_shown(text) == set(PlanPart)
    assert translated("Network plan of %(family)s", family=world.family.name) in text
    assert translated("Contents") in text
    assert translated("Made on %(moment)s for %(name)s", moment="", name="").split()[0] in text
    assert "Moeder Test" in text
    # The chain's numbers are written out in full.
    assert display("06 12345678") in text and display("0800-2000") in text


@pytest.mark.parametrize("part", CONSENTABLE_PARTS, ids=[p.value for p in CONSENTABLE_PARTS])
def test_a_professional_gets_only_the_parts_the_family_consented_to(app, auth, world, part):
    fill_every_part(world)
    consent_in_force(world.people["professional"], {part}, world.accounts["family"], level=ConsentLevel.READ)

    text = text_of(plan_pdf(app, auth.login("professional"), world.family.id))

    # Conditions are the professionals' own: they always read them.
    assert parts_shown(text) == {part, PlanPart.CONDITIONS}
    assert translated("This document holds only the parts of the plan the family gave you permission to see.") in text


def test_without_permission_a_professional_gets_the_conditions_only(app, auth, world):
    fill_every_part(world)
    text = text_of(plan_pdf(app, auth.login("professional"), world.family.id))
    assert parts_shown(text) == {PlanPart.CONDITIONS}
    assert translated("You have no permission in force for any part of the plan right now.") in text


def test_a_network_member_gets_no_narrowed_entry(app, auth, world):
    fill_every_part(world)
    secret = SafetySituation(family_id=world.family.id, title="zqnarrowedzq", visibility=Visibility.FAMILY_AND_MENTOR)
    db.session.add(secret)
    db.session.commit()
    text = text_of(plan_pdf(app, auth.login("network"), world.family.id))
    assert "zqnarrowedzq" not in text
    assert PlanPart.SAFETY in parts_shown(text)


@pytest.mark.parametrize("locale, words", [("nl", "Inhoud"), ("en", "Contents")])
def test_the_pdf_is_in_the_readers_language(app, auth, world, locale, words):
    world.accounts["family"].locale = locale
    db.session.commit()
    reader = plan_pdf(app, auth.login("family"), world.family.id)
    text = text_of(reader)
    assert words in text
    # Tagged, in the reader's language, for screen readers.
    assert reader.trailer["/Root"]["/Lang"] == locale and "/StructTreeRoot" in reader.trailer["/Root"]
    assert translated("Network plan of %(family)s", locale, family=world.family.name) in text
    other = "en" if locale == "nl" else "nl"
    assert translated("Network plan of %(family)s", other, family=world.family.name) not in text


def test_each_pdf_made_is_in_the_access_log(app, auth, world):
    plan_pdf(app, auth.login("family"), world.family.id)
    row = db.session.scalars(sa.select(AccessLogEntry).where(AccessLogEntry.family_id == world.family.id)
                             .order_by(AccessLogEntry.seq.desc())).first()
    assert (row.action, row.result, row.user_name) == (AuditAction.EXPORT, AuditResult.ALLOWED, "Moeder Test")
    assert row.subject.startswith("paper.plan_pdf")
    with app.test_request_context():
        assert sentence(row, None) == translated("%(who)s made a PDF of %(what)s", who=translated(
            "%(name)s (%(role)s)", name="Moeder Test", role=translated("family")), what=translated("the plan"))


def _sams_chain(world) -> SafetySituation:
    youth, mentor = world.people["youth"], world.people["mentor"]
    mentor.phone = "+31612345678"
    situation = create_situation(world.family, SituationDetails("Als ik me niet veilig voel", youth, Visibility.NETWORK, [
        LinkDetails(mentor, "", "", "", LinkKind.NETWORK),
        LinkDetails(world.people["network"], "", "06 87654321", "", LinkKind.NETWORK),
        LinkDetails(None, "Veilig Thuis", "0800-2000", "", LinkKind.PROFESSIONAL)]))
    db.session.commit()
    return situation


def card_pdf(app, client, world, endpoint="paper.safety_card_pdf") -> pypdf.PdfReader:
    with app.test_request_context():
        url = url_for(endpoint, family_id=world.family.id, youth_id=world.people["youth"].id)
    return pdf_of(client.get(url))


def test_the_wallet_card_has_the_chains_numbers_in_order_on_two_credit_card_sides(app, auth, world):
    situation = _sams_chain(world)
    reader = card_pdf(app, auth.login("youth"), world)

    assert len(reader.pages) == 2
    for page in reader.pages:  # the card itself is the trim box; bleed and crop marks lie around it
        assert float(page.trimbox.width) == pytest.approx(85.6 * MM, abs=1)
        assert float(page.trimbox.height) == pytest.approx(54 * MM, abs=1)
        assert float(page.mediabox.width) > float(page.trimbox.width)
    text = text_of(reader)
    expected = [display(link.phone_to_call) for link in situation.links]
    assert expected == ["06 12345678", "06 87654321", "0800 2000"]
    found = [text.find(number) for number in expected]
    assert -1 not in found and found == sorted(found), text
    assert "Veilig Thuis" in text  # ends with the professional's number


def test_the_fridge_sheet_is_one_a4_page_with_the_same_numbers(app, auth, world):
    situation = _sams_chain(world)
    reader = card_pdf(app, auth.login("family"), world, "paper.safety_sheet_pdf")
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(210 * MM, abs=1)
    text = text_of(reader)
    found = [text.find(display(link.phone_to_call)) for link in situation.links]
    assert -1 not in found and found == sorted(found), text
    assert translated("In danger right now? Call 112") in text


def test_the_demo_familys_pdf_and_sams_card_are_written_for_people_to_look_at(app, project_root):
    """The demo family's plan, as the mother reads it, and Sam's card and fridge sheet, as Sam gets
    them, to test-output/ with page 1 of each as a PNG. The score charts are vector drawings, no images."""
    family = build_demo_family(utcnow().date())
    db.session.commit()
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    mother = db.session.scalar(sa.select(User).where(User.email == "ouder@example.org"))
    sam_user = db.session.scalar(sa.select(User).where(User.email == "jongere@example.org"))
    sam = people["Sam"]

    plan = app.test_client().login_as(mother).get(f"/families/{family.id}/plan.pdf")
    card = app.test_client().login_as(sam_user).get(f"/families/{family.id}/safety/card/{sam.id}.pdf")
    sheet = app.test_client().login_as(sam_user).get(f"/families/{family.id}/safety/sheet/{sam.id}.pdf")
    plan_reader, card_reader = pdf_of(plan), pdf_of(card)
    assert len(pdf_of(sheet).pages) == 1

    assert all(not page.images for page in plan_reader.pages)
    chain = db.session.scalars(sa.select(SafetySituation).where(SafetySituation.for_youth_id == sam.id)).one()
    card_text = text_of(card_reader)
    assert [n for n in (display(l.phone_to_call) for l in chain.links) if n not in card_text] == []
    assert display(chain.links[-1].phone_to_call) == "112"  # Sam's chain ends with 112

    out = project_root / "test-output"
    out.mkdir(exist_ok=True)
    for name, response in (("demo-family-plan", plan), ("sam-safety-card", card), ("sam-fridge-sheet", sheet)):
        (out / f"{name}.pdf").write_bytes(response.data)
        _first_page_as_png(response.data, out / f"{name}-page1.png")
        assert (out / f"{name}-page1.png").stat().st_size > 1000


def _first_page_as_png(pdf: bytes, target: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=2).to_pil().save(target)
    finally:
        document.close()


def test_a_youth_without_a_chain_of_their_own_gets_the_chains_they_see_else_112(app, auth, world):
    client = auth.login("family")
    text = text_of(card_pdf(app, client, world))
    assert translated("In danger right now? Call 112") in text

    everyone = create_situation(world.family, SituationDetails("Voor iedereen", None, Visibility.NETWORK, [
        LinkDetails(world.people["network"], "", "06 87654321", "", LinkKind.NETWORK),
        LinkDetails(None, "Veilig Thuis", "0800-2000", "", LinkKind.PROFESSIONAL)]))
    db.session.commit()
    text = text_of(card_pdf(app, client, world))
    assert everyone.title in text and "06 87654321" in text
