from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.widgets import HiddenInput

from portal.forms import (OnceForm, Optional, WholeNumberField, choices, max_length, required, required_when,
                          whole_number)
from portal.tasks.labels import CATEGORY_LABELS, RHYTHM_LABELS
from portal.tasks.models import Category, Rhythm

OPEN_FOR_ANYONE = 0
NO_AGREEMENT = 0


def _id_or_none(value) -> int:
    """A chosen id; no choice (a task without an agreement, or a form without the field) is 0."""
    return NO_AGREEMENT if value in (None, "") else whole_number(value)


class TaskForm(OnceForm):
    title = StringField(_l("What needs to be done?"), validators=[required(), max_length(160)],
                        description=_l("Short and concrete, for example: take Noor to football on Wednesday."))
    description = TextAreaField(_l("More about it (optional)"), validators=[Optional(), max_length(4000)])
    category = SelectField(_l("Kind of help"), choices=choices((c.value, label) for c, label in CATEGORY_LABELS.items()),
                           default=Category.PRACTICAL.value)
    rhythm = SelectField(_l("How often?"), choices=choices((r.value, label) for r, label in RHYTHM_LABELS.items()),
                         default=Rhythm.ONCE.value)
    due_date = DateField(_l("When?"),
                         validators=[required_when(lambda form: form.rhythm.data != Rhythm.ONCE.value,
                                                   _l("A task that repeats needs a first date.")), Optional()],
                         description=_l("For a task that repeats: the first time. It then comes back on the same weekday, or for a monthly task on the same day of the month."))
    offered_to = SelectField(_l("Who do you ask?"), coerce=whole_number, default=OPEN_FOR_ANYONE)
    agreement_id = SelectField(_l("Part of which agreement? (optional)"), coerce=_id_or_none,
                               default=NO_AGREEMENT)
    version = WholeNumberField(widget=HiddenInput(), validators=[Optional()])


class TaskActionForm(FlaskForm):
    """The small form behind every task button; `person_id` is who the action is for."""

    person_id = HiddenField()
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), max_length(500)])
    next = HiddenField()
