from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

from portal.forms import (OnceForm, Optional, WholeNumberField, choices, max_length, required, required_when,
                          whole_number)
from portal.tasks.labels import CATEGORY_LABELS, RHYTHM_LABELS
from portal.tasks.models import WEEKDAY_RHYTHMS, Category, Rhythm

OPEN_FOR_ANYONE = 0
NO_AGREEMENT = 0
NO_FIXED_DAY = ""
REPEATING = {r.value for r in Rhythm} - {Rhythm.ONCE.value, Rhythm.ON_CALL.value}
WEEKLY = {r.value for r in WEEKDAY_RHYTHMS}


def _weekday_value(value) -> str:
    """A day as the select holds it: "0" to "6", or "" for no fixed day (also what a task without a
    day, or a form from before the field, gives)."""
    return NO_FIXED_DAY if value in (None, NO_FIXED_DAY) else str(value)


def weekday_choices() -> list:
    """The days of the week in the reader's language, Monday (0) first."""
    names = get_day_names("wide", locale=get_locale())
    return choices([(NO_FIXED_DAY, _l("No fixed day"))] + [(str(day), names[day].capitalize()) for day in range(7)])


def _needs_a_first_date(form) -> bool:
    """A monthly task needs its first date; a weekly one its first date or its day."""
    rhythm = form.rhythm.data
    return rhythm in REPEATING and not (rhythm in WEEKLY and form.weekday.data not in (None, NO_FIXED_DAY))


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
    weekday = SelectField(_l("On which day of the week?"), default=NO_FIXED_DAY, coerce=_weekday_value,
                          description=_l("Only for a task every week or every two weeks."))
    due_date = DateField(_l("When?"),
                         validators=[required_when(_needs_a_first_date,
                                                   _l("A task that repeats needs a first date.")), Optional()],
                         description=_l("For a task that repeats: the first time. A weekly task then comes back on its day of the week, a monthly task on the same day of the month."))
    time_of_day = TimeField(_l("At what time? (optional)"), validators=[Optional()],
                            description=_l("For example 17:00. Leave it empty when any time that day is fine."))
    offered_to = SelectField(_l("Who do you ask?"), coerce=whole_number, default=OPEN_FOR_ANYONE)
    agreement_id = SelectField(_l("Part of which agreement? (optional)"), coerce=_id_or_none,
                               default=NO_AGREEMENT)
    version = WholeNumberField(widget=HiddenInput(), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = weekday_choices()
        if self.weekday.data is None:   # a task without a day, or a form from before the field
            self.weekday.data = NO_FIXED_DAY

    def validate_weekday(self, field) -> None:
        if field.data not in (None, NO_FIXED_DAY) and self.rhythm.data not in WEEKLY:
            raise ValidationError(_l("Only a task every week or every two weeks has a fixed day. "
                                     "Choose \"No fixed day\", or change how often."))

    def validate_due_date(self, field) -> None:
        if field.data is not None and self.rhythm.data == Rhythm.ON_CALL.value:
            raise ValidationError(_l("A task for when it is needed has no date. Leave the date empty."))

    def validate_time_of_day(self, field) -> None:
        if field.data is not None and self.rhythm.data == Rhythm.ON_CALL.value:
            raise ValidationError(_l("A task for when it is needed has no time. Leave the time empty."))

    def chosen_weekday(self) -> int | None:
        """The chosen day (0 is Monday), or None for no fixed day."""
        return None if self.weekday.data in (None, NO_FIXED_DAY) else int(self.weekday.data)


class TaskActionForm(FlaskForm):
    """The small form behind every task button; `person_id` is who the action is for."""

    person_id = HiddenField()
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), max_length(500)])
    next = HiddenField()
