from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.widgets import HiddenInput

from portal.forms import OnceForm, Optional, WholeNumberField, choices, max_length, required, whole_number
from portal.needs.labels import HELP_MODE_LABELS, TAKING_PART_LABELS
from portal.needs.models import HelpMode
from portal.parts.forms import VisibilityChoice, visibility_field
from portal.tasks.labels import CATEGORY_LABELS
from portal.tasks.models import Category


class NeedForm(VisibilityChoice, OnceForm):
    title = StringField(_l("What are you looking for?"), validators=[required(), max_length(160)],
                        description=_l("Short and concrete, for example: someone who reads the letters "
                                       "from the council with me."))
    description = TextAreaField(_l("More about it (optional)"), validators=[Optional(), max_length(4000)],
                                description=_l("When, how often, what would help most."))
    category = SelectField(_l("Kind of help"), default=Category.PRACTICAL.value,
                           choices=choices((c.value, label) for c, label in CATEGORY_LABELS.items()))
    mode = RadioField(_l("How would help work best?"), default=HelpMode.EITHER.value,
                      choices=choices((m.value, label) for m, label in HELP_MODE_LABELS.items()))
    visibility = visibility_field()


class OfferForm(OnceForm):
    """An offer of help; `person_id` is who offers (oneself, or a helper without an account)."""

    person_id = SelectField(_l("Who offers to help?"), coerce=whole_number)
    message = TextAreaField(_l("What can you do? (optional)"), validators=[Optional(), max_length(1000)],
                            description=_l("For example: I can do this on Wednesday afternoons."))


class MakeTaskForm(OnceForm):
    """Turn a need into a task: from an accepted offer, or asked of the whole network."""

    title = StringField(_l("The task in the plan"), validators=[required(), max_length(160)],
                        description=_l("Everyone who reads the plan sees this title."))
    # How many tasks and accepted offers the page showed: a warning the user did not see is shown first.
    cover_seen = WholeNumberField(widget=HiddenInput(), validators=[Optional()], default=0)


class TakingPartForm(FlaskForm):
    way = RadioField(_l("How do you want to take part?"), validators=[required(_l("Please choose one."))],
                     choices=choices((t.value, label) for t, label in TAKING_PART_LABELS.items()))
