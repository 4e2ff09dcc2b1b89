"""Giving a professional permission to see parts of the plan, and commenting on a part."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.consent.labels import CONSENTABLE_PARTS, LEVEL_LABELS
from portal.consent.models import ConsentLevel
from portal.forms import OnceForm, Optional, choices, max_length, required, whole_number
from portal.parts.registry import PART_TITLES


class ConsentForm(OnceForm):
    """A new permission. The view fills in the professionals to choose from."""

    professional = SelectField(_l("Which professional?"), coerce=whole_number, validate_choice=True)
    parts = SelectMultipleField(
        _l("Which parts of the plan may they see?"),
        # A callable: the titles come from the part registry, filled when the app is made.
        choices=lambda: choices((part.value, PART_TITLES[part]) for part in CONSENTABLE_PARTS),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    level = RadioField(_l("What may they do?"), choices=choices((level.value, label)
                                                                for level, label in LEVEL_LABELS.items()),
                       default=ConsentLevel.READ.value)
    valid_from = DateField(_l("From"), validators=[required(_l("Please fill in the first day."))])
    valid_until = DateField(_l("Until"), validators=[required(_l("Please fill in the last day."))],
                            description=_l("The permission stops by itself after this day."))
    purpose = TextAreaField(_l("What for? (optional)"), validators=[Optional(), max_length(300)],
                            description=_l("For example: so that the district team can help us with the "
                                           "agreements about school."))

    def validate_parts(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one part of the plan."))

    def validate_valid_until(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_l("The last day comes before the first day."))


class CommentForm(OnceForm):
    """Shown on every part's page next to the page's own forms, so it is prefixed (see
    `portal.consent.comments.comment_form`). The app's CSRFProtect checks the token of every POST
    (the template sends it as `csrf_token`); a prefixed token field of its own would only differ in name."""

    class Meta:
        csrf = False

    text = TextAreaField(_l("Your comment"), validators=[required(), max_length(2000)])
