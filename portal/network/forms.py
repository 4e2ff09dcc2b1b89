"""Forms of the network map: what the map says of one person, a family tie in plain words, the
questions of the sociogram and who stands in which circle."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField, ValidationError

from portal.extensions import utcnow
from portal.families.models import Distance, Person, Shape
from portal.forms import OnceForm, Optional, PhoneField, choices, email_address, max_length, required, whole_number
from portal.network.labels import DISTANCE_LABELS, QUESTIONS, SHAPE_LABELS, TIE_WORDS, circle_names
from portal.network.models import CircleQuestion, TieKind
from portal.parts.forms import version_field

OLDEST_YEAR = 1880
NOT_PLACED = "0"


def year_from_age_or_year(text: str | None, this_year: int) -> int | None:
    """A year of birth from what was typed: a year (1950) or an age (72). None for nothing typed;
    ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        raise ValueError(text)
    number = int(text)
    if OLDEST_YEAR <= number <= this_year:
        return number
    if number <= 130:
        return this_year - number
    raise ValueError(text)


class PersonDetailsForm(FlaskForm):
    """What the map says of someone. `fit_to` drops the fields this member may not change."""

    name = StringField(_l("Name"), validators=[required(), max_length(120)])
    relation = StringField(_l("Relation to the family"), validators=[required(), max_length(80)],
                           description=_l("In your own words: grandpa, aunt, neighbour, football coach."))
    age_or_year = StringField(_l("Year of birth or age"), validators=[Optional(), max_length(4)],
                              description=_l("For example 1958, or 67. An estimate is fine."))
    gender = StringField(_l("Gender"), validators=[Optional(), max_length(40)],
                         description=_l("As they describe it themselves. You may leave this empty."))
    shape = RadioField(_l("Drawn on the family tree as"), default=Shape.NEUTRAL.value,
                       choices=choices((s.value, label) for s, label in SHAPE_LABELS.items()))
    lives = RadioField(_l("Where do they live?"), default="",
                       choices=choices([("", _l("We do not say"))]
                                       + [(d.value, label) for d, label in DISTANCE_LABELS.items()]))
    phone = PhoneField(_l("Phone number"), validators=[Optional(), max_length(40)])
    email = EmailField(_l("E-mail address"), validators=[Optional(), email_address(), max_length(254)])
    deceased = BooleanField(_l("Has died"), description=_l("They stay on the family tree, with a cross."))
    private_notes = TextAreaField(_l("Notes for the family and the mentor only"),
                                  validators=[Optional(), max_length(1000)],
                                  description=_l("For example: contact broken, or conflict with mum. "
                                                 "Others in the network never see this."))
    version = version_field()

    def fit_to(self, person: Person, contact_details: bool, notes: bool) -> None:
        if not contact_details:
            del self.name, self.phone, self.email
        if not notes:
            del self.private_notes
        if person.date_of_birth is not None:
            del self.age_or_year  # a child's date of birth says it already

    def show(self, person: Person) -> None:
        """Fill the form from `person` when it is first shown."""
        if self.is_submitted():
            return
        for name in ("name", "relation", "gender", "phone", "email", "deceased", "private_notes"):
            if name in self:
                self[name].data = getattr(person, name)
        self.shape.data = person.shape.value
        self.lives.data = person.lives.value if person.lives else ""
        if "age_or_year" in self:
            self.age_or_year.data = str(person.birth_year) if person.birth_year else ""
        self.version.data = person.version

    def validate_age_or_year(self, field):
        try:
            year_from_age_or_year(field.data, utcnow().year)
        except ValueError:
            raise ValidationError(_l("Please type a year of birth (like 1958) or an age (like 67).")) from None

    def birth_year(self) -> int | None:
        return year_from_age_or_year(self.age_or_year.data, utcnow().year)

    def chosen_lives(self) -> Distance | None:
        return Distance(self.lives.data) if self.lives.data else None


class TieForm(OnceForm):
    """"Kees is the father of Sandra": who, how, and of whom."""

    person = SelectField(_l("Who"), coerce=whole_number)
    kind = SelectField(_l("is"), choices=choices((k.value, words) for k, words in TIE_WORDS.items()))
    other = SelectField(_l("of whom"), coerce=whole_number)

    def offer(self, people: list[Person]) -> None:
        options = choices((p.id, p.name) for p in people)
        self.person.choices = options
        self.other.choices = list(options)

    def validate_other(self, field):
        if field.data == self.person.data:
            raise ValidationError(_l("Choose two different people."))

    def chosen_kind(self) -> TieKind:
        return TieKind(self.kind.data)


class QuestionForm(OnceForm):
    question = RadioField(_l("Which question do you want to answer together?"), validators=[required()])

    def offer(self, taken: set[CircleQuestion]) -> None:
        self.question.choices = choices((q.value, text) for q, (text, _circles) in QUESTIONS.items()
                                        if q not in taken)


def placement_form(question: CircleQuestion, people: list[Person], circles: dict[int, int]) -> FlaskForm:
    """One choice per person: circle 1, 2 or 3, or not placed (`circles` holds who is where now).
    The fields are named `person-<id>`; `chosen(form)` reads them back."""
    names = circle_names(question)
    options = choices([(str(i), name) for i, name in enumerate(names, start=1)]
                      + [(NOT_PLACED, _l("Not in a circle"))])

    class PlacementForm(FlaskForm):
        pass

    for person in people:
        setattr(PlacementForm, f"person-{person.id}",
                RadioField(person.name, choices=options, default=str(circles.get(person.id, NOT_PLACED))))
    return PlacementForm()


def chosen_circles(form: FlaskForm, people: list[Person]) -> dict[int, int | None]:
    """{person id: circle, or None for not placed} from a validated `placement_form`."""
    chosen = {}
    for person in people:
        value = form[f"person-{person.id}"].data
        chosen[person.id] = None if value == NOT_PLACED else int(value)
    return chosen
