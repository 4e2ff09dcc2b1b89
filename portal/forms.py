"""Validators with messages in our own catalogs, shared by every form."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

__all__ = ["ConfirmForm", "Optional", "choices", "email_address", "form_problems", "max_length", "required", "required_when"]


def choices(pairs) -> list[SelectChoice]:
    """Options for a select or radio field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


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
                if field.name.endswith("csrf_token"):
                    problems.append((field.id, _("Form"), _("This form has expired. Please send it again.")))
                    continue
                for message in field.errors:
                    problems.append((field.id, f"{prefix}{field.label.text}", str(message)))

    visit(form)
    return problems


class ConfirmForm(FlaskForm):
    """An empty form: the CSRF token is the whole confirmation."""
