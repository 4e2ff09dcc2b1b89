from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import AnyOf, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import OnceForm, Optional, max_length, required, whole_number
from portal.meetings.labels import REPLY_CHOICES
from portal.parts.forms import VisibilityChoice, version_field, visibility_field


class MeetingForm(VisibilityChoice, OnceForm):
    """The preparation of a meeting, with its day and place."""

    title = StringField(_l("What do you call this meeting?"), validators=[required(), max_length(160)],
                        default=_l("Network meeting"),
                        description=_l("For example: network meeting, family evening, or coffee at grandpa's."))
    meeting_date = DateField(_l("Date"), validators=[required(_l("Please fill in the date."))])
    start_time = TimeField(_l("Time (optional)"), validators=[Optional()],
                           description=_l("Leave empty if the time is not known yet."))
    place = StringField(_l("Place"), validators=[Optional(), max_length(200)],
                        description=_l("For example: at Sandra's home, or the community centre."))
    goal = TextAreaField(_l("What do you hope to reach?"), validators=[Optional(), max_length(4000)],
                         description=_l("The goal of this meeting, in your own words."))
    agenda = TextAreaField(_l("Agenda"), validators=[Optional(), max_length(4000)],
                           description=_l("One item per line, in the order you will talk about them."))
    ground_rules = TextAreaField(_l("Ground rules"), validators=[Optional(), max_length(4000)],
                                 description=_l("What you agree on beforehand, for example: everyone may finish "
                                                "what they say; what is said here stays here."))
    shared_concerns = TextAreaField(
        _l("Which concerns and strengths will you share, and how?"), validators=[Optional(), max_length(4000)],
        description=_l("For example: first what goes well, then the worries about the evenings."))
    entries_to_share = SelectMultipleField(
        _l("Concerns and strengths from the plan to share"), coerce=whole_number, widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(), validators=[Optional()])
    visibility = visibility_field(_l("A meeting for the family and the mentor only can be a talk to prepare "
                                     "the big meeting. Only people who can see a meeting can be invited."))
    version = version_field()


class InviteForm(FlaskForm):
    people = SelectMultipleField(_l("Who do you invite?"), coerce=whole_number, widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput())

    def validate_people(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one person to invite."))


class ReplyForm(FlaskForm):
    """The answer to an invitation: the button pressed gives `answer`."""

    answer = StringField(_l("Your answer"), validators=[
        required(_l("Please choose: coming, not coming or maybe.")),
        AnyOf([value for value, _label in REPLY_CHOICES], message=_l("Please choose: coming, not coming or maybe.")),
    ])
    note = StringField(_l("Something to add? (optional)"), validators=[Optional(), max_length(300)],
                       description=_l("For example: I will be a bit later."))


class NotesForm(FlaskForm):
    notes = TextAreaField(_l("Notes of the meeting"), validators=[required(), max_length(20000)],
                          description=_l("What was said, what was decided, and what stays open."))
    version = version_field()
