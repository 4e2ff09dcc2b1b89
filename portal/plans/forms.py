from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import AnyOf
from wtforms.widgets import HiddenInput

from portal.access import NARROWABLE_PARTS
from portal.forms import OnceForm, Optional, WholeNumberField, choices, max_length, required
from portal.plans.labels import KIND_LABELS, STATUS_LABELS, VISIBILITY_CHOICES
from portal.plans.models import EntryKind, PlanStatus, Visibility


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


class PlanForm(FlaskForm):
    goal = TextAreaField(_l("What do we hope to reach?"), validators=[Optional(), max_length(4000)],
                         description=_l("In a few sentences. For example: the children feel safe at home, "
                                        "and mum does not have to do everything alone."))
    own_words = TextAreaField(_l("In the family's own words"), validators=[Optional(), max_length(8000)],
                              description=_l("What the family says about their situation, as they say it."))
    status = SelectField(_l("Where is the plan now?"),
                         choices=choices((s.value, label) for s, label in STATUS_LABELS.items()),
                         default=PlanStatus.DRAFT.value)
    version = version_field()


class EntryForm(OnceForm):
    kind = RadioField(_l("What kind of note is this?"), default=EntryKind.CONCERN.value,
                      choices=choices((k.value, label) for k, label in KIND_LABELS.items()))
    text = TextAreaField(_l("What do you want to write down?"), validators=[required(), max_length(4000)])
    visibility = visibility_field(_l("For example, a worry about a parent's drinking can stay between the "
                                     "family and the mentor."))
    version = version_field()


class PartVisibilityForm(FlaskForm):
    """One button on the visibility page: narrow or widen one part of the plan."""

    part = HiddenField(validators=[AnyOf([p.value for p in NARROWABLE_PARTS])])
    visibility = HiddenField(validators=[AnyOf([v.value for v in Visibility])])


class ConfirmForm(FlaskForm):
    """An empty form: the CSRF token is the whole confirmation."""
