"""Validators with messages in our own catalogs, shared by every form."""
from __future__ import annotations

import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, HiddenField, IntegerField, SelectChoice, TelField, ValidationError
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.input import MAX_ID
from portal.phones import NotAPhone, PhoneProblem, display, normalise

__all__ = ["ConfirmForm", "OnceForm", "Optional", "PhoneField", "WholeNumberField", "choices", "email_address", "form_problems",
           "max_length", "required", "required_when", "whole_number"]


def choices(pairs) -> list[SelectChoice]:
    """Options for a select or radio field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def whole_number(value) -> int:
    """`int(value)`, for the `coerce` of a select whose values are ids: a number beyond the
    database's integer range raises ValueError like any other non-number, so the field gets an
    error instead of the query an overflow."""
    number = int(value)
    if not -MAX_ID - 1 <= number <= MAX_ID:
        raise ValueError("out of range")
    return number


class WholeNumberField(IntegerField):
    """An IntegerField (a version, a counter) that refuses numbers beyond the database's range."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            try:
                whole_number(self.data)
            except ValueError:
                self.data = None
                raise ValueError(_("This number is too large.")) from None


def required(message=None) -> DataRequired:
    return DataRequired(message=message or _l("Please fill this in."))


def required_when(condition, message):
    """Required only when `condition(form)` holds. List it before `Optional()`: that one ends the
    chain for an empty field, so an inline `validate_<field>` method would never see it empty."""
    def check(form, field):
        if condition(form):
            DataRequired(message=message)(form, field)

    return check


def max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("Please keep this under %(max)d characters.", max=limit))


def email_address() -> Email:
    return Email(message=_l("This does not look like an e-mail address. Please check it."),
                 check_deliverability=False)


PHONE_PROBLEMS = {
    PhoneProblem.SIGNS: _l("This is not a phone number: it has letters or other signs in it. "
                           "Use digits, with a + only at the start."),
    PhoneProblem.TOO_SHORT: _l("This is not a phone number: it has too few digits. "
                               "For example: 06 12345678, 020 123 4567 or 112."),
    PhoneProblem.TOO_LONG: _l("This is not a phone number: it has too many digits. "
                              "For example: 06 12345678 or 020 123 4567."),
    PhoneProblem.UNKNOWN_COUNTRY: _l("This is not a phone number: no country has the code after the +. "
                                     "For example: +32 for Belgium."),
    PhoneProblem.NOT_IN_USE: _l("This is not a phone number: these digits do not make a number that exists. "
                                "Please check them, for example: 06 12345678, 020 123 4567 or 112."),
}


class PhoneField(TelField):
    """A phone number, stored as `portal.phones.normalise` gives it and shown the Dutch way.
    Something that is no number gets a message saying what is wrong, and stays as it was typed."""

    def _value(self) -> str:
        return display(self.data) if self.data else ""

    def pre_validate(self, form) -> None:
        if self.data and self.data.strip():
            try:
                self.data = normalise(self.data)
            except NotAPhone as refused:
                raise ValidationError(PHONE_PROBLEMS[refused.problem]) from None


class OnceForm(FlaskForm):
    """A form that creates something. Each rendering carries a new one-time token; the view saves
    with `portal.submissions.services.save_once`, so a resend or a double click saves once.
    Templates render `{{ form.form_token }}` next to `{{ form.csrf_token }}`."""

    form_token = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.token_was_sent = bool(self.form_token.data)
        if not self.token_was_sent:
            # A fresh form, or a page shown again after another form on it was sent.
            self.form_token.data = secrets.token_urlsafe(32)

    def validate_form_token(self, field):
        if not self.token_was_sent or len(field.data) > 64:
            raise ValidationError(_l("This form has expired. Please send it again."))


def form_problems(form) -> list[tuple[str, str, str]]:
    """Every error of `form` as (field id, label, message), nested rows included, in page order."""
    problems: list[tuple[str, str, str]] = []

    def visit(fields, prefix: str = "") -> None:
        for field in fields:
            if isinstance(field, FieldList):
                for number, entry in enumerate(field, start=1):
                    visit(entry if isinstance(entry, FormField) else [entry], f"{prefix}{number}. ")
            elif isinstance(field, FormField):
                visit(field, prefix)
            elif field.errors:
                if field.name.endswith(("csrf_token", "form_token")):
                    problems.append((field.id, _("Form"), _("This form has expired. Please send it again.")))
                    continue
                for message in field.errors:
                    problems.append((field.id, f"{prefix}{field.label.text}", str(message)))

    visit(form)
    return problems


class ConfirmForm(FlaskForm):
    """An empty form: the CSRF token is the whole confirmation."""
