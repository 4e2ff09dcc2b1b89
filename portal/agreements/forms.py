from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from portal.agreements.services import AgreementText
from portal.forms import OnceForm, Optional, max_length, required
from portal.parts.forms import VisibilityChoice, version_field, visibility_field
from portal.parts.models import Visibility


class AgreementForm(VisibilityChoice, OnceForm):
    title = StringField(_l("What do we agree on?"), validators=[required(), max_length(160)],
                        description=_l("Short and concrete, for example: Noor is picked up from school every "
                                       "weekday."))
    description = TextAreaField(_l("More about it (optional)"), validators=[Optional(), max_length(4000)],
                                description=_l("Who, when, where, and what happens if it does not work out."))
    visibility = visibility_field()
    version = version_field()

    def agreement_text(self, current: Visibility = Visibility.NETWORK) -> AgreementText:
        """What the form says, with `current` as the visibility when the member may not choose."""
        return AgreementText(self.title.data, self.description.data or "", self.chosen_visibility(current))
