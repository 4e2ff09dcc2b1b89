from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from portal.forms import OnceForm, Optional, max_length, required
from portal.parts.forms import VisibilityChoice, visibility_field
from portal.scores.models import HIGHEST_SCORE, LOWEST_SCORE


def parse_score(raw: str | None) -> int | None:
    """The whole number from LOWEST_SCORE to HIGHEST_SCORE that `raw` holds, or None."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if LOWEST_SCORE <= value <= HIGHEST_SCORE else None


def a_score(form, field) -> None:
    """Refuse anything but a whole number from 0 to 10; the field keeps what was typed."""
    if parse_score(field.data) is None:
        raise ValidationError(_l("Please give a whole number from %(low)d to %(high)d.",
                                 low=LOWEST_SCORE, high=HIGHEST_SCORE))


class QuestionForm(VisibilityChoice, OnceForm):
    text = StringField(_l("The question"), validators=[required(), max_length(300)],
                       description=_l("A question that people answer with a number from 0 to 10. For example: "
                                      "how confident are you that these agreements keep everyone safe?"))
    visibility = visibility_field()


class AnswerForm(OnceForm):
    # Text, not a number input: a browser empties a number field it cannot read, and we keep what was typed.
    score = StringField(_l("Your score, from 0 to 10"), validators=[required(), a_score],
                        description=_l("0 means not at all, 10 means completely."),
                        render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 3})
    note = TextAreaField(_l("What would make it one point higher? (optional)"),
                         validators=[Optional(), max_length(500)])
