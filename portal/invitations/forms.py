from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField

from portal.auth.forms import PasswordFields
from portal.forms import email_address, max_length, required


class JoinForm(FlaskForm, PasswordFields):
    name = StringField(_l("Your name"), validators=[required(), max_length(120)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail address"), validators=[required(), email_address(), max_length(254)],
                       render_kw={"autocomplete": "email"})


class ConfirmJoinForm(FlaskForm):
    """For someone who is logged in already: one button to join."""
