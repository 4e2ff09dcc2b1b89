from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from portal.auth.services import MIN_PASSWORD_LENGTH
from portal.forms import email_address, max_length, required


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[required(), email_address(), max_length(254)],
                       render_kw={"autocomplete": "email"})  # "username" is not allowed on type=email
    password = PasswordField(_l("Password"), validators=[required()],
                             render_kw={"autocomplete": "current-password"})


class CurrentPassword:
    """The account's password, asked again before a change that matters."""

    current_password = PasswordField(_l("Your current password"), validators=[required(), max_length(200)],
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


class NewPasswordForm(FlaskForm, PasswordFields):
    """Set a new password through a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.password.label.text = _("New password")
        self.password_again.label.text = _("New password again")


class ChangePasswordForm(NewPasswordForm, CurrentPassword):
    pass


class ConfirmWithPasswordForm(FlaskForm, CurrentPassword):
    pass


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[required(), email_address(), max_length(254)],
                       render_kw={"autocomplete": "email"})


class LoginCodeForm(FlaskForm):
    code = StringField(
        _l("Code"), validators=[required(), max_length(40)],
        description=_l("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"},
    )


class EnrolCodeForm(FlaskForm):
    code = StringField(
        _l("Code from the app"), validators=[required(), max_length(20)],
        description=_l("The 6 digits the app shows for Kring."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ButtonForm(FlaskForm):
    """A form that is only a button (and its CSRF token)."""


class ConfirmEmailForm(FlaskForm):
    """One button: the link is opened by a person, not by a mail program checking links."""


class SendConfirmationForm(FlaskForm):
    """One button: send the confirmation link again."""
