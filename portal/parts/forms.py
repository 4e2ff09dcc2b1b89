"""Form fields every part's entry forms share: who may see this, and the version a form showed."""
from __future__ import annotations

from typing import Callable

from flask import flash, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import AnyOf
from wtforms.widgets import HiddenInput

from portal.forms import ConfirmForm, Optional, WholeNumberField, choices
from portal.parts.labels import VISIBILITY_CHOICES
from portal.parts.models import Visibility
from portal.transactions import Refused


def visibility_field(description=None) -> RadioField:
    """The choice on every entry form of the plan: who may see this?"""
    return RadioField(_l("Who may see this?"), default=Visibility.NETWORK.value,
                      choices=choices((v.value, label) for v, label in VISIBILITY_CHOICES.items()),
                      description=description or _l("The family and the mentor always see everything."))


def version_field() -> WholeNumberField:
    """The version the form showed, sent back so that a stale save is refused."""
    return WholeNumberField(widget=HiddenInput(), validators=[Optional()])


def drop_visibility_unless(form: FlaskForm, allowed: bool) -> None:
    """Members who may not narrow never see the choice (their entries are for the whole network)."""
    if not allowed:
        del form.visibility


class VisibilityChoice:
    """Mixin for a form with a `visibility` field that some members never see.

    The one place that reads the field: what the member chose, or, when the field was dropped
    (`drop_visibility_unless`), what the entry already had (`current`), which for a new entry is
    the whole network.
    """

    def chosen_visibility(self, current: Visibility = Visibility.NETWORK) -> Visibility:
        if "visibility" not in self:
            return current
        return Visibility(self.visibility.data)

    def show_visibility(self, entry) -> None:
        """Fill the field from `entry` when the form is first shown (not after a submit)."""
        if "visibility" in self and not self.is_submitted():
            self.visibility.data = entry.visibility.value


class VisibilityButtonForm(VisibilityChoice, FlaskForm):
    """One button that widens or narrows who sees one thing; the choice travels in a hidden field."""

    visibility = HiddenField(validators=[AnyOf([v.value for v in Visibility])])


def show_conflict(template: str, refused: Refused, **context):
    """The answer to a save someone else beat: the refusal as a message, and the form again with 409.

    The form in `context` keeps what the user typed; the caller passes the entry as it is now.
    """
    flash(str(refused.message), "error")
    return render_template(template, **context), 409


def confirm_removal(template: str, remove: Callable[[], None], done: str, back, **context):
    """A removal behind its confirmation page: the page on GET (or an unusable form), and on a
    confirmed POST `remove()`, the message `done` and the answer `back`."""
    form = ConfirmForm()
    if form.validate_on_submit():
        remove()
        flash(done, "success")
        return back
    return render_template(template, form=form, **context)
