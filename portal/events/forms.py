"""Catalogue filters and the staff event form."""

import re
from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from portal.events.topics import DELIVERY_LANGUAGES, KINDS, TOPICS, choices
from portal.forms import GovDateField, RecipientTextForm, text_in_each_language
from portal.reference.services import local_authorities
from portal.validation import WholeNumberField, between, max_length, required
from portal.widgets import RadioInput, Select, SubmitInput, TextArea, TextInput

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("Type"), widget=Select(), validators=[Optional()])
    topic = SelectField(_l("Topic"), widget=Select(), validators=[Optional()])
    language = SelectField(_l("Language of delivery"), widget=Select(), validators=[Optional()])
    mode = SelectField(_l("Online or in person"), widget=Select(), validators=[Optional()])
    area = SelectField(
        _l("Area"),
        description=_l("For events in person. Online events are always shown."),
        widget=Select(),
        validators=[Optional()],
    )
    date_from = GovDateField(
        _l("From date"), validators=[Optional()], invalid_message=_l("From date must be a real date, like 27 3 2027")
    )
    submit = SubmitField(_l("Apply filters"), widget=SubmitInput())

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", str(_l("Any")))]
        self.kind.choices = anything + choices(KINDS)
        self.topic.choices = anything + choices(TOPICS)
        self.language.choices = anything + choices(DELIVERY_LANGUAGES)
        self.mode.choices = anything + [("online", str(_l("Online"))), ("in_person", str(_l("In person")))]
        self.area.choices = [("", str(_l("Anywhere in Wales")))] + list(areas)


def valid_time(form, field):
    if not TIME.match((field.data or "").strip()):
        raise ValidationError(_l("Enter a time like 10:00 or 14:30"))


class EventForm(FlaskForm):
    kind = RadioField(_l("Type of event"), widget=RadioInput(), validators=[required()])
    topic = SelectField(_l("Topic"), widget=Select(), validators=[required()])
    title_en = StringField(_l("Title in English"), widget=TextInput(), validators=[required(), max_length(200)])
    title_cy = StringField(_l("Title in Welsh"), widget=TextInput(), validators=[required(), max_length(200)])
    description_en = TextAreaField(_l("Description in English"), widget=TextArea(), validators=[required()])
    description_cy = TextAreaField(_l("Description in Welsh"), widget=TextArea(), validators=[required()])
    joining_details_en = TextAreaField(_l("Joining details in English (only booked attendees see these)"),
                                       widget=TextArea(), validators=[Optional()])
    joining_details_cy = TextAreaField(_l("Joining details in Welsh (only booked attendees see these)"),
                                       widget=TextArea(), validators=[Optional()])
    language = RadioField(_l("Language of delivery"), widget=RadioInput(), validators=[required()])
    mode = RadioField(_l("Online or in person"), widget=RadioInput(), validators=[required()])
    venue = StringField(_l("Venue (for events in person)"), widget=TextInput(),
                        validators=[max_length(300)])
    town = StringField(_l("Town (for events in person)"), widget=TextInput(), validators=[max_length(100)])
    local_authority_id = SelectField(_l("Local authority (for events in person)"),
                                     description=_l("Used by the catalogue's area filter."), widget=Select(),
                                     validate_choice=False)
    capacity = WholeNumberField(
        _l("Number of places"), widget=TextInput(),
        validators=[required(), between(1, 10000)])
    per_organisation_limit = WholeNumberField(
        _l("Most places one organisation may book"), widget=TextInput(),
        validators=[required(), between(1, 1000)])
    first_date = GovDateField(_l("Date of the first session"), validators=[required()])
    start_time = StringField(_l("Start time"), widget=TextInput(), validators=[required(), valid_time])
    end_time = StringField(_l("End time"), widget=TextInput(), validators=[required(), valid_time])
    session_count = WholeNumberField(
        _l("Number of weekly sessions (for a course)"), widget=TextInput(), default=1,
        validators=[required(), between(1, 20)])
    deadline_date = GovDateField(_l("Booking closes at the end of"), validators=[required()])
    submit = SubmitField(_l("Save event"), widget=SubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(KINDS)
        self.topic.choices = [("", str(_l("Choose a topic")))] + choices(TOPICS)
        self.language.choices = choices(DELIVERY_LANGUAGES)
        self.mode.choices = [("online", str(_l("Online"))), ("in_person", str(_l("In person")))]
        self.local_authority_id.choices = [("", str(_l("Select a local authority")))] + [
            (str(a.id), a.name) for a in local_authorities()
        ]

    def validate_town(self, field):
        if self.mode.data == "in_person" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the town of the venue"))

    def validate_local_authority_id(self, field):
        offered = {value for value, _label in self.local_authority_id.choices if value}
        if self.mode.data == "in_person" and field.data not in offered:
            raise ValidationError(_l("Select the local authority of the venue"))

    def validate_end_time(self, field):
        times_given = TIME.match(self.start_time.data or "") and TIME.match(field.data or "")
        if times_given and parse_time(field.data) <= parse_time(self.start_time.data):
            raise ValidationError(_l("The end time must be after the start time"))

    def validate_deadline_date(self, field):
        if field.data and self.first_date.data and field.data > self.first_date.data:
            raise ValidationError(_l("Booking must close on or before the date of the first session"))

    def validate_venue(self, field):
        if self.mode.data == "in_person" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the venue"))


def parse_time(text):
    match = TIME.match(text.strip())
    return time(int(match.group(1)), int(match.group(2)))


class ReasonForm(RecipientTextForm):
    text_field = "reason"
    reason_cy, reason_en = text_in_each_language(
        _l("Reason in Welsh (everyone affected is told this)"),
        _l("Reason in English (everyone affected is told this)"),
    )
    submit = SubmitField(_l("Cancel the event"), widget=SubmitInput())
    text_errors = {"cy": _l("Enter the reason in Welsh"), "en": _l("Enter the reason in English")}
