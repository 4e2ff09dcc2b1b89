from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import AnyOf

from portal.forms import OnceForm, max_length, required, whole_number
from portal.parts.forms import version_field
from portal.parts.models import Visibility


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


class ConditionVisibilityForm(FlaskForm):
    visibility = HiddenField(validators=[AnyOf([v.value for v in Visibility])])
