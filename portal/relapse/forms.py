"""Forms of the relapse plan. Choices that name people are filled in by the view, per family."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField

from portal.families.models import Person
from portal.forms import OnceForm, Optional, choices, max_length, required, whole_number
from portal.parts.forms import VisibilityChoice, visibility_field
from portal.relapse.labels import KIND_CHOICES
from portal.relapse.models import RelapseKind

NARROW_HELP = _l("For example, signs about a parent's drinking can stay between the family and the mentor.")


class RelapseEntryForm(VisibilityChoice, OnceForm):
    kind = RadioField(_l("What is this about?"), default=RelapseKind.WARNING_SIGN.value,
                      choices=choices((k.value, label) for k, label in KIND_CHOICES.items()))
    text = TextAreaField(_l("Write it down in plain words"), validators=[required(), max_length(4000)])
    visibility = visibility_field(NARROW_HELP)


class AlarmPairForm(VisibilityChoice, OnceForm):
    raiser = SelectField(_l("Who may raise the alarm?"), coerce=whole_number,
                         description=_l("Someone who notices when things go wrong again."))
    contact = SelectField(_l("With whom?"), coerce=whole_number,
                          description=_l("The person they tell about their worries."))
    note = StringField(_l("How or when (optional)"), validators=[Optional(), max_length(300)],
                       description=_l("For example: by phone, the same day."))
    visibility = visibility_field(NARROW_HELP)

    def __init__(self, *args, people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.people_by_id = {p.id: p for p in people}
        people_choices = choices(
            (p.id, f"{p.name} ({p.relation})" if p.relation else p.name) for p in people)
        self.raiser.choices = people_choices
        self.contact.choices = people_choices
