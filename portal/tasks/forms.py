from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

from portal.forms import Optional, choices, max_length, required
from portal.tasks.labels import CATEGORY_LABELS, RHYTHM_LABELS
from portal.tasks.models import Category, Rhythm

OPEN_FOR_ANYONE = 0


class TaskForm(FlaskForm):
    title = StringField(_l("What needs to be done?"), validators=[required(), max_length(160)],
                        description=_l("Short and concrete, for example: take Noor to football on Wednesday."))
    description = TextAreaField(_l("More about it (optional)"), validators=[Optional(), max_length(4000)])
    category = SelectField(_l("Kind of help"), choices=choices((c.value, label) for c, label in CATEGORY_LABELS.items()),
                           default=Category.PRACTICAL.value)
    rhythm = SelectField(_l("How often?"), choices=choices((r.value, label) for r, label in RHYTHM_LABELS.items()),
                         default=Rhythm.ONCE.value)
    due_date = DateField(_l("When?"), validators=[Optional()],
                         description=_l("For a task that repeats: the first time. It then repeats on the same weekday."))
    offered_to = SelectField(_l("Who do you ask?"), coerce=int, default=OPEN_FOR_ANYONE)
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def validate_due_date(self, field):
        if self.rhythm.data != Rhythm.ONCE.value and not field.data:
            raise ValidationError(_l("A task that repeats needs a first date."))


class TaskActionForm(FlaskForm):
    """The small form behind every task button; `person_id` is who the action is for."""

    person_id = HiddenField()
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), max_length(500)])
    next = HiddenField()
