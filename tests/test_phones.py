"""Phone numbers: one check for every field that takes one (security finding 11).

Dutch numbering unless a number starts with + or 00; 112 and other Dutch short numbers allowed.
Stored as E.164 (full numbers) or digits (short numbers); a `tel:` link only holds + and digits.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Person
from portal.phones import NotAPhone, PhoneProblem, dialable, display, normalise
from tests.conftest import form_fields, page_text, translated
from tests.factories import PersonFactory
from tests.test_safety import EMERGENCY, chain, link

P = PhoneProblem

NUMBERS = [  # typed -> stored, or the problem
    ("06 12345678", "+31612345678"),
    ("0612345678", "+31612345678"),
    ("+31 (0)6 1234 5678", "+31612345678"),
    ("+31 6 12345678", "+31612345678"),
    ("0031 6 12345678", "+31612345678"),
    ("020 - 123.45.67", "+31201234567"),
    ("020 1234567", "+31201234567"),
    ("0800-2000", "+318002000"),          # Veilig Thuis
    ("0800-0113", "+318000113"),          # 113 Zelfmoordpreventie, free
    ("0900-8844", "+319008844"),          # the police, not an emergency
    ("112", "112"),
    ("113", "113"),
    ("144", "144"),
    ("116 111", "116111"),                # Kindertelefoon
    ("+44 20 7946 0958", "+442079460958"),
    ("  06 12345678  ", "+31612345678"),
    ("javascript:alert(5)", P.SIGNS),
    ("bel me maar", P.SIGNS),
    ("<script>", P.SIGNS),
    ("06+12345678", P.SIGNS),
    ("", P.SIGNS),
    ("5", P.TOO_SHORT),
    ("123", P.TOO_SHORT),
    ("06 123456789012345", P.TOO_LONG),
    ("+999 1234567", P.UNKNOWN_COUNTRY),
    ("06 1234", P.NOT_IN_USE),
]


@pytest.mark.parametrize("typed, expected", NUMBERS)
def test_numbers_are_normalised_or_refused(typed, expected):
    if isinstance(expected, PhoneProblem):
        with pytest.raises(NotAPhone) as refused:
            normalise(typed)
        assert refused.value.problem == expected
    else:
        assert normalise(typed) == expected
        assert normalise(expected) == expected      # a stored number stays itself


@pytest.mark.parametrize("stored, shown", [
    ("+31612345678", "06 12345678"), ("+31201234567", "020 123 4567"), ("+318002000", "0800 2000"),
    ("112", "112"), ("+442079460958", "+44 20 7946 0958"),
    ("06 12345678", "06 12345678"),            # saved as typed, before the check
    ("javascript:alert(5)", "javascript:alert(5)"), ("", ""), (None, ""),
])
def test_numbers_are_shown_the_dutch_way(stored, shown):
    assert display(stored) == shown


@pytest.mark.parametrize("stored", ["javascript:alert(5)", "tel:5", "5", "bel me", "", None])
def test_something_that_is_no_number_is_never_dialled(stored):
    assert dialable(stored) == ""


TEL_LINK = re.compile(r'href="tel:([^"]*)"')


def test_an_old_bad_number_is_shown_as_text_and_never_becomes_a_link(app, auth, world):
    """Saved before numbers were checked: `javascript:alert(5)` once became `tel:5`."""
    world.people["no_account"].phone = "javascript:alert(5)"
    world.people["mentor"].phone = "06 12345678"
    db.session.commit()
    html = auth.login("family").get(f"/families/{world.family.id}/people").get_data(as_text=True)
    dialled = TEL_LINK.findall(html)
    assert dialled == ["+31612345678"]
    assert all(re.fullmatch(r"\+?[0-9]+", number) for number in dialled)
    assert "javascript:alert(5)" in html                     # shown, as text


def test_every_tel_link_holds_only_digits(app, auth, world):
    bad = PersonFactory(family=world.family, name="Oude Buur", relation="buur", phone="javascript:alert(5)")
    world.people["mentor"].phone = "+31612345678"
    chain(world, "Als het misgaat", [link(bad), link(world.people["network"], phone="0800-2000"), EMERGENCY])
    db.session.commit()
    for role, page in (("family", "/safety"), ("youth", "/safety/now"), ("family", "/people")):
        html = auth.login(role).get(f"/families/{world.family.id}{page}").get_data(as_text=True)
        dialled = TEL_LINK.findall(html)
        assert dialled and all(re.fullmatch(r"\+?[0-9]+", number) for number in dialled), (page, dialled)
        assert "tel:5" not in html


@pytest.mark.parametrize("typed, message", [
    ("javascript:alert(5)", "This is not a phone number: it has letters or other signs in it. "
                            "Use digits, with a + only at the start."),
    ("123", "This is not a phone number: it has too few digits. For example: 06 12345678, 020 123 4567 or 112."),
    ("06 1234", "This is not a phone number: these digits do not make a number that exists. "
                "Please check them, for example: 06 12345678, 020 123 4567 or 112."),
])
def test_a_person_with_a_bad_number_gets_a_message_and_keeps_what_was_typed(app, auth, world, typed, message):
    client = auth.login("family")
    form = form_fields(client.get(f"/families/{world.family.id}/people/new"), containing="relation")
    response = client.post(f"/families/{world.family.id}/people/new", data={
        **form, "name": "Henk", "relation": "buurman", "role": "network", "invite_how": "none", "phone": typed})
    assert response.status_code == 200
    assert translated(message) in page_text(response)
    assert form_fields(response, containing="relation")["phone"] == typed
    assert db.session.scalar(sa.select(Person).where(Person.name == "Henk")) is None


def test_a_person_is_saved_with_the_normalised_number_and_shown_the_dutch_way(app, auth, world):
    client = auth.login("family")
    form = form_fields(client.get(f"/families/{world.family.id}/people/new"), containing="relation")
    client.post(f"/families/{world.family.id}/people/new", data={
        **form, "name": "Henk", "relation": "buurman", "role": "network", "invite_how": "none",
        "phone": "+31 (0)6 1122 3344"})
    henk = db.session.scalars(sa.select(Person).where(Person.name == "Henk")).one()
    assert henk.phone == "+31611223344"
    html = client.get(f"/families/{world.family.id}/people").get_data(as_text=True)
    assert 'href="tel:+31611223344">06 11223344</a>' in html
