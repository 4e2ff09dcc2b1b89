from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField

from portal.forms import OnceForm, max_length, required, whole_number
from portal.parts.forms import VisibilityButtonForm, version_field


class ConditionForm(OnceForm):
    text = TextAreaField(_l("What must the plan take care of?"), validators=[required(), max_length(2000)],
                         description=_l("One condition, in plain words. For example: someone the family "
                                        "trusts cares for Noor on two days a week."))
    version = version_field()


class CommentForm(OnceForm):
    text = TextAreaField(_l("Your comment"), validators=[required(), max_length(2000)])


class LinkAgreementForm(FlaskForm):
    agreement_id = SelectField(_l("Which agreement helps meet this condition?"), coerce=whole_number,
                               validate_choice=True)


class ConditionVisibilityForm(VisibilityButtonForm):
    """One button on a condition: show it to the whole network, or only to the family and the mentor."""
