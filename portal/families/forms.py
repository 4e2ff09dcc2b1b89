from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, FieldList, Form, FormField, RadioField, SelectField, StringField

from portal.families.models import Role
from portal.forms import (OnceForm, Optional, PhoneField, choices, email_address, max_length, required,
                          required_when, whole_number)

ROLE_LABELS = {
    Role.FAMILY: _l("Family (parent or carer)"),
    Role.YOUTH: _l("Child or young person"),
    Role.MENTOR: _l("Mentor (JIM), chosen by a young person"),
    Role.NETWORK: _l("Network: family, friend, neighbour"),
    Role.PROFESSIONAL: _l("Professional (for example the district team)"),
}

INVITE_CHOICES = [
    ("none", _l("Not now")),
    ("email", _l("Send an invitation by e-mail")),
    ("link", _l("Make a link that I share myself (for example in a chat app)")),
]


class ChildForm(Form):
    """One child on the family form; a row left empty is skipped."""

    name = StringField(_l("First name"), validators=[Optional(), max_length(120)])
    date_of_birth = DateField(_l("Date of birth"), validators=[
        required_when(lambda row: bool(row.name.data), _l("Please fill in the date of birth.")), Optional()])


class FamilyForm(OnceForm):
    name = StringField(_l("Name of the family"), validators=[required(), max_length(120)],
                       description=_l("For example: Family De Vries, or Sandra and the kids."))
    your_relation = StringField(_l("Who are you in the family?"), validators=[required(), max_length(80)],
                                description=_l("For example: mother, father, grandmother, foster parent."))
    has_parental_authority = BooleanField(_l("I have parental authority over the children"), default=True)
    children = FieldList(FormField(ChildForm), min_entries=4, max_entries=12)


class InviteFields:
    invite_how = RadioField(_l("Invite this person to Kring?"), choices=choices(INVITE_CHOICES), default="none")
    email = EmailField(_l("E-mail address"), validators=[
        required_when(lambda form: form.invite_how.data == "email",
                      _l("Fill in an e-mail address to send the invitation to.")),
        Optional(), email_address(), max_length(254)],
        description=_l("Needed for an invitation by e-mail."))


class PersonForm(OnceForm, InviteFields):
    name = StringField(_l("Name"), validators=[required(), max_length(120)])
    relation = StringField(_l("Relation to the family"), validators=[required(), max_length(80)],
                           description=_l("In your own words: grandpa, aunt, neighbour, football coach."))
    role = SelectField(_l("Role in Kring"), choices=choices((r.value, label) for r, label in ROLE_LABELS.items()),
                       default=Role.NETWORK.value)
    phone = PhoneField(_l("Phone number"), validators=[Optional(), max_length(40)])
    date_of_birth = DateField(_l("Date of birth"), validators=[
        required_when(lambda form: form.role.data == Role.YOUTH.value,
                      _l("Please fill in the date of birth of the child.")), Optional()],
        description=_l("Only for a child or young person."))
    mentor_for = SelectField(_l("Mentor of"), coerce=whole_number, default=0,
                             description=_l("Only for a mentor: the young person who chose them."))
    has_parental_authority = BooleanField(_l("Has parental authority"))

    def limit_roles_to(self, roles: list[Role]) -> None:
        """Offer only the roles the user may give (see `portal.access.grantable_roles`)."""
        self.role.choices = choices((role.value, ROLE_LABELS[role]) for role in roles)


class InviteForm(FlaskForm, InviteFields):
    invite_how = RadioField(_l("How do you want to invite this person?"), choices=choices(INVITE_CHOICES[1:]), default="link")

CHILD = _l("Child")
ROLE_NAMES = {
    Role.FAMILY: _l("Family"),
    Role.YOUTH: _l("Young person"),
    Role.MENTOR: _l("Mentor"),
    Role.NETWORK: _l("Network"),
    Role.PROFESSIONAL: _l("Professional"),
}
