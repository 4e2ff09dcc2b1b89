from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from portal.forms import OnceForm, max_length, required
from portal.parts.forms import VisibilityButtonForm, VisibilityChoice, visibility_field


class LogEntryForm(VisibilityChoice, OnceForm):
    text = TextAreaField(_l("What happened?"), validators=[required(), max_length(1000)],
                         description=_l("A few words are enough. For example: took the kids to school, all fine."))
    visibility = visibility_field(_l("For example, something about how a parent is doing can stay between the "
                                     "family and the mentor."))


class EntryVisibilityForm(VisibilityButtonForm):
    """One button under an entry: show it to the whole network, or only to the family and the mentor."""
