from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import AnyOf

from portal.forms import OnceForm, Optional, choices, max_length, required
from portal.parts.forms import VisibilityButtonForm, VisibilityChoice, version_field, visibility_field
from portal.parts.registry import narrowable_parts
from portal.plans.labels import KIND_LABELS, STATUS_LABELS
from portal.plans.models import EntryKind, PlanStatus


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


class EntryForm(VisibilityChoice, OnceForm):
    kind = RadioField(_l("What kind of note is this?"), default=EntryKind.CONCERN.value,
                      choices=choices((k.value, label) for k, label in KIND_LABELS.items()))
    text = TextAreaField(_l("What do you want to write down?"), validators=[required(), max_length(4000)])
    visibility = visibility_field(_l("For example, a worry about a parent's drinking can stay between the "
                                     "family and the mentor."))
    version = version_field()


class PartVisibilityForm(VisibilityButtonForm):
    """One button on the visibility page: narrow or widen one part of the plan."""

    part = HiddenField()

    def validate_part(self, field):
        # Read at request time: the parts register themselves when the app is made.
        AnyOf([p.value for p in narrowable_parts()])(self, field)
