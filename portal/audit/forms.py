"""The filters of the access-log page, sent with GET so that a filtered page has its own address."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import ValidationError

from portal.audit.queries import EVERYONE, GUESTS
from portal.forms import Optional, choices, whole_number


class LogFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    whose = SelectField(_l("Whose lines"), default=GUESTS, choices=choices([
        (GUESTS, _l("Professionals and others from outside")), (EVERYONE, _l("Everyone, the network too"))]))
    person = SelectField(_l("Person"), coerce=whole_number, default=0)
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("Until"), validators=[Optional()])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The last day comes before the first day."))
