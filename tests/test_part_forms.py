"""The shared pieces of every part's forms: reading the visibility choice, and the 409 answer."""
from __future__ import annotations

from types import SimpleNamespace

from flask import get_flashed_messages

from portal.agreements.forms import AgreementForm
from portal.parts.forms import drop_visibility_unless, show_conflict
from portal.parts.models import Visibility
from portal.parts.versioning import StaleEdit

NARROWED = SimpleNamespace(visibility=Visibility.FAMILY_AND_MENTOR)


def _form(app, data: dict, may_narrow: bool) -> AgreementForm:
    with app.test_request_context(method="POST", data=data):
        form = AgreementForm(meta={"csrf": False})
        drop_visibility_unless(form, may_narrow)
        form.validate()
        return form


def test_the_chosen_visibility_is_read_from_the_form(app):
    form = _form(app, {"title": "Opa haalt Noor", "visibility": "family_and_mentor"}, may_narrow=True)
    assert form.chosen_visibility() == Visibility.FAMILY_AND_MENTOR
    assert form.chosen_visibility(Visibility.NETWORK) == Visibility.FAMILY_AND_MENTOR


def test_without_the_field_an_entry_keeps_what_it_had_and_a_new_one_is_for_the_network(app):
    # A posted value is ignored when the member may not choose (the field is not on the form).
    form = _form(app, {"title": "Opa haalt Noor", "visibility": "network"}, may_narrow=False)
    assert form.chosen_visibility() == Visibility.NETWORK
    assert form.chosen_visibility(NARROWED.visibility) == Visibility.FAMILY_AND_MENTOR


def test_the_field_shows_the_entry_until_the_form_is_submitted(app):
    with app.test_request_context():
        form = AgreementForm(meta={"csrf": False})
        form.show_visibility(NARROWED)
        assert form.visibility.data == "family_and_mentor"
    with app.test_request_context(method="POST", data={"title": "x", "visibility": "network"}):
        form = AgreementForm(meta={"csrf": False})
        form.show_visibility(NARROWED)
        assert form.visibility.data == "network"  # what the member chose stays


def test_a_conflict_answers_409_with_the_message_and_the_form(app, monkeypatch):
    shown = {}
    monkeypatch.setattr("portal.parts.forms.render_template",
                        lambda template, **context: shown.update(template=template, **context) or "page")
    with app.test_request_context():
        answer = show_conflict("agreements/form.html", StaleEdit("Iemand anders was je voor."),
                               form="the form", current="as it is now")
        assert answer == ("page", 409)
        assert shown == {"template": "agreements/form.html", "form": "the form", "current": "as it is now"}
        assert get_flashed_messages(with_categories=True) == [("error", "Iemand anders was je voor.")]
