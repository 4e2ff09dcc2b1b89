from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from portal.forms import OnceForm, Optional, max_length, required
from portal.parts.forms import version_field, visibility_field


class AgreementForm(OnceForm):
    title = StringField(_l("What do we agree on?"), validators=[required(), max_length(160)],
                        description=_l("Short and concrete, for example: Noor is picked up from school every "
                                       "weekday."))
    description = TextAreaField(_l("More about it (optional)"), validators=[Optional(), max_length(4000)],
                                description=_l("Who, when, where, and what happens if it does not work out."))
    visibility = visibility_field()
    version = version_field()
