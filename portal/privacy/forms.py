from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, ValidationError

from portal.forms import max_length, required


def _comparable(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


class DeleteFamilyForm(FlaskForm):
    """Typing the family's name: a deliberate act, not a click that slipped."""

    family_name = StringField(_l("The name of the family"), validators=[required(), max_length(120)],
                              render_kw={"autocomplete": "off", "spellcheck": "false"})

    def __init__(self, expected_name: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name
        self.family_name.description = _("Type it as it is written here: %(name)s", name=expected_name)

    def validate_family_name(self, field) -> None:
        if _comparable(field.data) != _comparable(self.expected_name):
            raise ValidationError(_("This is not the name of the family. Type: %(name)s", name=self.expected_name))
