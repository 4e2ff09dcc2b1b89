from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from portal.auth.services import MIN_PASSWORD_LENGTH
from portal.forms import email_address, max_length, required


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[required(), email_address(), max_length(254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[required()],
                             render_kw={"autocomplete": "current-password"})


class PasswordFields:
    """A new password, typed twice."""

    password = PasswordField(
        _l("Password"),
        validators=[
            required(),
            Length(min=MIN_PASSWORD_LENGTH, max=200,
                   message=_l("Choose a password of at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)),
        ],
        description=_l("At least %(min)d characters. A short sentence is easy to remember.",
                       min=MIN_PASSWORD_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[required(), EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(FlaskForm, PasswordFields):
    name = StringField(_l("Your name"), validators=[required(), max_length(120)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail address"), validators=[required(), email_address(), max_length(254)],
                       render_kw={"autocomplete": "email"})
