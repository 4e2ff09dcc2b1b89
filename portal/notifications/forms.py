from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from portal.forms import choices
from portal.notifications.models import Delivery
from portal.notifications.rules import RULES, Kind

DELIVERY_CHOICES = [
    (Delivery.NOW.value, _l("Right away")),
    (Delivery.DIGEST.value, _l("In the weekly overview")),
    (Delivery.OFF.value, _l("Not at all")),
]


def preferences_form(kinds: list[Kind], current: dict[Kind, str], **kwargs) -> FlaskForm:
    """One choice per kind the person can receive; the digest itself is on or off."""

    class PreferencesForm(FlaskForm):
        pass

    for kind in kinds:
        pairs = DELIVERY_CHOICES if RULES[kind].digest_possible else [DELIVERY_CHOICES[0], DELIVERY_CHOICES[2]]
        setattr(PreferencesForm, kind.value, RadioField(RULES[kind].label, choices=choices(pairs),
                                                        default=current[kind]))
    return PreferencesForm(**kwargs)
