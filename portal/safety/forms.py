"""Forms of the safety plan. Choices that name people are filled in by the view, per family."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, ValidationError

from portal.families.models import Person
from portal.forms import OnceForm, Optional, PhoneField, choices, max_length, required, whole_number
from portal.parts.forms import VisibilityChoice, visibility_field
from portal.safety.labels import LINK_KIND_CHOICES
from portal.safety.models import LinkKind
from portal.safety.services import chain_problem, dials_emergency

SOMEONE_ELSE = 0    # a link or safe place that names nobody in the network
WHOLE_NETWORK = 0   # a situation that is not one youth's chain

MAX_LINKS = 8      # rows a chain can have
BLANK_ROWS = 2     # empty rows offered below a chain that is being changed


class LinkForm(Form):
    """One row of a chain; a row left empty is skipped."""

    person = SelectField(_l("Who?"), coerce=whole_number, default=SOMEONE_ELSE, validate_choice=False)
    name = StringField(_l("Name (if not in the list)"), validators=[Optional(), max_length(120)],
                       description=_l("For example: Veilig Thuis, or 112."))
    phone = PhoneField(_l("Phone number"), validators=[Optional(), max_length(40)],
                     description=_l("Leave empty to use the number that is already in Kring for this person."))
    note = StringField(_l("When or how (optional)"), validators=[Optional(), max_length(200)],
                       description=_l("For example: only in an emergency, or: during the day."))
    kind = SelectField(_l("What kind of number is this?"), choices=choices((k.value, label) for k, label in LINK_KIND_CHOICES.items()),
                       default=LinkKind.NETWORK.value)

    @property
    def is_empty(self) -> bool:
        return not (self.person.data or (self.name.data or "").strip() or (self.phone.data or "").strip())

    @property
    def link_kind(self) -> LinkKind | None:
        """The kind chosen; 112 is the emergency number whatever was chosen (nobody need say so)."""
        if dials_emergency(self.phone.data or "", self.name.data or ""):
            return LinkKind.EMERGENCY
        return LinkKind(self.kind.data) if self.kind.data in set(LinkKind) else None


class SituationForm(VisibilityChoice, OnceForm):
    title = StringField(_l("When is this chain used?"), validators=[required(), max_length(200)],
                        description=_l("In your own words, for example: when it is not safe at home for mum, "
                                       "or: when Sam does not feel safe."))
    for_youth = SelectField(_l("Whose chain is this?"), coerce=whole_number, default=WHOLE_NETWORK,
                            description=_l("A chain for one child shows on that child's own page."))
    visibility = visibility_field(_l(
        "A chain for the whole network is seen by everyone in the network. A child's chain is seen by that "
        "child and by the people in it. \"Only the family and the mentor\" hides the chain from everyone else, "
        "also from the people in it. A child always sees their own chain."))
    links = FieldList(FormField(LinkForm), min_entries=4, max_entries=MAX_LINKS)

    def __init__(self, *args, people: list[Person], youths: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.people_by_id = {p.id: p for p in people}
        self.for_youth.choices = choices([(WHOLE_NETWORK, _l("The whole network"))] + [
            (y.id, _("%(name)s (only their chain)", name=y.name)) for y in youths])
        self._person_choices = choices([(SOMEONE_ELSE, _l("Someone else: type the name"))] + [
            (p.id, f"{p.name} ({p.relation})" if p.relation else p.name) for p in people])
        for row in self.links:
            row.form.person.choices = self._person_choices

    def offer_blank_rows(self) -> None:
        """Below a chain being changed, a few empty rows to add someone (within `MAX_LINKS`)."""
        wanted = min(len(self.filled_rows()) + BLANK_ROWS, MAX_LINKS)
        while len(self.links) < wanted:
            self.links.append_entry().form.person.choices = self._person_choices

    def filled_rows(self) -> list[LinkForm]:
        return [row.form for row in self.links if not row.form.is_empty]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        rows = self.filled_rows()
        for row in rows:
            person = self.people_by_id.get(row.person.data)
            if row.person.data and person is None:
                row.person.errors.append(_l("Choose someone from the list."))
                valid = False
            elif person is None and not (row.name.data or "").strip():
                row.name.errors.append(_l("Fill in a name, or choose someone from the list."))
                valid = False
            if not (row.phone.data or "").strip() and not (person is not None and person.phone):
                row.phone.errors.append(_l("Fill in a phone number to call."))
                valid = False
        problem = chain_problem([row.link_kind for row in rows if row.link_kind is not None])
        if problem is not None:
            target = rows[-1].kind if rows else self.links[0].form.name
            target.errors.append(problem)
            valid = False
        return valid


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class BriefingForm(VisibilityChoice, FlaskForm):
    told_by = StringField(_l("Who tells the children about the safety agreements?"),
                          validators=[required(), max_length(200)],
                          description=_l("For example: Sandra, together with Jeroen."))
    why = TextAreaField(_l("What do they tell them about why these agreements were made?"),
                        validators=[Optional(), max_length(4000)])
    visibility = visibility_field(_l("The whole network: everyone who reads the safety plan, the children too."))


class SafePlaceForm(VisibilityChoice, OnceForm):
    youth = SelectField(_l("For which child?"), coerce=whole_number)
    description = TextAreaField(_l("Where or to whom can this child go when they do not feel safe?"),
                                validators=[required(), max_length(500)],
                                description=_l("For example: to Ria, two doors down. She always has a bed ready."))
    person = SelectField(_l("Is this someone in the network?"), coerce=whole_number, default=SOMEONE_ELSE,
                         validate_choice=False)
    phone = PhoneField(_l("Phone number (optional)"), validators=[Optional(), max_length(40)],
                     description=_l("Leave empty to use the number that is already in Kring for this person."))
    visibility = visibility_field(_l("The child always sees their own safe places, and so does the person named "
                                     "here. \"Only the family and the mentor\" hides it from that person."))

    def __init__(self, *args, people: list[Person], youths: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.people_by_id = {p.id: p for p in people}
        self.youth.choices = choices((y.id, y.name) for y in youths)
        self.person.choices = choices([(SOMEONE_ELSE, _l("No, or not in Kring"))] + [
            (p.id, f"{p.name} ({p.relation})" if p.relation else p.name) for p in people])

    def validate_person(self, field):
        if field.data and field.data not in self.people_by_id:
            raise ValidationError(_l("Choose someone from the list."))
