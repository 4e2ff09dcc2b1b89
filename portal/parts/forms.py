"""Form fields every part's entry forms share: who may see this, and the version a form showed."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.widgets import HiddenInput

from portal.forms import Optional, WholeNumberField, choices
from portal.parts.labels import VISIBILITY_CHOICES
from portal.parts.models import Visibility


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
